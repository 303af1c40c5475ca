package io.tenet.controller.api;

import java.util.Map;

/** What a host shim asks for when a container joins a network; {@code ip} may request a specific address. */
public record EndpointRequest(String id, NetworkKey network, String group, String node, String intfName,
        String containerId, Map<String, String> attributes, Ipv4 ip) {
}
