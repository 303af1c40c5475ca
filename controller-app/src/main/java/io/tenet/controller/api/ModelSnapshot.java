package io.tenet.controller.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, consistent view of the whole model at one version. The compiler works on snapshots only, so
 * it never sees half of a change.
 */
public record ModelSnapshot(long version, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
        Map<String, Endpoint> endpoints, Map<String, Node> nodes, Map<ScopedKey, EndpointGroup> groups,
        Map<ScopedKey, Policy> policies, Map<Rule.RuleKey, Rule> rules, Map<ScopedKey, AppProfile> appProfiles) {
    public ModelSnapshot {
        tenants = Map.copyOf(tenants);
        networks = Map.copyOf(networks);
        endpoints = Map.copyOf(endpoints);
        nodes = Map.copyOf(nodes);
        groups = Map.copyOf(groups);
        policies = Map.copyOf(policies);
        rules = Map.copyOf(rules);
        appProfiles = Map.copyOf(appProfiles);
    }

    /** A model without policy objects. */
    public ModelSnapshot(long version, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
            Map<String, Endpoint> endpoints, Map<String, Node> nodes) {
        this(version, tenants, networks, endpoints, nodes, Map.of(), Map.of(), Map.of(), Map.of());
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

    /** The members of one endpoint group, ordered by address. */
    public List<Endpoint> membersOf(ScopedKey group) {
        return endpoints.values().stream().filter(e -> e.network().tenant().equals(group.tenant())
                && e.group().equals(group.name())).sorted(java.util.Comparator.comparing(Endpoint::ip)).toList();
    }

    /** The rules of one policy, in key order. */
    public List<Rule> rulesOf(ScopedKey policy) {
        return rules.values().stream()
                .filter(r -> r.key().tenant().equals(policy.tenant()) && r.key().policy().equals(policy.name()))
                .sorted(java.util.Comparator.comparing(Rule::key)).toList();
    }
}
