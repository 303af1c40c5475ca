package io.tenet.controller.api;

import java.util.Objects;

/**
 * A host: its name, the underlay address its VXLAN tunnels start from, and the datapath id of its br-int, by
 * which the controller recognises its switch when it connects.
 */
public record Node(String name, Ipv4 tunnelIp, long datapathId) {
    public Node {
        Names.check("nodeName", name);
        Objects.requireNonNull(tunnelIp, "tunnelIp");
        if (datapathId == 0) {
            throw new ValidationException("datapathId", "datapathId must be a non-zero 64-bit value");
        }
    }
}
