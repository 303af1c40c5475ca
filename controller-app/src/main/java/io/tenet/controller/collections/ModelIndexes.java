package io.tenet.controller.collections;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.RULES;
import static io.tenet.controller.collections.ModelCollections.SERVICES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelIndex;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.Tenant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The indexes of the built-in collections: lookups the model's rules, the compiler and the views need without
 * scanning (endpoints by network, node and group; rules by policy; groups by policy; nodes by datapath id) and
 * the allocations (addresses per network, packet tags per encapsulation, group ids). All are functions of the
 * records alone; see {@link ModelIndex}.
 */
public final class ModelIndexes {
    /** Endpoints by network, then by id. */
    public static final ModelIndex<PersistentMap<NetworkKey, PersistentMap<String, Endpoint>>> ENDPOINTS_BY_NETWORK =
            grouping("endpoints by network", ENDPOINTS, e -> List.of(e.network()), Endpoint::id);
    /** Endpoints by the node they live on, then by id. */
    public static final ModelIndex<PersistentMap<String, PersistentMap<String, Endpoint>>> ENDPOINTS_BY_NODE =
            grouping("endpoints by node", ENDPOINTS, e -> List.of(e.node()), Endpoint::id);
    /** A switch port: an interface of a node. */
    public record NodeInterface(String node, String intfName) {
    }

    /** Endpoints by the node interface that is their switch port (at most one each: the model refuses a second). */
    public static final ModelIndex<PersistentMap<NodeInterface, Endpoint>> ENDPOINTS_BY_INTERFACE = ModelIndex.over(
            "endpoints by interface", ENDPOINTS, PersistentMap.<NodeInterface, Endpoint>empty(), (index, before, after) -> {
                PersistentMap<NodeInterface, Endpoint> out = before == null ? index
                        : index.without(new NodeInterface(before.node(), before.intfName()));
                return after == null ? out : out.with(new NodeInterface(after.node(), after.intfName()), after);
            });
    /** Endpoints by group (tenant and group name), then by id; endpoints in no group are not listed. */
    public static final ModelIndex<PersistentMap<ScopedKey, PersistentMap<String, Endpoint>>> MEMBERS =
            grouping("members by group", ENDPOINTS, e -> e.group().isEmpty() ? List.of()
                    : List.of(new ScopedKey(e.network().tenant(), e.group())), Endpoint::id);
    /** Rules by policy, then by key. */
    public static final ModelIndex<PersistentMap<ScopedKey, PersistentMap<Rule.RuleKey, Rule>>> RULES_BY_POLICY =
            grouping("rules by policy", RULES, r -> List.of(r.key().policyKey()), Rule::key);
    /** Groups by each policy they carry, then by key. */
    public static final ModelIndex<PersistentMap<ScopedKey, PersistentMap<ScopedKey, EndpointGroup>>> GROUPS_BY_POLICY =
            grouping("groups by policy", GROUPS, g -> g.policies().stream()
                    .map(p -> (ScopedKey) new ScopedKey(g.key().tenant(), p)).distinct().toList(), EndpointGroup::key);
    /** Networks by tenant, then by key. */
    public static final ModelIndex<PersistentMap<String, PersistentMap<NetworkKey, Network>>> NETWORKS_BY_TENANT =
            grouping("networks by tenant", NETWORKS, n -> List.of(n.key().tenant()), Network::key);
    /** The global settings in force in {@code s} (a fresh model holds the defaults). */
    public static Global globals(ModelSnapshot s) {
        Global g = s.get(ModelCollections.GLOBALS).get(Global.NAME);
        return g == null ? Global.DEFAULT : g;
    }

    /** A packet tag of an encapsulation: a VNI or a VLAN id. */
    public record Tag(Encap encap, int tag) {
    }

    /** Networks by their packet tag: no two networks share one. */
    public static final ModelIndex<PersistentMap<Tag, NetworkKey>> NETWORKS_BY_TAG = ModelIndex.over("networks by tag",
            NETWORKS, PersistentMap.<Tag, NetworkKey>empty(), (index, before, after) -> {
                PersistentMap<Tag, NetworkKey> out = before == null ? index
                        : index.without(new Tag(before.spec().encap(), before.tag()));
                return after == null ? out : out.with(new Tag(after.spec().encap(), after.tag()), after.key());
            });
    /** Groups by their own VLAN (ACI mode); groups without one are not listed. */
    public static final ModelIndex<PersistentMap<Integer, ScopedKey>> GROUPS_BY_VLAN = ModelIndex.over(
            "groups by VLAN", GROUPS, PersistentMap.<Integer, ScopedKey>empty(), (index, before, after) -> {
                PersistentMap<Integer, ScopedKey> out = before == null || before.vlan() == 0 ? index
                        : index.without(before.vlan());
                return after == null || after.vlan() == 0 ? out : out.with(after.vlan(), after.key());
            });
    /** Nodes by the datapath id of their switch. */
    public static final ModelIndex<PersistentMap<Long, Node>> NODES_BY_DATAPATH = ModelIndex.over(
            "nodes by datapath id", NODES, PersistentMap.<Long, Node>empty(), (index, before, after) -> {
                PersistentMap<Long, Node> out = before == null ? index : index.without(before.datapathId());
                return after == null ? out : out.with(after.datapathId(), after);
            });
    /** The addresses taken in every network: by the model (network, broadcast, gateway) and by endpoints. */
    public static final ModelIndex<PersistentMap<NetworkKey, AddressPool>> ADDRESSES = new Addresses();
    /** The tenants' VRF numbers in use. */
    public static final ModelIndex<IdSet> TENANT_VRFS = ModelIndex.over("tenant VRFs", TENANTS,
            IdSet.range(1, Tenant.MAX_VRF), (index, before, after) -> {
                IdSet out = before == null || before.vrf() == 0 ? index : index.without(before.vrf());
                return after == null || after.vrf() == 0 ? out : out.with(after.vrf());
            });
    /** The endpoint group ids in use. */
    public static final ModelIndex<IdSet> GROUP_IDS = ModelIndex.over("group ids", GROUPS,
            IdSet.range(1, EndpointGroup.MAX_ID), (index, before, after) -> {
                IdSet out = before == null ? index : index.without(before.id());
                return after == null ? out : out.with(after.id());
            });

    /** A label of an endpoint in a network: what a service selector looks up. */
    public record NetworkLabel(NetworkKey network, String key, String value) {
    }

    /** Endpoints by each of their labels within their network, then by id. */
    public static final ModelIndex<PersistentMap<NetworkLabel, PersistentMap<String, Endpoint>>> ENDPOINTS_BY_LABEL =
            grouping("endpoints by label", ENDPOINTS, e -> e.labels().entrySet().stream()
                    .map(l -> new NetworkLabel(e.network(), l.getKey(), l.getValue())).toList(), Endpoint::id);
    /** Services by network, then by key. */
    public static final ModelIndex<PersistentMap<NetworkKey, PersistentMap<ScopedKey, ServiceLB>>> SERVICES_BY_NETWORK =
            grouping("services by network", SERVICES, v -> List.of(v.networkKey()), ServiceLB::key);
    /** The service ids in use. */
    public static final ModelIndex<IdSet> SERVICE_IDS = ModelIndex.over("service ids", SERVICES,
            IdSet.range(1, ServiceLB.MAX_ID), (index, before, after) -> {
                IdSet out = before == null ? index : index.without(before.id());
                return after == null ? out : out.with(after.id());
            });

    public static final List<ModelIndex<?>> ALL = List.of(ENDPOINTS_BY_NETWORK, ENDPOINTS_BY_NODE,
            ENDPOINTS_BY_INTERFACE, MEMBERS,
            RULES_BY_POLICY, GROUPS_BY_POLICY, NETWORKS_BY_TENANT, NETWORKS_BY_TAG, NODES_BY_DATAPATH, ADDRESSES, TENANT_VRFS,
            GROUP_IDS, GROUPS_BY_VLAN, ENDPOINTS_BY_LABEL, SERVICES_BY_NETWORK, SERVICE_IDS);

    private ModelIndexes() {
    }

    /** The endpoints of one network, by id (empty when it has none). */
    public static Map<String, Endpoint> endpointsOf(ModelSnapshot s, NetworkKey network) {
        return s.index(ENDPOINTS_BY_NETWORK).getOrDefault(network, PersistentMap.empty());
    }

    /** The endpoints on one node, by id. */
    public static Map<String, Endpoint> endpointsOn(ModelSnapshot s, String node) {
        return s.index(ENDPOINTS_BY_NODE).getOrDefault(node, PersistentMap.empty());
    }

    /** The members of one group, by id. */
    public static Map<String, Endpoint> membersOf(ModelSnapshot s, ScopedKey group) {
        return s.index(MEMBERS).getOrDefault(group, PersistentMap.empty());
    }

    /** The members of one group, ordered by address. */
    public static List<Endpoint> membersByAddress(ModelSnapshot s, ScopedKey group) {
        return membersOf(s, group).values().stream().sorted(Comparator.comparing(Endpoint::ip)).toList();
    }

    /** The rules of one policy, by key. */
    public static Map<Rule.RuleKey, Rule> rulesOf(ModelSnapshot s, ScopedKey policy) {
        return s.index(RULES_BY_POLICY).getOrDefault(policy, PersistentMap.empty());
    }

    /** The rules of one policy, in key order (by rule id: they share tenant and policy). */
    public static List<Rule> rulesInOrder(ModelSnapshot s, ScopedKey policy) {
        Map<Rule.RuleKey, Rule> rules = rulesOf(s, policy);
        if (rules.isEmpty()) {
            return List.of();
        }
        Rule[] ordered = rules.values().toArray(new Rule[0]);
        Arrays.sort(ordered, BY_RULE_ID);
        return Collections.unmodifiableList(Arrays.asList(ordered));
    }

    private static final Comparator<Rule> BY_RULE_ID = (a, b) -> a.key().ruleId().compareTo(b.key().ruleId());

    /** The groups that carry one policy, by key. */
    public static Map<ScopedKey, EndpointGroup> groupsCarrying(ModelSnapshot s, ScopedKey policy) {
        return s.index(GROUPS_BY_POLICY).getOrDefault(policy, PersistentMap.empty());
    }

    /** The networks of one tenant, by key. */
    public static Map<NetworkKey, Network> networksOf(ModelSnapshot s, String tenant) {
        return s.index(NETWORKS_BY_TENANT).getOrDefault(tenant, PersistentMap.empty());
    }

    /** The services of one network, by key. */
    public static Map<ScopedKey, ServiceLB> servicesOf(ModelSnapshot s, NetworkKey network) {
        return s.index(SERVICES_BY_NETWORK).getOrDefault(network, PersistentMap.empty());
    }

    /**
     * The providers of a service, ordered by address: the endpoints of its network holding every selector, looked
     * up under its rarest selector.
     */
    public static List<Endpoint> providersOf(ModelSnapshot s, ServiceLB service) {
        PersistentMap<NetworkLabel, PersistentMap<String, Endpoint>> byLabel = s.index(ENDPOINTS_BY_LABEL);
        Map<String, Endpoint> fewest = null;
        for (Map.Entry<String, String> sel : service.selectors().entrySet()) {
            Map<String, Endpoint> m = byLabel.getOrDefault(new NetworkLabel(service.networkKey(), sel.getKey(),
                    sel.getValue()), PersistentMap.empty());
            if (fewest == null || m.size() < fewest.size()) {
                fewest = m;
            }
        }
        if (fewest == null || fewest.isEmpty()) {
            return List.of();
        }
        return fewest.values().stream().filter(service::selects).sorted(Comparator.comparing(Endpoint::ip)).toList();
    }

    public static Optional<Node> nodeByDatapathId(ModelSnapshot s, long dpid) {
        return Optional.ofNullable(s.index(NODES_BY_DATAPATH).get(dpid));
    }

    /**
     * An index that files each record under the groups {@code groupsOf} names, keyed within a group by {@code id}:
     * what "X by Y" lookups are made of.
     */
    public static <G, I, V> ModelIndex<PersistentMap<G, PersistentMap<I, V>>> grouping(String name,
            ModelCollection<?, V, ?> input, Function<V, List<G>> groupsOf, Function<V, I> id) {
        return ModelIndex.over(name, input, PersistentMap.<G, PersistentMap<I, V>>empty(), (index, before, after) -> {
            PersistentMap.Builder<G, PersistentMap<I, V>> b = index.toBuilder();
            if (before != null) {
                for (G g : groupsOf.apply(before)) {
                    PersistentMap<I, V> m = b.get(g);
                    if (m != null) {
                        PersistentMap<I, V> rest = m.without(id.apply(before));
                        if (rest.isEmpty()) {
                            b.remove(g);
                        } else {
                            b.put(g, rest);
                        }
                    }
                }
            }
            if (after != null) {
                for (G g : groupsOf.apply(after)) {
                    PersistentMap<I, V> m = b.get(g);
                    b.put(g, (m == null ? PersistentMap.<I, V>empty() : m).with(id.apply(after), after));
                }
            }
            return b.build();
        });
    }

    /**
     * Addresses per network: a network's pool follows its subnet and gateway, its endpoints take addresses and
     * its services their VIPs.
     */
    private static final class Addresses extends ModelIndex<PersistentMap<NetworkKey, AddressPool>> {
        Addresses() {
            super("addresses", List.of(NETWORKS, ENDPOINTS, SERVICES));
        }

        @Override
        public PersistentMap<NetworkKey, AddressPool> empty() {
            return PersistentMap.empty();
        }

        @Override
        public PersistentMap<NetworkKey, AddressPool> update(PersistentMap<NetworkKey, AddressPool> index,
                ModelCollection<?, ?, ?> collection, Object before, Object after) {
            if (collection == NETWORKS) {
                Network was = (Network) before;
                Network now = (Network) after;
                if (now == null) {
                    return index.without(was.key());
                }
                boolean samePool = was != null && was.spec().subnet().equals(now.spec().subnet())
                        && Objects.equals(was.spec().gateway(), now.spec().gateway());
                // A network changes its subnet or gateway only while it has no endpoints.
                return samePool ? index : index.with(now.key(), AddressPool.of(now.spec().subnet(),
                        now.spec().gateway()));
            }
            if (collection == SERVICES) {
                ServiceLB was = (ServiceLB) before;
                ServiceLB now = (ServiceLB) after;
                PersistentMap<NetworkKey, AddressPool> out = release(index, was == null ? null : was.networkKey(),
                        was == null ? null : was.vip());
                return take(out, now == null ? null : now.networkKey(), now == null ? null : now.vip());
            }
            Endpoint was = (Endpoint) before;
            Endpoint now = (Endpoint) after;
            PersistentMap<NetworkKey, AddressPool> out = release(index, was == null ? null : was.network(),
                    was == null ? null : was.ip());
            return take(out, now == null ? null : now.network(), now == null ? null : now.ip());
        }

        private static PersistentMap<NetworkKey, AddressPool> release(PersistentMap<NetworkKey, AddressPool> index,
                NetworkKey network, Ipv4 ip) {
            return ip == null || !index.containsKey(network) ? index
                    : index.with(network, index.get(network).without(ip));
        }

        private static PersistentMap<NetworkKey, AddressPool> take(PersistentMap<NetworkKey, AddressPool> index,
                NetworkKey network, Ipv4 ip) {
            return ip == null || !index.containsKey(network) ? index
                    : index.with(network, index.get(network).with(ip));
        }
    }
}
