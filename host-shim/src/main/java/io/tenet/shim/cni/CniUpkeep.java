package io.tenet.shim.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.shim.host.Exec;
import io.tenet.shim.host.Ovs;
import io.tenet.shim.node.ControllerClient;
import io.tenet.shim.node.NodeState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CNI 1.1's GC and STATUS. GC removes what this host holds for attachments of one CNI network (the netconf's
 * {@code name}) that the runtime no longer lists as valid: their endpoints at the controller (so their addresses
 * return to the pool) and their host ends (veth, br-int port, published ports), including host ends the controller
 * no longer knows, as a shim that died in the middle of an ADD leaves them. Only what this network made is
 * touched: ADD records the network's name on the endpoint ({@link #NETWORK_ATTRIBUTE}) and on the port's OVSDB
 * record; what carries no name (made before) is left alone. STATUS answers whether an ADD can be served now.
 */
final class CniUpkeep {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    /** The endpoint attribute naming the CNI network that made it. */
    static final String NETWORK_ATTRIBUTE = "CNI_NETWORK";
    private final NodeState node;
    private final ControllerClient client;

    CniUpkeep(NodeState node, ControllerClient client) {
        this.node = node;
        this.client = client;
    }

    String gc(CniRequest r) throws CniException {
        String network = r.networkName();
        if (network.isEmpty()) {
            throw new CniException(CniException.INVALID_CONFIG, "GC needs the netconf's name",
                    "GC removes only what the named network made");
        }
        Set<String> valid = r.validAttachments();
        List<String> failures = new ArrayList<>();
        // Host ends this network made whose attachment is gone, whether or not the controller still knows them.
        try {
            for (String[] port : ports(network)) {
                if (!valid.contains(port[1])) {
                    try {
                        HostEnd.remove(node.bridge(), port[0]);
                    } catch (RuntimeException e) {
                        failures.add("port " + port[0] + ": " + e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            failures.add("listing the ports of " + node.bridge() + ": " + e.getMessage());
        }
        // Endpoints of this host made by this network whose attachment is gone: their addresses are freed.
        boolean reached = true;
        try {
            ControllerClient.Response list = client.get("/api/v1/endpoints/");
            if (list.ok()) {
                for (JsonNode e : list.body()) {
                    String id = e.path("endpointID").asText();
                    if (e.path("homingHost").asText().equals(node.name())
                            && network.equals(e.path("attributes").path(NETWORK_ATTRIBUTE).asText(null))
                            && !valid.contains(id)) {
                        remove(id, failures);
                    }
                }
            } else {
                failures.add("listing the endpoints: " + list.error());
            }
        } catch (IOException e) {
            reached = false;
            failures.add("the controller: " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new CniException(reached ? CniException.HOST_SETUP_FAILED : CniException.TRY_AGAIN_LATER,
                    "GC of network " + network + " left " + failures.size() + " thing(s) behind",
                    String.join("; ", failures));
        }
        return "";
    }

    /** An endpoint's host end and the endpoint itself (its address returns to the pool). */
    private void remove(String id, List<String> failures) throws IOException {
        try {
            HostEnd.remove(node.bridge(), HostEnd.name(id));
        } catch (RuntimeException ex) {
            failures.add("host end of " + id + ": " + ex.getMessage());
        }
        ControllerClient.Response del = client.delete("/api/v1/endpoints/" + id + "/");
        if (!del.ok() && del.status() != 404) {
            failures.add("endpoint " + id + ": " + del.error());
        }
    }

    /** The interfaces made by {@code network} (OVSDB's JSON table): each its name and its endpoint id. */
    private static List<String[]> ports(String network) {
        String out = Ovs.vsctl("--format=json", "--columns=name,external_ids", "find", "interface",
                "external_ids:" + HostEnd.NETWORK_ID + "=\"" + network + "\"");
        List<String[]> ports = new ArrayList<>();
        try {
            for (JsonNode row : JSON.readTree(out).path("data")) {
                String endpoint = "";
                for (JsonNode kv : row.path(1).path(1)) {
                    if (kv.path(0).asText().equals("tenet-endpoint")) {
                        endpoint = kv.path(1).asText();
                    }
                }
                ports.add(new String[] {row.path(0).asText(), endpoint});
            }
        } catch (IOException e) {
            throw new IllegalStateException("ovs-vsctl find printed no JSON table: " + out, e);
        }
        return ports;
    }

    /** Ready for ADD: the bridge exists and the controller answers for this host (CNI 1.1 code 50 otherwise). */
    String status() throws CniException {
        if (!Exec.run(List.of("ovs-vsctl", "--timeout=5", "br-exists", node.bridge()), null).ok()) {
            throw new CniException(CniException.NOT_AVAILABLE, "bridge " + node.bridge() + " is missing or Open"
                    + " vSwitch does not answer", "start Open vSwitch and run tenet-node init");
        }
        try {
            ControllerClient.Response r = client.get("/api/v1/nodes/" + node.name() + "/");
            if (r.status() == 404) {
                throw new CniException(CniException.NOT_AVAILABLE, "the controller does not know node " + node.name(),
                        "run tenet-node init");
            }
            if (!r.ok()) {
                throw new CniException(CniException.NOT_AVAILABLE, "the controller answers " + r.status() + ": "
                        + r.error());
            }
        } catch (IOException e) {
            throw new CniException(CniException.NOT_AVAILABLE, "the controller does not answer: " + e.getMessage(),
                    "check that tenet-controller runs and the netconf 'api' address is right");
        }
        return "";
    }
}
