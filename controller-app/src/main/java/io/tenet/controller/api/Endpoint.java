package io.tenet.controller.api;

import java.util.Map;
import java.util.Objects;

/**
 * A container's interface on a network, with the address and MAC Tenet gave it.
 *
 * @param id          endpoint id, {@code <containerID>-<ifName>} as the CNI shim forms it
 * @param group       endpoint group name, or empty
 * @param node        the host the endpoint lives on
 * @param intfName    name of the host side of its veth, which is also its switch port
 * @param attributes  what the runtime told about the container (K8S_POD_NAME and the like)
 */
public record Endpoint(String id, NetworkKey network, String group, Ipv4 ip, Mac mac, String node,
        String intfName, String containerId, Map<String, String> attributes) {
    public Endpoint {
        checkId(id);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(mac, "mac");
        group = group == null ? "" : group;
        Names.check("homingHost", node);
        Names.check("intfName", intfName);
        if (intfName.length() > 15) {
            throw new ValidationException("intfName", "intfName '" + intfName + "' is longer than 15 characters");
        }
        containerId = containerId == null ? "" : containerId;
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    public static String checkId(String id) {
        if (id == null || !Names.valid(id, 255)) {
            throw new ValidationException("endpointID", "endpointID '" + id
                    + "' must be 1-255 letters, digits, '_', '.' or '-'");
        }
        return id;
    }
}
