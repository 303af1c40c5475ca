package io.tenet.controller.api;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, consistent view of the whole model at one version. The compiler works on snapshots only, so
 * it never sees half of a change.
 */
public record ModelSnapshot(long version, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
        Map<String, Endpoint> endpoints, Map<String, Node> nodes) {
    public static final ModelSnapshot EMPTY = new ModelSnapshot(0, Map.of(), Map.of(), Map.of(), Map.of());

    public ModelSnapshot {
        tenants = Map.copyOf(tenants);
        networks = Map.copyOf(networks);
        endpoints = Map.copyOf(endpoints);
        nodes = Map.copyOf(nodes);
    }

    public Optional<Node> nodeByDatapathId(long dpid) {
        return nodes.values().stream().filter(n -> n.datapathId() == dpid).findFirst();
    }

    /** Endpoints of one network, ordered by address. */
    public SortedMap<Ipv4, Endpoint> endpointsOf(NetworkKey network) {
        SortedMap<Ipv4, Endpoint> out = new TreeMap<>();
        for (Endpoint e : endpoints.values()) {
            if (e.network().equals(network)) {
                out.put(e.ip(), e);
            }
        }
        return out;
    }
}
