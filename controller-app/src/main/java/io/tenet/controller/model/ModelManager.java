package io.tenet.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.AddressUsage;
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

    private final Store store;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<NetworkKey, AddressPool> addressPools = new HashMap<>();
    private final Map<Encap, TagPool> tagPools = Map.of(Encap.VXLAN, new TagPool(1, 10000), Encap.VLAN,
            new TagPool(1, 4094));
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
        log.info("Model loaded: {} tenants, {} networks, {} endpoints, {} nodes", tenants.size(), networks.size(),
                endpoints.size(), nodes.size());
        return new ModelSnapshot(1, tenants, networks, endpoints, nodes);
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

    /** Commits the writes, then publishes the new snapshot; the caller holds the lock. */
    private void publish(List<Write> writes, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
            Map<String, Endpoint> endpoints, Map<String, Node> nodes) {
        store.commit(writes);
        ModelSnapshot next = new ModelSnapshot(snapshot.version() + 1, tenants, networks, endpoints, nodes);
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
        Map<String, Tenant> tenants = new HashMap<>(s.tenants());
        tenants.put(tenant.name(), tenant);
        publish(List.of(Write.put(TENANTS, tenant.name(), write(tenant))), tenants, s.networks(), s.endpoints(),
                s.nodes());
        return tenant;
    }

    @Override
    public synchronized boolean deleteTenant(String name) {
        ModelSnapshot s = snapshot;
        if (!s.tenants().containsKey(name)) {
            return false;
        }
        long networks = s.networks().keySet().stream().filter(k -> k.tenant().equals(name)).count();
        if (networks > 0) {
            throw new ValidationException(Kind.CONFLICT, "tenantName", "tenant " + name + " still has " + networks
                    + " network(s); delete them first");
        }
        Map<String, Tenant> tenants = new HashMap<>(s.tenants());
        tenants.remove(name);
        publish(List.of(Write.delete(TENANTS, name)), tenants, s.networks(), s.endpoints(), s.nodes());
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
        Map<NetworkKey, Network> networks = new HashMap<>(s.networks());
        networks.put(key, network);
        publish(List.of(Write.put(NETWORKS, key.toString(), write(network))), s.tenants(), networks, s.endpoints(),
                s.nodes());
        if (existing != null) {
            TagPool old = tagPools.get(existing.spec().encap());
            if (old.inRange(existing.tag())) {
                old.release(existing.tag());
            }
        }
        if (tags.inRange(tag)) {
            tags.take(tag);
        }
        addressPools.put(key, rebuiltPool(network, s));
        return network;
    }

    private static AddressPool rebuiltPool(Network network, ModelSnapshot s) {
        AddressPool pool = new AddressPool(network.spec().subnet(), network.spec().gateway());
        s.endpointsOf(network.key()).keySet().forEach(pool::take);
        return pool;
    }

    @Override
    public synchronized boolean deleteNetwork(NetworkKey key) {
        ModelSnapshot s = snapshot;
        Network existing = s.networks().get(key);
        if (existing == null) {
            return false;
        }
        int endpoints = s.endpointsOf(key).size();
        if (endpoints > 0) {
            throw new ValidationException(Kind.CONFLICT, "networkName", "network " + key + " still has " + endpoints
                    + " endpoint(s); remove the containers first");
        }
        Map<NetworkKey, Network> networks = new HashMap<>(s.networks());
        networks.remove(key);
        publish(List.of(Write.delete(NETWORKS, key.toString())), s.tenants(), networks, s.endpoints(), s.nodes());
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
        Endpoint existing = s.endpoints().get(r.id());
        if (existing != null) {
            if (!existing.network().equals(r.network())) {
                throw new ValidationException(Kind.CONFLICT, "endpointID", "endpoint " + r.id()
                        + " already exists on network " + existing.network());
            }
            return existing;
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
        Map<String, Endpoint> endpoints = new HashMap<>(s.endpoints());
        endpoints.put(e.id(), e);
        publish(List.of(Write.put(ENDPOINTS, e.id(), write(e))), s.tenants(), s.networks(), endpoints, s.nodes());
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
        Map<String, Endpoint> endpoints = new HashMap<>(s.endpoints());
        endpoints.remove(id);
        publish(List.of(Write.delete(ENDPOINTS, id)), s.tenants(), s.networks(), endpoints, s.nodes());
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
        Map<String, Node> nodes = new HashMap<>(s.nodes());
        nodes.put(node.name(), node);
        publish(List.of(Write.put(NODES, node.name(), write(node))), s.tenants(), s.networks(), s.endpoints(), nodes);
        return node;
    }

    @Override
    public synchronized boolean deleteNode(String name) {
        ModelSnapshot s = snapshot;
        if (!s.nodes().containsKey(name)) {
            return false;
        }
        Map<String, Node> nodes = new HashMap<>(s.nodes());
        nodes.remove(name);
        publish(List.of(Write.delete(NODES, name)), s.tenants(), s.networks(), s.endpoints(), nodes);
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
