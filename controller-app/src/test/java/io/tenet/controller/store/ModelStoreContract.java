package io.tenet.controller.store;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.store.ModelStore.Commit;
import io.tenet.controller.store.ModelStore.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelStore} must do, written against the SPI only: a store implementation's test extends
 * this class and says how to open a fresh, empty store (and, if it is durable, how to open it again). The etcd
 * store runs the same suite against a real etcd.
 */
public abstract class ModelStoreContract {
    private final List<ModelStore> opened = new ArrayList<>();

    /** A new, empty store. */
    protected abstract ModelStore openEmpty() throws Exception;

    /** The store last opened, closed and opened again; null when the implementation is not durable. */
    protected ModelStore reopen(ModelStore closed) throws Exception {
        return null;
    }

    private ModelStore store() throws Exception {
        ModelStore s = openEmpty();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ModelStore::close);
    }

    @Test
    void anEmptyStoreIsAtRevisionZero() throws Exception {
        StoreContents c = store().read();
        assertEquals(0, c.revision());
        assertEquals(Map.of(), c.collection("tenants"));
    }

    @Test
    void aCommitMovesToTheNextRevisionAndIsReadBack() throws Exception {
        ModelStore s = store();
        assertEquals(1, s.commit(0, List.of(Write.put("tenants", "t1", "{\"a\":1}"), Write.put("nodes", "h1", "{}"))));
        assertEquals(2, s.commit(1, List.of(Write.put("tenants", "t2", "{}"), Write.delete("nodes", "h1"))));
        StoreContents c = s.read();
        assertEquals(2, c.revision());
        assertEquals(Map.of("t1", "{\"a\":1}", "t2", "{}"), c.collection("tenants"));
        assertEquals(Map.of(), c.collection("nodes"));
    }

    @Test
    void aCommitAtAStaleRevisionIsRefusedWhole() throws Exception {
        ModelStore s = store();
        s.commit(0, List.of(Write.put("tenants", "t1", "{}")));
        RevisionConflictException e = assertThrows(RevisionConflictException.class,
                () -> s.commit(0, List.of(Write.put("tenants", "t2", "{}"), Write.delete("tenants", "t1"))));
        assertEquals(0, e.expected());
        assertEquals(1, e.actual());
        assertEquals(Map.of("t1", "{}"), s.read().collection("tenants"));
        assertEquals(1, s.read().revision());
    }

    @Test
    void concurrentReadModifyWriteLosesNoUpdate() throws Exception {
        ModelStore s = store();
        s.commit(0, List.of(Write.put("counters", "c", "0")));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong conflicts = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    while (true) {
                        StoreContents c = s.read();
                        long value = Long.parseLong(c.collection("counters").get("c"));
                        try {
                            s.commit(c.revision(), List.of(Write.put("counters", "c", Long.toString(value + 1))));
                            break;
                        } catch (RevisionConflictException retry) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals("200", s.read().collection("counters").get("c"), "every increment survived");
        assertEquals(201, s.read().revision());
    }

    @Test
    void aWatchDeliversLaterCommitsInOrderIncludingTheBacklog() throws Exception {
        ModelStore s = store();
        s.commit(0, List.of(Write.put("tenants", "t1", "{}")));
        s.commit(1, List.of(Write.put("tenants", "t2", "{}")));
        Recorder fromOne = new Recorder();
        Recorder fromNow = new Recorder();
        try (ModelStore.Watch a = s.watch(1, fromOne); ModelStore.Watch b = s.watch(2, fromNow)) {
            s.commit(2, List.of(Write.delete("tenants", "t1")));
            s.commit(3, List.of(Write.put("nodes", "h1", "{}")));
            await(() -> fromOne.revisions().equals(List.of(2L, 3L, 4L)), () -> "from 1: " + fromOne.revisions());
            await(() -> fromNow.revisions().equals(List.of(3L, 4L)), () -> "from now: " + fromNow.revisions());
            assertEquals(List.of(Write.delete("tenants", "t1")), fromNow.commits.get(0).writes());
        }
    }

    @Test
    void aClosedWatchReceivesNothingMore() throws Exception {
        ModelStore s = store();
        Recorder r = new Recorder();
        ModelStore.Watch w = s.watch(0, r);
        s.commit(0, List.of(Write.put("tenants", "t1", "{}")));
        await(() -> r.revisions().equals(List.of(1L)), () -> "first commit: " + r.revisions());
        w.close();
        s.commit(1, List.of(Write.put("tenants", "t2", "{}")));
        // A third watcher proves the second commit was delivered to whoever still watches.
        Recorder later = new Recorder();
        try (ModelStore.Watch w2 = s.watch(1, later)) {
            await(() -> later.revisions().equals(List.of(2L)), () -> "second commit: " + later.revisions());
        }
        assertEquals(List.of(1L), r.revisions());
    }

    @Test
    void aWatchFromBeyondTheStoreIsRefused() throws Exception {
        ModelStore s = store();
        assertThrows(IllegalArgumentException.class, () -> s.watch(5, new Recorder()));
    }

    @Test
    void commitsSurviveReopening() throws Exception {
        ModelStore s = openEmpty();
        s.commit(0, List.of(Write.put("tenants", "t1", "{\"x\":\"y\"}")));
        s.commit(1, List.of(Write.put("tenants", "t2", "{}")));
        s.close();
        ModelStore again = reopen(s);
        if (again == null) {
            return;
        }
        opened.add(again);
        StoreContents c = again.read();
        assertEquals(2, c.revision());
        assertEquals(Map.of("t1", "{\"x\":\"y\"}", "t2", "{}"), c.collection("tenants"));
        assertEquals(3, again.commit(2, List.of(Write.delete("tenants", "t2"))));
    }

    /** Records what a watch delivers. */
    protected static final class Recorder implements StoreWatcher {
        public Recorder() {
        }

        public final List<Commit> commits = new CopyOnWriteArrayList<>();
        public volatile long compactedAt = -1;

        @Override
        public void committed(Commit commit) {
            commits.add(commit);
        }

        @Override
        public void compacted(long currentRevision) {
            compactedAt = currentRevision;
        }

        public List<Long> revisions() {
            return commits.stream().map(Commit::revision).toList();
        }
    }

    /** Polls until {@code condition} holds, failing with {@code what} after 10 s. */
}
