package io.tenet.shim.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.shim.dns.NodeDns;
import io.tenet.shim.host.Exec;
import io.tenet.shim.host.Links;
import io.tenet.shim.host.Ovs;
import io.tenet.shim.node.ControllerClient;
import io.tenet.shim.node.HostAccess;
import io.tenet.shim.node.NodeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNI plugin's work, per spec 1.1.0: ADD, DEL, CHECK, VERSION, and GC and STATUS ({@link CniUpkeep}). ADD
 * asks the controller for an address, creates a veth pair, moves one end into the container and configures it,
 * and attaches the other end to br-int.
 * Any failure undoes what this invocation made (veth, port, address) before it reports the error. DEL is
 * idempotent and needs no namespace: the host end's name derives from the endpoint id.
 */
public final class CniPlugin {
    public static final List<String> SUPPORTED_VERSIONS = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CniPlugin.class);
    private final NodeState node;

    public CniPlugin(NodeState node) {
        this.node = node;
    }

    /** Runs one invocation; returns what to print on stdout (possibly empty). */
    public String run(CniRequest r) throws CniException {
        if (!r.command().equals("VERSION") && !SUPPORTED_VERSIONS.contains(r.cniVersion())) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "CNI version " + r.cniVersion()
                    + " is not supported", "supported: " + SUPPORTED_VERSIONS);
        }
        return switch (r.command()) {
            case "ADD" -> add(r);
            case "DEL" -> del(r);
            case "CHECK" -> check(r);
            case "GC" -> new CniUpkeep(node, client(r)).gc(r);
            case "STATUS" -> new CniUpkeep(node, client(r)).status();
            case "VERSION" -> version();
            default -> throw new CniException(CniException.INVALID_ENVIRONMENT, "CNI_COMMAND '" + r.command()
                    + "' is not one of " + CniRequest.COMMANDS);
        };
    }

    static String version() {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", "1.1.0");
        ArrayNode v = o.putArray("supportedVersions");
        SUPPORTED_VERSIONS.forEach(v::add);
        return o.toString();
    }

    private ControllerClient client(CniRequest r) throws CniException {
        String api = r.setting("api", null, false);
        try {
            return new ControllerClient(api.isEmpty() ? node.api() : api);
        } catch (IllegalArgumentException e) {
            throw new CniException(CniException.INVALID_CONFIG, "netconf field 'api': " + e.getMessage(),
                    "one controller's address or several, comma-separated: http://a:9999,http://b:9999");
        }
    }

    private static String path(String endpointId) {
        return "/api/v1/endpoints/" + endpointId + "/";
    }

    private String add(CniRequest r) throws CniException {
        String tenant = r.setting("tenant", "TENET_TENANT", true);
        String network = r.setting("network", "TENET_NETWORK", true);
        String group = r.setting("endpointGroup", "TENET_GROUP", false);
        int mtu = r.mtu();
        Map<String, String> wanted = r.labels();
        List<HostAccess.PortMapping> published = r.portMappings();
        if (!Files.exists(Path.of(r.netns()))) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "network namespace " + r.netns()
                    + " does not exist");
        }
        ControllerClient client = client(r);
        String id = r.endpointId();
        String hostIf = HostEnd.name(id);

        ObjectNode req = JSON.createObjectNode();
        req.put("tenantName", tenant);
        req.put("networkName", network);
        req.put("endpointGroup", group);
        req.put("homingHost", node.name());
        req.put("intfName", hostIf);
        req.put("containerID", r.containerId());
        ObjectNode attrs = req.putObject("attributes");
        r.args().forEach((k, v) -> {
            if (k.startsWith("K8S_POD_")) {
                attrs.put(k, v);
            }
        });
        attrs.put("CNI_IFNAME", r.ifName());
        if (!r.networkName().isEmpty()) {
            // GC removes only what this network configuration made: endpoints and ports say which.
            attrs.put(CniUpkeep.NETWORK_ATTRIBUTE, r.networkName());
        }
        // Labels make the endpoint a provider of the services that select them, and every host then sends it
        // connections at once: they are written only once its interface exists and is attached (below). A new
        // endpoint is created without labels; a repeated ADD keeps what it has until then.
        long t0 = System.nanoTime();
        ControllerClient.Response resp = call(() -> client.post(path(id), req));
        long t1 = System.nanoTime();
        if (!resp.ok()) {
            throw new CniException(CniException.CONTROLLER_REFUSED, "the controller refused endpoint " + id + ": "
                    + resp.error(), "tenant " + tenant + ", network " + network);
        }
        boolean created = resp.status() == 201;
        JsonNode ep = resp.body();
        String ip = ep.path("ipAddress").path(0).asText();
        String mac = ep.path("macAddress").asText();
        String subnet = ep.path("subnet").asText();
        String gateway = ep.path("gateway").asText("");
        String cidr = ip + subnet.substring(subnet.indexOf('/'));
        mtu = containerMtu(node.underlayMtu(), ep.path("encap").asText(""), ep.path("mtu").asInt(0), mtu);
        try {
            plumb(r, hostIf, mac, cidr, gateway, mtu, id, tenant, !wanted.isEmpty() || !published.isEmpty());
        } catch (RuntimeException e) {
            abandon(client, hostIf, id, created);
            throw new CniException(CniException.HOST_SETUP_FAILED, "setting up the container interface failed: "
                    + e.getMessage(), "nothing was left behind on this host");
        }
        if (!published.isEmpty()) {
            try {
                publish(hostIf, published);
            } catch (RuntimeException e) {
                abandon(client, hostIf, id, created);
                throw new CniException(CniException.HOST_SETUP_FAILED, "publishing the container's ports failed: "
                        + e.getMessage(), "nothing was left behind on this host");
            }
        }
        long t2 = System.nanoTime();
        if (!wanted.isEmpty() || !ep.path("labels").isEmpty()) {
            ObjectNode labels = req.putObject("labels");
            wanted.forEach(labels::put);
            ControllerClient.Response labelled = call(() -> client.post(path(id), req));
            if (!labelled.ok()) {
                if (created) {
                    abandon(client, hostIf, id, true);
                }
                throw new CniException(CniException.CONTROLLER_REFUSED, "the controller refused the labels of endpoint "
                        + id + ": " + labelled.error(), "tenant " + tenant + ", network " + network);
            }
        }
        log.debug("ADD {}: controller {} ms, host setup {} ms, labels {} ms", id, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        return result(r, hostIf, mac, cidr, gateway, node.dns() ? tenant : null);
    }

    /** Bytes VXLAN adds to a container's packet on the underlay: outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8. */
    static final int VXLAN_OVERHEAD = 50;

    /**
     * The container interface's MTU: the underlay's less what the network's encapsulation adds (VXLAN 50; VLAN 0,
     * as 802.1Q links carry the 4-byte tag beyond the MTU), capped by the network's {@code mtu} and the netconf's
     * when they are set (non-zero); {@link CniRequest#DEFAULT_MTU} when the host's underlay MTU is unknown.
     */
    static int containerMtu(int underlay, String encap, int networkMtu, int netconfMtu) {
        int mtu = underlay <= 0 ? CniRequest.DEFAULT_MTU : underlay - ("vlan".equals(encap) ? 0 : VXLAN_OVERHEAD);
        if (networkMtu > 0) {
            mtu = Math.min(mtu, networkMtu);
        }
        if (netconfMtu > 0) {
            mtu = Math.min(mtu, netconfMtu);
        }
        return mtu;
    }

    /**
     * Three commands: one creates the veth pair with the container end already named, addressed and in the
     * container's namespace (atomic: it either all exists or nothing does); one configures the container side
     * (addresses, routes, and checksum offload off for the userspace datapath); one attaches the host end to
     * br-int, without waiting for ovs-vswitchd (the controller programs the port when the switch reports it)
     * unless {@code waitForSwitch}: a provider-to-be is labelled only once the switch has the port, so that no
     * host sends it a connection its own host cannot deliver yet.
     */
    private void plumb(CniRequest r, String hostIf, String mac, String cidr, String gateway, int mtu, String id,
            String tenant, boolean waitForSwitch) {
        if (!Links.exists(hostIf)) {
            String m = Integer.toString(mtu);
            long t0 = System.nanoTime();
            Exec.check("ip", "link", "add", hostIf, "mtu", m, "up", "type", "veth", "peer", "name", r.ifName(), "mtu",
                    m, "address", mac, "netns", r.netns());
            StringBuilder script = new StringBuilder()
                    .append("addr add ").append(cidr).append(" dev ").append(r.ifName()).append('\n')
                    .append("link set ").append(r.ifName()).append(" up\n")
                    .append("link set lo up\n");
            if (!gateway.isEmpty()) {
                script.append("route add default via ").append(gateway).append(" dev ").append(r.ifName()).append('\n');
            }
            if (node.dns()) {
                // The node DNS address is on the link, with a MAC that never changes: no ARP for it.
                script.append("route add ").append(NodeDns.SERVER).append("/32 dev ").append(r.ifName()).append('\n')
                        .append("neigh replace ").append(NodeDns.SERVER).append(" lladdr ").append(NodeDns.SERVER_MAC)
                        .append(" dev ").append(r.ifName()).append(" nud permanent\n");
            }
            // The userspace datapath forwards unfinished TCP checksums as they are: finish them in the container.
            String offload = node.userspace() ? " && ethtool -K \"$1\" tx off" : "";
            long t1 = System.nanoTime();
            Exec.check(List.of("nsenter", "--net=" + r.netns(), "--", "sh", "-c", "ip -batch -" + offload, "sh",
                    r.ifName()), script.toString());
            log.debug("veth {} ms, container side {} ms", (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        }
        List<String> addPort = waitForSwitch ? List.of("--may-exist", "add-port", node.bridge(), hostIf)
                : List.of("--no-wait", "--may-exist", "add-port", node.bridge(), hostIf);
        Ovs.vsctl(List.of(addPort,
                List.of("set", "interface", hostIf, "external_ids:tenet-endpoint=" + id,
                        "external_ids:container-id=" + r.containerId(), "external_ids:attached-mac=" + mac,
                        "external_ids:ip-address=" + cidr, "external_ids:tenet-tenant=" + tenant,
                        "external_ids:" + HostEnd.NETWORK_ID + "=\"" + r.networkName() + "\"")));
    }

    /** Undoes a failed ADD on this host, and at the controller the endpoint it {@code created}. */
    private void abandon(ControllerClient client, String hostIf, String id, boolean created) {
        undo(hostIf);
        if (created) {
            try {
                client.delete(path(id));
            } catch (IOException ignored) {
                // The address stays allocated until DEL; the runtime calls DEL after a failed ADD.
            }
        }
    }

    /**
     * Publishes the container's ports: to its client address, which its switch port gives (the port is attached:
     * the ADD waited for it), and recorded on the port's OVSDB record for DEL.
     */
    private static void publish(String hostIf, List<HostAccess.PortMapping> mappings) {
        int ofport = Integer.parseInt(Ovs.vsctl("get", "interface", hostIf, "ofport").strip());
        String client = NodeDns.clientAddress(ofport);
        List<String> old = HostEnd.published(hostIf);
        HostAccess.unpublish(old.stream().map(HostAccess.PortMapping::parse).toList());
        HostAccess.publish(mappings, client);
        Ovs.vsctl("set", "interface", hostIf, "external_ids:tenet-published=\""
                + String.join(",", mappings.stream().map(Object::toString).toList()) + "\"");
    }

    private void undo(String hostIf) {
        try {
            HostEnd.remove(node.bridge(), hostIf);
        } catch (RuntimeException ignored) {
            // best effort: the caller reports the ADD's own failure
        }
    }

    /** The CNI result; with the node DNS path ({@code tenant} not null), its address and the tenant's domain. */
    private static String result(CniRequest r, String hostIf, String mac, String cidr, String gateway,
            String tenant) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cniVersion", r.cniVersion());
        ArrayNode ifs = o.putArray("interfaces");
        ifs.addObject().put("name", hostIf);
        ifs.addObject().put("name", r.ifName()).put("mac", mac).put("sandbox", r.netns());
        ObjectNode ipc = o.putArray("ips").addObject();
        if (r.cniVersion().startsWith("0.")) {
            ipc.put("version", "4");
        }
        ipc.put("address", cidr);
        if (!gateway.isEmpty()) {
            ipc.put("gateway", gateway);
        }
        ipc.put("interface", 1);
        ArrayNode routes = o.putArray("routes");
        if (!gateway.isEmpty()) {
            routes.addObject().put("dst", "0.0.0.0/0").put("gw", gateway);
        }
        ObjectNode dns = o.putObject("dns");
        if (tenant != null) {
            dns.putArray("nameservers").add(NodeDns.SERVER);
            dns.putArray("search").add(tenant);
        }
        return o.toString();
    }

    private String del(CniRequest r) throws CniException {
        String id = r.endpointId();
        String hostIf = HostEnd.name(id);
        try {
            HostEnd.remove(node.bridge(), hostIf);
        } catch (RuntimeException e) {
            throw new CniException(CniException.HOST_SETUP_FAILED, "removing the container interface failed: "
                    + e.getMessage());
        }
        ControllerClient client = client(r);
        ControllerClient.Response resp = call(() -> client.delete(path(id)));
        if (!resp.ok() && resp.status() != 404) {
            throw new CniException(CniException.CONTROLLER_REFUSED, "the controller refused to delete endpoint " + id
                    + ": " + resp.error());
        }
        return "";
    }

    private String check(CniRequest r) throws CniException {
        String id = r.endpointId();
        String hostIf = HostEnd.name(id);
        ControllerClient client = client(r);
        ControllerClient.Response resp = call(() -> client.get(path(id)));
        if (resp.status() == 404) {
            throw new CniException(CniException.UNKNOWN_CONTAINER, "the controller has no endpoint " + id);
        }
        if (!resp.ok()) {
            throw new CniException(CniException.CONTROLLER_REFUSED, "the controller refused: " + resp.error());
        }
        String ip = resp.body().path("ipAddress").path(0).asText();
        if (!Links.exists(hostIf) || !Ovs.portExists(node.bridge(), hostIf)) {
            throw new CniException(CniException.HOST_SETUP_FAILED, "interface " + hostIf + " of endpoint " + id
                    + " is missing or not attached to " + node.bridge());
        }
        Exec.Result addr = Links.runIn(r.netns(), "ip", "-o", "-4", "addr", "show", "dev", r.ifName());
        if (!addr.ok() || !addr.stdout().contains(" " + ip + "/")) {
            throw new CniException(CniException.HOST_SETUP_FAILED, "container interface " + r.ifName()
                    + " does not hold " + ip, addr.stderr().strip());
        }
        JsonNode prev = r.config().path("prevResult");
        for (JsonNode ipc : prev.path("ips")) {
            if (!ipc.path("address").asText().startsWith(ip + "/")) {
                throw new CniException(CniException.HOST_SETUP_FAILED, "prevResult address "
                        + ipc.path("address").asText() + " differs from the controller's " + ip);
            }
        }
        return "";
    }

    /** An I/O call to the controller; unreachable means "try again later". */
    private interface Call {
        ControllerClient.Response call() throws IOException;
    }

    private static ControllerClient.Response call(Call c) throws CniException {
        try {
            return c.call();
        } catch (IOException e) {
            throw new CniException(CniException.TRY_AGAIN_LATER, e.getMessage(),
                    "check that tenet-controller runs and the netconf 'api' address is right");
        }
    }

    /** Formats an error as the spec's error JSON. */
    public static String errorJson(String cniVersion, CniException e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("cniVersion", cniVersion == null ? "1.0.0" : cniVersion);
        o.put("code", e.code());
        o.put("msg", e.getMessage());
        o.put("details", e.details());
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
