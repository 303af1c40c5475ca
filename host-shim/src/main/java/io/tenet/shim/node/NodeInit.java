package io.tenet.shim.node;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.shim.dns.NodeDns;
import io.tenet.shim.host.Exec;
import io.tenet.shim.host.Links;
import io.tenet.shim.host.Ovs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a host: br-int in secure fail mode speaking OpenFlow 1.3/1.4 to the controller with a short reconnect
 * backoff, a stable datapath id derived from the node name, the flow-based VXLAN port, and (for the userspace
 * datapath) br-phy holding the uplink and the tunnel address, and the node DNS port ({@link NodeDns}). Then
 * registers the node with the controller.
 * Idempotent: running it again converges to the same state.
 */
public final class NodeInit {
    private static final Logger log = LoggerFactory.getLogger(NodeInit.class);
    public static final String BRIDGE = "br-int";
    public static final String PHYS_BRIDGE = "br-phy";
    /** br-int's end of the patch pair to br-phy; the controller knows it by this name. */
    public static final String UPLINK_PATCH = "tenet-phy0";
    /** br-phy's end of the patch pair. */
    public static final String PHYS_PATCH = "tenet-int0";
    public static final String TUNNEL_PORT = "tenet-tun0";

    /** What to set up. {@code datapath} is system, netdev or auto; {@code uplink} may be null. */
    public record Settings(String name, String controller, String api, String tunnelIp, String datapath,
            String uplink) {
    }

    private NodeInit() {
    }

    public static NodeState run(Settings s) throws IOException {
        ControllerClient.addresses(s.api()); // refuses a malformed --api before anything on the host changes
        List<String> targets = controllers(s.controller());
        String datapath = chooseDatapath(s.datapath());
        String dpid = datapathId(s.name());
        List<List<String>> tx = new ArrayList<>();
        tx.add(List.of("--may-exist", "add-br", BRIDGE));
        tx.add(List.of("set", "bridge", BRIDGE, "datapath_type=" + datapath, "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=" + dpid,
                "other-config:disable-in-band=true"));
        // One Controller record per target, each with a short reconnect back-off; a switch connects to all of them.
        tx.add(List.of("clear", "bridge", BRIDGE, "controller"));
        List<String> add = new ArrayList<>(List.of("add", "bridge", BRIDGE, "controller"));
        for (int i = 0; i < targets.size(); i++) {
            tx.add(List.of("--id=@c" + i, "create", "controller", "target=\"" + targets.get(i) + "\"",
                    "max_backoff=1000", "inactivity_probe=5000"));
            add.add("@c" + i);
        }
        tx.add(add);
        tx.add(List.of("--may-exist", "add-port", BRIDGE, TUNNEL_PORT));
        tx.add(List.of("set", "interface", TUNNEL_PORT, "type=vxlan", "options:remote_ip=flow", "options:key=flow",
                "options:local_ip=" + s.tunnelIp(), "options:tos=inherit"));
        Ovs.vsctl(tx);
        if (s.uplink() != null && !s.uplink().isEmpty()) {
            attachUplink(s.uplink(), s.tunnelIp(), datapath);
        }
        NodeDns.plumb(BRIDGE);
        HostAccess.plumb();
        NodeState state = new NodeState(s.name(), s.api(), datapath, BRIDGE, true, underlayMtu(s.tunnelIp()));
        register(s, dpid);
        state.save();
        log.info("Node {} ready: {} ({} datapath, dpid {}), tunnel from {}, controller {}", s.name(), BRIDGE, datapath,
                dpid, s.tunnelIp(), s.controller());
        return state;
    }

    /** The OpenFlow controllers of {@code --controller}: one target or several, comma-separated. */
    static List<String> controllers(String list) {
        List<String> out = new ArrayList<>();
        for (String t : list.split(",", -1)) {
            String target = t.strip();
            if (!target.matches("(tcp|ssl):[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}")) {
                throw new IllegalArgumentException("--controller entry '" + target + "' is not tcp:HOST:PORT or"
                        + " ssl:HOST:PORT");
            }
            out.add(target);
        }
        return out;
    }

    /** The userspace datapath wherever the kernel has no openvswitch module, unless the operator chose. */
    static String chooseDatapath(String requested) {
        if (requested != null && !requested.equals("auto")) {
            if (!requested.equals("system") && !requested.equals("netdev")) {
                throw new IllegalArgumentException("--datapath must be system, netdev or auto, not " + requested);
            }
            return requested;
        }
        return Files.exists(Path.of("/sys/module/openvswitch")) ? "system" : "netdev";
    }

    /** A stable datapath id: 0x7e0e followed by 48 bits of the node name's SHA-256. */
    static String datapathId(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long low = 0;
            for (int i = 0; i < 6; i++) {
                low = low << 8 | (d[i] & 0xff);
            }
            return String.format("%016x", 0x7e0eL << 48 | low);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * With the userspace datapath, tunnel packets leave through an OVS bridge: the uplink joins br-phy and the
     * tunnel address moves from the uplink to br-phy's internal port. A patch pair joins br-int to br-phy for the
     * VLAN networks, whose frames leave on the uplink with their 802.1Q tag.
     */
    private static void attachUplink(String uplink, String tunnelIp, String datapath) throws IOException {
        if (!Links.exists(uplink)) {
            throw new IllegalArgumentException("--uplink " + uplink + " does not exist on this host");
        }
        String addrs = Exec.check("ip", "-o", "-4", "addr", "show", "dev", uplink);
        String cidr = null;
        for (String word : addrs.split("\\s+")) {
            if (word.startsWith(tunnelIp + "/")) {
                cidr = word;
            }
        }
        Ovs.vsctl(List.of(
                List.of("--may-exist", "add-br", PHYS_BRIDGE),
                List.of("set", "bridge", PHYS_BRIDGE, "datapath_type=" + datapath),
                List.of("--may-exist", "add-port", PHYS_BRIDGE, uplink),
                // VLAN networks: br-int's patch port carries their tagged frames to br-phy, whose NORMAL
                // switching sends them out of the uplink (a trunk) and brings the fabric's back.
                List.of("--may-exist", "add-port", BRIDGE, UPLINK_PATCH),
                List.of("set", "interface", UPLINK_PATCH, "type=patch", "options:peer=" + PHYS_PATCH),
                List.of("--may-exist", "add-port", PHYS_BRIDGE, PHYS_PATCH),
                List.of("set", "interface", PHYS_PATCH, "type=patch", "options:peer=" + UPLINK_PATCH)));
        Exec.check("ip", "link", "set", PHYS_BRIDGE, "up");
        if (cidr != null) {
            String mtu = Files.readString(Path.of("/sys/class/net", uplink, "mtu")).strip();
            Exec.check("ip", "addr", "del", cidr, "dev", uplink);
            Exec.check("ip", "link", "set", PHYS_BRIDGE, "mtu", mtu);
            Exec.check("ip", "addr", "replace", cidr, "dev", PHYS_BRIDGE);
        } else if (!Exec.check("ip", "-o", "-4", "addr", "show", "dev", PHYS_BRIDGE).contains(" " + tunnelIp + "/")) {
            throw new IllegalArgumentException("tunnel address " + tunnelIp + " is on neither " + uplink + " nor "
                    + PHYS_BRIDGE);
        }
    }

    /**
     * The MTU of the interface that holds the tunnel address (br-phy's internal port once the uplink is on it):
     * what packets between hosts may carry, from which containers' MTUs are derived. 0 when no interface holds it.
     */
    static int underlayMtu(String tunnelIp) throws IOException {
        for (String line : Exec.check("ip", "-o", "-4", "addr", "show").split("\n")) {
            String[] w = line.trim().split("\\s+");
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i].equals("inet") && w[i + 1].startsWith(tunnelIp + "/")) {
                    String dev = w[1].endsWith(":") ? w[1].substring(0, w[1].length() - 1) : w[1];
                    return Integer.parseInt(Files.readString(Path.of("/sys/class/net", dev.split("@")[0], "mtu")).strip());
                }
            }
        }
        return 0;
    }

    private static void register(Settings s, String dpid) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("nodeName", s.name());
        body.put("tunnelIp", s.tunnelIp());
        body.put("datapathId", dpid);
        ControllerClient.Response r = new ControllerClient(s.api()).post("/api/v1/nodes/" + s.name() + "/", body);
        if (!r.ok()) {
            throw new IOException("the controller refused to register node " + s.name() + ": " + r.error());
        }
    }
}
