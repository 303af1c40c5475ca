package io.tenet.controller.model;

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
import io.tenet.controller.store.MvStore;
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
    private static final NetworkKey NET = new NetworkKey("t", "n");

    static ModelManager withNetwork(MvStore store, String subnet, String gateway) {
        ModelManager m = new ModelManager(store);
        m.putTenant(new Tenant("t", ""));
        m.putNetwork(new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse(subnet),
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
            m.createEndpoint(new EndpointRequest("a", NET, "", "h1", "tnx", "a", Map.of(), null));
            ValidationException e = assertThrows(ValidationException.class, () -> m.createEndpoint(
                    new EndpointRequest("b", NET, "", "h1", "tnx", "b", Map.of(), null)));
            assertEquals("intfName", e.field());
            assertEquals(ValidationException.Kind.CONFLICT, e.kind());
            assertEquals(1, m.snapshot().endpoints().size(), "the refused endpoint left nothing behind");
            // The same name on another node is another port.
            m.createEndpoint(new EndpointRequest("c", NET, "", "h2", "tnx", "c", Map.of(), null));
        }
    }

    @Test
    void theModelSurvivesARestartOfTheStore(@TempDir Path dir) {
        ModelSnapshot before;
        try (MvStore store = MvStore.open(dir)) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", "10.1.0.1");
            m.createEndpoint(request("c1"));
            m.createEndpoint(request("c2"));
            m.deleteEndpoint("c1");
            m.putNode(new Node("h1", Ipv4.parse("192.168.0.1"), 0x7e0e01L));
            before = m.snapshot();
        }
        try (MvStore store = MvStore.open(dir)) {
            ModelManager m = new ModelManager(store);
            assertEquals(before.tenants(), m.snapshot().tenants());
            assertEquals(before.networks(), m.snapshot().networks());
            assertEquals(before.endpoints(), m.snapshot().endpoints());
            assertEquals(before.nodes(), m.snapshot().nodes());
            // The pools are rebuilt from the endpoints: c1's address is free again and given to the next one.
            assertEquals(Ipv4.parse("10.1.0.2"), m.createEndpoint(request("c3")).ip());
            assertEquals(Ipv4.parse("10.1.0.4"), m.createEndpoint(request("c4")).ip());
        }
    }

    @Test
    void aSecondControllerCannotOpenTheSameDataDirectory(@TempDir Path dir) {
        try (MvStore store = MvStore.open(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MvStore.open(dir));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
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
                futures.add(pool.submit(() -> m.createEndpoint(request(id))));
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
            m.putTenant(new Tenant("u", ""));
            NetworkKey other = new NetworkKey("u", "n");
            int t1 = m.snapshot().networks().get(NET).tag();
            int t2 = m.putNetwork(new NetworkSpec(other, Encap.VXLAN, Ipv4Prefix.parse("10.1.0.0/24"), null, 0, ""))
                    .tag();
            assertNotEquals(t1, t2);
            m.deleteNetwork(NET);
            NetworkKey third = new NetworkKey("t", "x");
            assertEquals(t1, m.putNetwork(new NetworkSpec(third, Encap.VXLAN, Ipv4Prefix.parse("10.3.0.0/24"), null,
                    0, "")).tag());
        }
    }

    @Test
    void aNetworkWithEndpointsCannotChangeItsSubnet() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = withNetwork(store, "10.1.0.0/24", null);
            m.createEndpoint(request("c1"));
            ValidationException e = assertThrows(ValidationException.class, () -> m.putNetwork(new NetworkSpec(NET,
                    Encap.VXLAN, Ipv4Prefix.parse("10.1.1.0/24"), null, 0, "")));
            assertEquals("subnet", e.field());
        }
    }
}
