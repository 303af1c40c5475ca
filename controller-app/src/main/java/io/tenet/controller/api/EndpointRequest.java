package io.tenet.controller.api;

import java.util.Map;

/**
 * What a host shim asks for when a container joins a network; {@code ip} may request a specific address, and
 * {@code labels} (null when the request says nothing of them) replace the endpoint's labels.
 */
public record EndpointRequest(String id, NetworkKey network, String group, String node, String intfName,
        String containerId, Map<String, String> attributes, Ipv4 ip, Map<String, String> labels) {
    /** A request that says nothing of labels. */
    public EndpointRequest(String id, NetworkKey network, String group, String node, String intfName,
            String containerId, Map<String, String> attributes, Ipv4 ip) {
        this(id, network, group, node, intfName, containerId, attributes, ip, null);
    }
}
