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
 * @param labels      {@code key=value} labels that service selectors match (see {@link Labels})
 */
public record Endpoint(String id, NetworkKey network, String group, Ipv4 ip, Mac mac, String node,
        String intfName, String containerId, Map<String, String> attributes, Map<String, String> labels) {
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
        labels = Labels.check("labels", labels);
    }

    /** An endpoint without labels. */
    public Endpoint(String id, NetworkKey network, String group, Ipv4 ip, Mac mac, String node, String intfName,
            String containerId, Map<String, String> attributes) {
        this(id, network, group, ip, mac, node, intfName, containerId, attributes, Map.of());
    }

    /** The same endpoint with other labels. */
    public Endpoint withLabels(Map<String, String> newLabels) {
        return new Endpoint(id, network, group, ip, mac, node, intfName, containerId, attributes, newLabels);
    }

    public static String checkId(String id) {
        if (id == null || !Names.valid(id, 255)) {
            throw new ValidationException("endpointID", "endpointID '" + id
                    + "' must be 1-255 letters, digits, '_', '.' or '-'");
        }
        return id;
    }
}
