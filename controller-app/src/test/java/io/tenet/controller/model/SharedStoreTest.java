package io.tenet.controller.model;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.store.embedded.MvStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two models on one store, as two controllers share a cluster store: what one writes the other sees through the
 * store's watch, and writers racing through both never hand out one address twice, because every commit is
 * conditional on the revision its admission read.
 */
class SharedStoreTest {

    @Test
    void aWriteThroughOneIsSeenByTheOther() throws Exception {
        try (MvStore store = MvStore.inMemory(); ModelManager a = new ModelManager(store);
                ModelManager b = new ModelManager(store)) {
            a.put(TENANTS, new Tenant("t1", ""));
            await("b to see t1", () -> b.snapshot().get(TENANTS).containsKey("t1"));
            b.delete(TENANTS, "t1");
            await("a to see t1 go", () -> !a.snapshot().get(TENANTS).containsKey("t1"));
            assertEquals(a.snapshot().revision(), b.snapshot().revision());
        }
    }

    @Test
    void racingWritersThroughBothNeverShareAnAddress() throws Exception {
        try (MvStore store = MvStore.inMemory(); ModelManager a = ModelManagerTest.withNetwork(store, "10.2.0.0/25",
                null); ModelManager b = new ModelManager(store)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Endpoint>> futures = new ArrayList<>();
            for (int i = 0; i < 140; i++) {
                ModelManager through = i % 2 == 0 ? a : b;
                String id = "c" + i;
                futures.add(pool.submit(() -> through.put(ENDPOINTS, ModelManagerTest.request(id)).value()));
            }
            Set<Ipv4> seen = new HashSet<>();
            int full = 0;
            for (Future<Endpoint> f : futures) {
                try {
                    assertEquals(true, seen.add(f.get().ip()), "an address was given twice");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertEquals(ValidationException.class, e.getCause().getClass(), e.getCause().toString());
                    full++;
                }
            }
            pool.shutdown();
            assertEquals(126, seen.size(), "a /25 has 126 host addresses");
            assertEquals(140 - 126, full);
            await("both to converge", () -> a.snapshot().revision() == b.snapshot().revision());
            assertEquals(a.snapshot().get(ENDPOINTS), b.snapshot().get(ENDPOINTS));
            assertEquals(a.snapshot().index(ModelIndexes.ADDRESSES).get(ModelManagerTest.NET).ranges(true),
                    b.snapshot().index(ModelIndexes.ADDRESSES).get(ModelManagerTest.NET).ranges(true),
                    "both derive the same allocations from the same records");
        }
    }
}
