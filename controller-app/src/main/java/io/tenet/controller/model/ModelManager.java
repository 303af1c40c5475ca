package io.tenet.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.AddressUsage;
import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelListener;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.store.Store;
import io.tenet.controller.store.Store.Write;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the model. Each change is validated against the current snapshot, written to the store in
 * one commit, and only then published as a new snapshot; a failure at any step leaves snapshot, pools and store
 * as they were. Address and tag pools are derived from the stored objects at start, never stored themselves.
 */
public final class ModelManager implements ModelAdminService {
    private static final Logger log = LoggerFactory.getLogger(ModelManager.class);
    static final String TENANTS = "tenants";
    static final String NETWORKS = "networks";
    static final String ENDPOINTS = "endpoints";
    static final String NODES = "nodes";
    static final String GROUPS = "endpointGroups";
    static final String POLICIES = "policys";
    static final String RULES = "rules";
    static final String APP_PROFILES = "appProfiles";

    private final Store store;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<NetworkKey, AddressPool> addressPools = new HashMap<>();
    private final Map<Encap, TagPool> tagPools = Map.of(Encap.VXLAN, new TagPool(1, 10000), Encap.VLAN,
            new TagPool(1, 4094));
    private final TagPool groupIds = new TagPool(1, EndpointGroup.MAX_ID);
    private volatile ModelSnapshot snapshot;

    public ModelManager(Store store) {
        this.store = store;
        this.snapshot = load();
    }

    private ModelSnapshot load() {
        Map<String, Tenant> tenants = new HashMap<>();
        Map<NetworkKey, Network> networks = new HashMap<>();
        Map<String, Endpoint> endpoints = new HashMap<>();
        Map<String, Node> nodes = new HashMap<>();
        store.load(TENANTS).forEach((k, v) -> tenants.put(k, read(v, Tenant.class)));
        store.load(NETWORKS).forEach((k, v) -> {
            Network n = read(v, Network.class);
            networks.put(n.key(), n);
            addressPools.put(n.key(), new AddressPool(n.spec().subnet(), n.spec().gateway()));
            TagPool pool = tagPools.get(n.spec().encap());
            if (pool.inRange(n.tag())) {
                pool.take(n.tag());
            }
        });
        store.load(ENDPOINTS).forEach((k, v) -> {
            Endpoint e = read(v, Endpoint.class);
            endpoints.put(e.id(), e);
            AddressPool pool = addressPools.get(e.network());
            if (pool == null) {
                throw new IllegalStateException("stored endpoint " + e.id() + " refers to missing network "
                        + e.network() + "; the store is inconsistent");
            }
            pool.take(e.ip());
        });
        store.load(NODES).forEach((k, v) -> nodes.put(k, read(v, Node.class)));
        Map<ScopedKey, EndpointGroup> groups = new HashMap<>();
        store.load(GROUPS).forEach((k, v) -> {
            EndpointGroup g = read(v, EndpointGroup.class);
            groups.put(g.key(), g);
            groupIds.take(g.id());
        });
        Map<ScopedKey, Policy> policies = new HashMap<>();
        store.load(POLICIES).values().stream().map(v -> read(v, Policy.class)).forEach(p -> policies.put(p.key(), p));
        Map<Rule.RuleKey, Rule> rules = new HashMap<>();
        store.load(RULES).values().stream().map(v -> read(v, Rule.class)).forEach(r -> rules.put(r.key(), r));
        Map<ScopedKey, AppProfile> apps = new HashMap<>();
        store.load(APP_PROFILES).values().stream().map(v -> read(v, AppProfile.class)).forEach(a -> apps.put(a.key(), a));
        log.info("Model loaded: {} tenants, {} networks, {} endpoints, {} nodes, {} groups, {} policies, {} rules",
                tenants.size(), networks.size(), endpoints.size(), nodes.size(), groups.size(), policies.size(),
                rules.size());
        return new ModelSnapshot(1, tenants, networks, endpoints, nodes, groups, policies, rules, apps);
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + o, e);
        }
    }

    @Override
    public ModelSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public void addListener(ModelListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(ModelListener listener) {
        listeners.remove(listener);
    }

    /**
     * The next snapshot under construction. It starts on the current snapshot's (immutable) maps and copies a map
     * only when a write first touches it, so a change copies the maps it changes and shares the others.
     */
    private static final class Draft {
        private Map<String, Tenant> tenants;
        private Map<NetworkKey, Network> networks;
        private Map<String, Endpoint> endpoints;
        private Map<String, Node> nodes;
        private Map<ScopedKey, EndpointGroup> groups;
        private Map<ScopedKey, Policy> policies;
        private Map<Rule.RuleKey, Rule> rules;
        private Map<ScopedKey, AppProfile> apps;

        Draft(ModelSnapshot s) {
            tenants = s.tenants();
            networks = s.networks();
            endpoints = s.endpoints();
            nodes = s.nodes();
            groups = s.groups();
            policies = s.policies();
            rules = s.rules();
            apps = s.appProfiles();
        }

        /** {@code map} itself if this draft already copied it, else a mutable copy. */
        private static <K, V> Map<K, V> mutable(Map<K, V> map) {
            return map instanceof HashMap ? map : new HashMap<>(map);
        }

        Map<String, Tenant> tenants() {
            return tenants = mutable(tenants);
        }

        Map<NetworkKey, Network> networks() {
            return networks = mutable(networks);
        }

        Map<String, Endpoint> endpoints() {
            return endpoints = mutable(endpoints);
        }

        Map<String, Node> nodes() {
            return nodes = mutable(nodes);
        }

        Map<ScopedKey, EndpointGroup> groups() {
            return groups = mutable(groups);
        }

        Map<ScopedKey, Policy> policies() {
            return policies = mutable(policies);
        }

        Map<Rule.RuleKey, Rule> rules() {
            return rules = mutable(rules);
        }

        Map<ScopedKey, AppProfile> apps() {
            return apps = mutable(apps);
        }

        /** The snapshot; maps no write touched are the previous snapshot's, shared as they are. */
        ModelSnapshot build(long version) {
            return new ModelSnapshot(version, tenants, networks, endpoints, nodes, groups, policies, rules, apps);
        }
    }

    /** Commits the writes, then publishes the draft as the new snapshot; the caller holds the lock. */
    private void publish(List<Write> writes, Draft draft) {
        store.commit(writes);
        ModelSnapshot next = draft.build(snapshot.version() + 1);
        snapshot = next;
        for (ModelListener l : listeners) {
            try {
                l.modelChanged(next);
            } catch (RuntimeException e) {
                log.error("Model listener {} failed on version {}: {}", l, next.version(), e.toString(), e);
            }
        }
    }

    @Override
    public synchronized Tenant putTenant(Tenant tenant) {
        ModelSnapshot s = snapshot;
        if (tenant.equals(s.tenants().get(tenant.name()))) {
            return tenant;
        }
        Draft d = new Draft(s);
        d.tenants().put(tenant.name(), tenant);
        publish(List.of(Write.put(TENANTS, tenant.name(), write(tenant))), d);
        return tenant;
    }

    @Override
    public synchronized boolean deleteTenant(String name) {
        ModelSnapshot s = snapshot;
        if (!s.tenants().containsKey(name)) {
            return false;
        }
        long networks = s.networks().keySet().stream().filter(k -> k.tenant().equals(name)).count()
                + s.policies().keySet().stream().filter(k -> k.tenant().equals(name)).count();
        if (networks > 0) {
            throw new ValidationException(Kind.CONFLICT, "tenantName", "tenant " + name + " still has " + networks
                    + " network(s) or policies; delete them first");
        }
        Draft d = new Draft(s);
        d.tenants().remove(name);
        publish(List.of(Write.delete(TENANTS, name)), d);
        return true;
    }

    @Override
    public synchronized Network putNetwork(NetworkSpec spec) {
        ModelSnapshot s = snapshot;
        NetworkKey key = spec.key();
        if (!s.tenants().containsKey(key.tenant())) {
            throw new ValidationException("tenantName", "tenant " + key.tenant() + " does not exist; create it first");
        }
        for (Network other : s.networks().values()) {
            if (!other.key().equals(key) && other.key().tenant().equals(key.tenant())
                    && other.spec().subnet().overlaps(spec.subnet())) {
                throw new ValidationException(Kind.CONFLICT, "subnet", "subnet " + spec.subnet()
                        + " overlaps subnet " + other.spec().subnet() + " of network " + other.key());
            }
        }
        Network existing = s.networks().get(key);
        TagPool tags = tagPools.get(spec.encap());
        int tag;
        if (existing != null) {
            boolean endpoints = addressPools.get(key).allocatedCount() > 0;
            boolean sameShape = existing.spec().subnet().equals(spec.subnet())
                    && Objects.equals(existing.spec().gateway(), spec.gateway())
                    && existing.spec().encap() == spec.encap()
                    && (spec.pktTag() == 0 || spec.pktTag() == existing.tag());
            if (!sameShape && endpoints) {
                throw new ValidationException(Kind.CONFLICT, "subnet", "network " + key
                        + " has endpoints; its subnet, gateway, encap and pktTag cannot change");
            }
            if (existing.spec().equals(spec)) {
                return existing;
            }
        }
        boolean keepsTag = existing != null && existing.spec().encap() == spec.encap()
                && (spec.pktTag() == 0 || spec.pktTag() == existing.tag());
        if (keepsTag) {
            tag = existing.tag();
        } else if (spec.pktTag() != 0) {
            tag = spec.pktTag();
            for (Network other : s.networks().values()) {
                if (other.spec().encap() == spec.encap() && other.tag() == tag && !other.key().equals(key)) {
                    throw new ValidationException(Kind.CONFLICT, "pktTag", spec.encap().wire() + " tag " + tag
                            + " is already used by network " + other.key());
                }
            }
        } else {
            tag = tags.lowestFree();
            if (tag < 0) {
                throw new ValidationException(Kind.CONFLICT, "pktTag", "no free " + spec.encap().wire()
                        + " tag left in range " + tags.range());
            }
        }
        Network network = new Network(spec, tag);
        Draft d = new Draft(s);
        d.networks().put(key, network);
        publish(List.of(Write.put(NETWORKS, key.toString(), write(network))), d);
        if (existing != null) {
            TagPool old = tagPools.get(existing.spec().encap());
            if (old.inRange(existing.tag())) {
                old.release(existing.tag());
            }
        }
        if (tags.inRange(tag)) {
            tags.take(tag);
        }
        boolean samePool = existing != null && existing.spec().subnet().equals(spec.subnet())
                && Objects.equals(existing.spec().gateway(), spec.gateway());
        if (!samePool) {
            // A new network, or one whose subnet changed, which it may only while it has no endpoints.
            addressPools.put(key, new AddressPool(spec.subnet(), spec.gateway()));
        }
        return network;
    }

    @Override
    public synchronized boolean deleteNetwork(NetworkKey key) {
        ModelSnapshot s = snapshot;
        Network existing = s.networks().get(key);
        if (existing == null) {
            return false;
        }
        int endpoints = addressPools.get(key).allocatedCount();
        if (endpoints > 0) {
            throw new ValidationException(Kind.CONFLICT, "networkName", "network " + key + " still has " + endpoints
                    + " endpoint(s); remove the containers first");
        }
        for (EndpointGroup g : s.groups().values()) {
            if (g.networkKey().equals(key)) {
                throw new ValidationException(Kind.CONFLICT, "networkName", "network " + key
                        + " is used by endpoint group " + g.key() + "; delete the group first");
            }
        }
        Draft d = new Draft(s);
        d.networks().remove(key);
        publish(List.of(Write.delete(NETWORKS, key.toString())), d);
        TagPool tags = tagPools.get(existing.spec().encap());
        if (tags.inRange(existing.tag())) {
            tags.release(existing.tag());
        }
        addressPools.remove(key);
        return true;
    }

    @Override
    public synchronized Endpoint createEndpoint(EndpointRequest r) {
        ModelSnapshot s = snapshot;
        Endpoint.checkId(r.id());
        Network network = s.networks().get(r.network());
        if (network == null) {
            throw new ValidationException(Kind.NOT_FOUND, "networkName", "network " + r.network()
                    + " does not exist");
        }
        String group = r.group() == null ? "" : r.group();
        if (!group.isEmpty()) {
            EndpointGroup g = s.groups().get(new ScopedKey(r.network().tenant(), group));
            if (g == null) {
                throw new ValidationException("endpointGroup", "endpoint group " + r.network().tenant() + ":" + group
                        + " does not exist");
            }
            if (!g.network().equals(r.network().network())) {
                throw new ValidationException("endpointGroup", "endpoint group " + g.key() + " belongs to network "
                        + g.network() + ", not " + r.network().network());
            }
        }
        Endpoint existing = s.endpoints().get(r.id());
        if (existing != null) {
            if (!existing.network().equals(r.network())) {
                throw new ValidationException(Kind.CONFLICT, "endpointID", "endpoint " + r.id()
                        + " already exists on network " + existing.network());
            }
            if (group.isEmpty() || existing.group().equals(group)) {
                return existing;
            }
            // A change of group membership: same address, new identity.
            Endpoint moved = new Endpoint(existing.id(), existing.network(), group, existing.ip(), existing.mac(),
                    existing.node(), existing.intfName(), existing.containerId(), existing.attributes());
            Draft d = new Draft(s);
            d.endpoints().put(moved.id(), moved);
            publish(List.of(Write.put(ENDPOINTS, moved.id(), write(moved))), d);
            return moved;
        }
        for (Endpoint other : s.endpoints().values()) {
            // One switch port per interface: two endpoints on one port would share its flows.
            if (other.node().equals(r.node()) && other.intfName().equals(r.intfName())) {
                throw new ValidationException(Kind.CONFLICT, "intfName", "interface " + r.intfName() + " on node "
                        + r.node() + " is already endpoint " + other.id() + "'s");
            }
        }
        AddressPool pool = addressPools.get(r.network());
        Ipv4 ip = r.ip();
        if (ip != null) {
            if (!network.spec().subnet().contains(ip)) {
                throw new ValidationException("ipAddress", ip + " is outside subnet " + network.spec().subnet());
            }
            if (!pool.isFree(ip)) {
                throw new ValidationException(Kind.CONFLICT, "ipAddress", ip + " is already in use or reserved in "
                        + r.network());
            }
        } else {
            ip = pool.lowestFree();
            if (ip == null) {
                throw new ValidationException(Kind.CONFLICT, "networkName", "network " + r.network()
                        + " has no free address left in " + network.spec().subnet());
            }
        }
        Endpoint e = new Endpoint(r.id(), r.network(), r.group(), ip, Mac.forEndpoint(ip), r.node(), r.intfName(),
                r.containerId(), r.attributes());
        Draft d = new Draft(s);
        d.endpoints().put(e.id(), e);
        publish(List.of(Write.put(ENDPOINTS, e.id(), write(e))), d);
        pool.take(ip);
        return e;
    }

    @Override
    public synchronized boolean deleteEndpoint(String id) {
        ModelSnapshot s = snapshot;
        Endpoint existing = s.endpoints().get(id);
        if (existing == null) {
            return false;
        }
        Draft d = new Draft(s);
        d.endpoints().remove(id);
        publish(List.of(Write.delete(ENDPOINTS, id)), d);
        AddressPool pool = addressPools.get(existing.network());
        if (pool != null) {
            pool.release(existing.ip());
        }
        return true;
    }

    @Override
    public synchronized Node putNode(Node node) {
        ModelSnapshot s = snapshot;
        if (node.equals(s.nodes().get(node.name()))) {
            return node;
        }
        for (Node other : s.nodes().values()) {
            if (!other.name().equals(node.name()) && other.datapathId() == node.datapathId()) {
                throw new ValidationException(Kind.CONFLICT, "datapathId", "datapath id "
                        + Long.toHexString(node.datapathId()) + " is already registered by node " + other.name());
            }
        }
        Draft d = new Draft(s);
        d.nodes().put(node.name(), node);
        publish(List.of(Write.put(NODES, node.name(), write(node))), d);
        return node;
    }

    @Override
    public synchronized boolean deleteNode(String name) {
        ModelSnapshot s = snapshot;
        if (!s.nodes().containsKey(name)) {
            return false;
        }
        Draft d = new Draft(s);
        d.nodes().remove(name);
        publish(List.of(Write.delete(NODES, name)), d);
        return true;
    }

    @Override
    public synchronized EndpointGroup putGroup(EndpointGroup group) {
        ModelSnapshot s = snapshot;
        ScopedKey key = group.key();
        requireTenant(s, key.tenant());
        if (!s.networks().containsKey(group.networkKey())) {
            throw new ValidationException("networkName", "network " + group.networkKey() + " does not exist");
        }
        for (String p : group.policies()) {
            if (!s.policies().containsKey(new ScopedKey(key.tenant(), p))) {
                throw new ValidationException("policies", "policy " + key.tenant() + ":" + p + " does not exist");
            }
        }
        EndpointGroup existing = s.groups().get(key);
        if (existing != null && !existing.network().equals(group.network()) && !s.membersOf(key).isEmpty()) {
            throw new ValidationException(Kind.CONFLICT, "networkName", "endpoint group " + key
                    + " has endpoints; its network cannot change");
        }
        int id = existing != null ? existing.id() : groupIds.lowestFree();
        if (id < 0) {
            throw new ValidationException(Kind.CONFLICT, "groupName", "no endpoint group id left");
        }
        EndpointGroup stored = group.withId(id);
        if (stored.equals(existing)) {
            return existing;
        }
        Draft d = new Draft(s);
        d.groups().put(key, stored);
        publish(List.of(Write.put(GROUPS, key.toString(), write(stored))), d);
        groupIds.take(id);
        return stored;
    }

    private static void requireTenant(ModelSnapshot s, String tenant) {
        if (!s.tenants().containsKey(tenant)) {
            throw new ValidationException("tenantName", "tenant " + tenant + " does not exist; create it first");
        }
    }

    @Override
    public synchronized boolean deleteGroup(ScopedKey key) {
        ModelSnapshot s = snapshot;
        EndpointGroup existing = s.groups().get(key);
        if (existing == null) {
            return false;
        }
        int members = s.membersOf(key).size();
        if (members > 0) {
            throw new ValidationException(Kind.CONFLICT, "groupName", "endpoint group " + key + " still has "
                    + members + " endpoint(s)");
        }
        for (Rule r : s.rules().values()) {
            if (r.key().tenant().equals(key.tenant()) && r.peerGroup().equals(key.name())) {
                throw new ValidationException(Kind.CONFLICT, "groupName", "endpoint group " + key
                        + " is named by rule " + r.key());
            }
        }
        for (AppProfile a : s.appProfiles().values()) {
            if (a.key().tenant().equals(key.tenant()) && a.groups().contains(key.name())) {
                throw new ValidationException(Kind.CONFLICT, "groupName", "endpoint group " + key
                        + " is part of application profile " + a.key());
            }
        }
        Draft d = new Draft(s);
        d.groups().remove(key);
        publish(List.of(Write.delete(GROUPS, key.toString())), d);
        groupIds.release(existing.id());
        return true;
    }

    @Override
    public synchronized Policy putPolicy(Policy policy) {
        ModelSnapshot s = snapshot;
        requireTenant(s, policy.key().tenant());
        if (policy.equals(s.policies().get(policy.key()))) {
            return policy;
        }
        Draft d = new Draft(s);
        d.policies().put(policy.key(), policy);
        publish(List.of(Write.put(POLICIES, policy.key().toString(), write(policy))), d);
        return policy;
    }

    @Override
    public synchronized boolean deletePolicy(ScopedKey key) {
        ModelSnapshot s = snapshot;
        if (!s.policies().containsKey(key)) {
            return false;
        }
        for (EndpointGroup g : s.groups().values()) {
            if (g.key().tenant().equals(key.tenant()) && g.policies().contains(key.name())) {
                throw new ValidationException(Kind.CONFLICT, "policyName", "policy " + key
                        + " is attached to endpoint group " + g.key() + "; detach it first");
            }
        }
        Draft d = new Draft(s);
        d.policies().remove(key);
        List<Write> writes = new java.util.ArrayList<>(List.of(Write.delete(POLICIES, key.toString())));
        for (Rule r : s.rulesOf(key)) {
            d.rules().remove(r.key());
            writes.add(Write.delete(RULES, r.key().toString()));
        }
        publish(writes, d);
        return true;
    }

    @Override
    public synchronized Rule putRule(Rule rule) {
        ModelSnapshot s = snapshot;
        String tenant = rule.key().tenant();
        requireTenant(s, tenant);
        if (!s.policies().containsKey(rule.key().policyKey())) {
            throw new ValidationException("policyName", "policy " + rule.key().policyKey() + " does not exist");
        }
        String dir = rule.direction() == Rule.Direction.IN ? "from" : "to";
        if (!rule.peerGroup().isEmpty() && !s.groups().containsKey(new ScopedKey(tenant, rule.peerGroup()))) {
            throw new ValidationException(dir + "EndpointGroup", "endpoint group " + tenant + ":" + rule.peerGroup()
                    + " does not exist");
        }
        if (!rule.peerNetwork().isEmpty() && !s.networks().containsKey(new NetworkKey(tenant, rule.peerNetwork()))) {
            throw new ValidationException(dir + "Network", "network " + tenant + ":" + rule.peerNetwork()
                    + " does not exist");
        }
        if (rule.equals(s.rules().get(rule.key()))) {
            return rule;
        }
        Draft d = new Draft(s);
        d.rules().put(rule.key(), rule);
        publish(List.of(Write.put(RULES, rule.key().toString(), write(rule))), d);
        return rule;
    }

    @Override
    public synchronized boolean deleteRule(Rule.RuleKey key) {
        ModelSnapshot s = snapshot;
        if (!s.rules().containsKey(key)) {
            return false;
        }
        Draft d = new Draft(s);
        d.rules().remove(key);
        publish(List.of(Write.delete(RULES, key.toString())), d);
        return true;
    }

    @Override
    public synchronized AppProfile putAppProfile(AppProfile profile) {
        ModelSnapshot s = snapshot;
        requireTenant(s, profile.key().tenant());
        for (String g : profile.groups()) {
            if (!s.groups().containsKey(new ScopedKey(profile.key().tenant(), g))) {
                throw new ValidationException("endpointGroups", "endpoint group " + profile.key().tenant() + ":" + g
                        + " does not exist");
            }
        }
        Draft d = new Draft(s);
        d.apps().put(profile.key(), profile);
        publish(List.of(Write.put(APP_PROFILES, profile.key().toString(), write(profile))), d);
        return profile;
    }

    @Override
    public synchronized boolean deleteAppProfile(ScopedKey key) {
        ModelSnapshot s = snapshot;
        if (!s.appProfiles().containsKey(key)) {
            return false;
        }
        Draft d = new Draft(s);
        d.apps().remove(key);
        publish(List.of(Write.delete(APP_PROFILES, key.toString())), d);
        return true;
    }

    @Override
    public synchronized AddressUsage addressUsage(NetworkKey key) {
        AddressPool pool = addressPools.get(key);
        if (pool == null) {
            return null;
        }
        return new AddressUsage(pool.allocatedCount(), pool.ranges(true), pool.ranges(false));
    }
}
