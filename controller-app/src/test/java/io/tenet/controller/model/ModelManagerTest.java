package io.tenet.controller.model;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManagerTest {
    static final NetworkKey NET = new NetworkKey("t", "n");

    static ModelManager withNetwork(MvStore store, String subnet, String gateway) {
        ModelManager m = new ModelManager(store);
        m.put(TENANTS, new Tenant("t", ""));
        m.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse(subnet),
                gateway == null ? null : Ipv4.parse(gateway), 0, "data"));
        return m;
    }

    static EndpointRequest request(String id) {
        return new EndpointRequest(id, NET, "", "h1", "tn" + Integer.toHexString(id.hashCode() & 0xfffffff), id,
                Map.of(), null);
    }

    @Test
    void twoEndpointsCannotShareAnInterfaceOnOneNode() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", null);
            m.put(ENDPOINTS, new EndpointRequest("a", NET, "", "h1", "tnx", "a", Map.of(), null));
            ValidationException e = assertThrows(ValidationException.class, () -> m.put(ENDPOINTS, 
                    new EndpointRequest("b", NET, "", "h1", "tnx", "b", Map.of(), null)));
            assertEquals("intfName", e.field());
            assertEquals(ValidationException.Kind.CONFLICT, e.kind());
            assertEquals(1, m.snapshot().get(ENDPOINTS).size(), "the refused endpoint left nothing behind");
            // The same name on another node is another port.
            m.put(ENDPOINTS, new EndpointRequest("c", NET, "", "h2", "tnx", "c", Map.of(), null));
        }
    }

    @Test
    void theModelSurvivesARestartOfTheStore(@TempDir Path dir) {
        ModelSnapshot before;
        try (MvStore store = MvStore.open(dir)) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", "10.1.0.1");
            m.put(ENDPOINTS, request("c1"));
            m.put(ENDPOINTS, request("c2"));
            m.delete(ENDPOINTS, "c1");
            m.put(NODES, new Node("h1", Ipv4.parse("192.168.0.1"), 0x7e0e01L));
            before = m.snapshot();
        }
        try (MvStore store = MvStore.open(dir)) {
            ModelManager m = new ModelManager(store);
            assertEquals(before.get(TENANTS), m.snapshot().get(TENANTS));
            assertEquals(before.get(NETWORKS), m.snapshot().get(NETWORKS));
            assertEquals(before.get(ENDPOINTS), m.snapshot().get(ENDPOINTS));
            assertEquals(before.get(NODES), m.snapshot().get(NODES));
            // The pools are rebuilt from the endpoints: c1's address is free again and given to the next one.
            assertEquals(Ipv4.parse("10.1.0.2"), m.put(ENDPOINTS, request("c3")).value().ip());
            assertEquals(Ipv4.parse("10.1.0.4"), m.put(ENDPOINTS, request("c4")).value().ip());
        }
    }

    @Test
    void concurrentRequestsNeverGetTheSameAddress() throws Exception {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = withNetwork(store, "10.2.0.0/24", "10.2.0.254");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Endpoint>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String id = "c" + i;
                futures.add(pool.submit(() -> m.put(ENDPOINTS, request(id)).value()));
            }
            Set<Ipv4> seen = new HashSet<>();
            int full = 0;
            for (Future<Endpoint> f : futures) {
                try {
                    Endpoint e = f.get();
                    assertEquals(true, seen.add(e.ip()), "address given twice: " + e.ip());
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(ValidationException.class, e.getCause().getClass());
                    full++;
                }
            }
            pool.shutdown();
            assertEquals(253, seen.size(), "a /24 has 254 host addresses, one of them the gateway");
            assertEquals(300 - 253, full, "requests refused once the subnet was full");
        }
    }

    @Test
    void tagsAreAllocatedGloballyAndFreedWithTheirNetwork() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", null);
            m.put(TENANTS, new Tenant("u", ""));
            NetworkKey other = new NetworkKey("u", "n");
            int t1 = m.snapshot().get(NETWORKS).get(NET).tag();
            int t2 = m.put(NETWORKS, new NetworkSpec(other, Encap.VXLAN, Ipv4Prefix.parse("10.1.0.0/24"), null, 0, ""))
                    .value().tag();
            assertNotEquals(t1, t2);
            m.delete(NETWORKS, NET);
            NetworkKey third = new NetworkKey("t", "x");
            assertEquals(t1, m.put(NETWORKS, new NetworkSpec(third, Encap.VXLAN, Ipv4Prefix.parse("10.3.0.0/24"), null,
                    0, "")).value().tag());
        }
    }

    @Test
    void aNetworkWithEndpointsCannotChangeItsSubnet() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", null);
            m.put(ENDPOINTS, request("c1"));
            ValidationException e = assertThrows(ValidationException.class, () -> m.put(NETWORKS, new NetworkSpec(NET,
                    Encap.VXLAN, Ipv4Prefix.parse("10.1.1.0/24"), null, 0, "")));
            assertEquals("subnet", e.field());
        }
    }
}
