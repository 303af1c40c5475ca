package io.tenet.shim.bgp;

import io.tenet.shim.host.Exec;
import io.tenet.shim.host.Ovs;
import io.tenet.shim.node.NodeInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * br-phy's part in routing through the fabric (docs/bgp.md). br-phy switches by NORMAL for the host and for VLAN
 * networks; on a host that speaks BGP three kinds of flows, under their own cookie, sit above it: a packet for one
 * of the host's own addresses goes on by NORMAL (the host, the VXLAN tunnel), any other IPv4 packet the fabric sends
 * to the host's MAC is one routed to a container and goes to br-int, and what br-int routes out with the host's MAC
 * as source leaves by the uplink directly (NORMAL would learn the host's MAC on the patch port).
 */
final class FabricSteering {
    static final String COOKIE = "0x7e0b000000000000";
    private final String uplink;
    private final String mac;
    private final List<String> addresses;

    private FabricSteering(String uplink, String mac, List<String> addresses) {
        this.uplink = uplink;
        this.mac = mac;
        this.addresses = addresses;
    }

    /** What br-phy holds now: its uplink port, its MAC and its addresses. */
    static FabricSteering read() throws IOException {
        String uplink = null;
        for (String port : Ovs.vsctl("list-ports", NodeInit.PHYS_BRIDGE).split("\\s+")) {
            if (!port.isBlank() && !port.equals(NodeInit.PHYS_PATCH)) {
                uplink = port;
            }
        }
        if (uplink == null) {
            throw new IOException(NodeInit.PHYS_BRIDGE + " has no uplink: run tenet-node init with --uplink");
        }
        String mac = Files.readString(Path.of("/sys/class/net", NodeInit.PHYS_BRIDGE, "address")).strip();
        List<String> addresses = new ArrayList<>();
        for (String word : Exec.check("ip", "-o", "-4", "addr", "show", "dev", NodeInit.PHYS_BRIDGE).split("\\s+")) {
            int slash = word.indexOf('/');
            if (slash > 0 && Character.isDigit(word.charAt(0)) && word.indexOf('.') > 0) {
                addresses.add(word.substring(0, slash));
            }
        }
        return new FabricSteering(uplink, mac, List.copyOf(addresses));
    }

    String mac() {
        return mac;
    }

    /** Puts the flows in place (replacing earlier ones of Tenet's cookie, never another owner's). */
    void install() {
        remove();
        List<String> flows = new ArrayList<>();
        for (String a : addresses) {
            flows.add("cookie=" + COOKIE + ",priority=20,ip,in_port=" + uplink + ",dl_dst=" + mac + ",nw_dst=" + a
                    + ",actions=NORMAL");
        }
        flows.add("cookie=" + COOKIE + ",priority=10,ip,in_port=" + uplink + ",dl_dst=" + mac + ",actions=output:"
                + NodeInit.PHYS_PATCH);
        flows.add("cookie=" + COOKIE + ",priority=10,in_port=" + NodeInit.PHYS_PATCH + ",dl_src=" + mac
                + ",actions=output:" + uplink);
        Exec.check(List.of("ovs-ofctl", "add-flows", NodeInit.PHYS_BRIDGE, "-"), String.join("\n", flows) + "\n");
    }

    /** Takes Tenet's steering flows off br-phy. */
    static void remove() {
        Exec.run(List.of("ovs-ofctl", "del-flows", NodeInit.PHYS_BRIDGE, "cookie=" + COOKIE + "/-1"), null);
    }
}
