package io.tenet.controller.compiler;

import io.tenet.controller.api.Node;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the compiler knows of one switch besides the model: the node it belongs to and its ports (name to
 * OpenFlow port number), as the switch last reported them.
 */
public record NodeView(Node node, Map<String, Integer> ports) {
    /** Name of the flow-based VXLAN port tenet-node creates on every br-int. */
    public static final String TUNNEL_PORT = "tenet-tun0";
    /**
     * Name of br-int's end of the patch pair to br-phy that tenet-node creates on a host with an uplink: VLAN
     * networks leave and enter the host through it with their 802.1Q tag.
     */
    public static final String UPLINK_PORT = "tenet-phy0";
    /** Name of the port tenet-node creates on every br-int for its DNS responder. */
    public static final String DNS_PORT = "tenet-dns0";

    public NodeView {
        ports = Map.copyOf(ports);
    }

    public OptionalInt port(String name) {
        Integer p = ports.get(name);
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    public OptionalInt tunnelPort() {
        return port(TUNNEL_PORT);
    }

    public OptionalInt uplinkPort() {
        return port(UPLINK_PORT);
    }

    public OptionalInt dnsPort() {
        return port(DNS_PORT);
    }
}
