package io.tenet.controller.model;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.store.embedded.MvStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Subscribers get the model, then its changes, each naming what it touched; outside the write lock, so a slow
 * subscriber sees merged changes and never holds up a writer; a failing one is retried with what came meanwhile.
 */
class ModelChangesTest {

    @Test
    void aSubscriberGetsTheModelThenEachChangeNamingItsKeys() throws Exception {
        try (MvStore store = MvStore.inMemory(); ModelManager m = ModelManagerTest.withNetwork(store, "10.1.0.0/24",
                null)) {
            List<ModelChange> seen = new CopyOnWriteArrayList<>();
            try (Subscription s = m.subscribe("test", seen::add)) {
                await("the initial change", () -> seen.size() == 1);
                ModelChange first = seen.get(0);
                assertTrue(first.isInitial());
                assertEquals(Set.of("t"), first.changed(TENANTS));
                assertEquals(1, first.next().get(NETWORKS).size());
                m.put(ENDPOINTS, ModelManagerTest.request("c1"));
                await("the endpoint's change", () -> seen.size() == 2);
                ModelChange second = seen.get(1);
                assertEquals(Set.of("c1"), second.changed(ENDPOINTS));
                assertTrue(!second.touches(TENANTS) && !second.touches(NETWORKS));
                assertEquals(first.next(), second.previous(), "changes follow each other");
                assertEquals(m.snapshot(), second.next());
            }
        }
    }

    @Test
    void aSlowSubscriberHoldsUpNoWriterAndSeesTheChangesMerged() throws Exception {
        try (MvStore store = MvStore.inMemory(); ModelManager m = ModelManagerTest.withNetwork(store, "10.1.0.0/24",
                null)) {
            CountDownLatch release = new CountDownLatch(1);
            List<ModelChange> seen = new CopyOnWriteArrayList<>();
            try (Subscription s = m.subscribe("slow", change -> {
                seen.add(change);
                release.await(10, TimeUnit.SECONDS);
            })) {
                await("the initial change", () -> seen.size() == 1);
                long start = System.nanoTime();
                for (int i = 0; i < 50; i++) {
                    m.put(ENDPOINTS, ModelManagerTest.request("c" + i));
                }
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "writes waited for the subscriber");
                release.countDown();
                await("the merged change", () -> !seen.isEmpty() && seen.get(seen.size() - 1).next().equals(m.snapshot()));
                Set<String> delivered = new HashSet<>();
                seen.subList(1, seen.size()).forEach(c -> delivered.addAll(c.changed(ENDPOINTS)));
                assertEquals(50, delivered.size(), "every key is named once the subscriber catches up");
                assertTrue(seen.size() < 51, "50 writes arrived as fewer, merged changes: " + seen.size());
            }
        }
    }

    @Test
    void aFailingSubscriberIsRetriedWithTheChangesThatCameMeanwhile() throws Exception {
        try (MvStore store = MvStore.inMemory(); ModelManager m = new ModelManager(store)) {
            List<ModelChange> seen = new CopyOnWriteArrayList<>();
            int[] calls = {0};
            try (Subscription s = m.subscribe("flaky", change -> {
                calls[0]++;
                if (calls[0] == 2) {
                    m.put(TENANTS, new Tenant("late", ""));
                    throw new IllegalStateException("the peer is down");
                }
                seen.add(change);
            })) {
                await("the initial change", () -> seen.size() == 1);
                m.put(TENANTS, new Tenant("early", ""));
                await("the retry", () -> seen.size() == 2);
                assertEquals(Set.of("early", "late"), seen.get(1).changed(TENANTS),
                        "the failed change is retried merged with the one that came during its failure");
                assertEquals(1, s.status().failures());
            }
        }
    }
}
