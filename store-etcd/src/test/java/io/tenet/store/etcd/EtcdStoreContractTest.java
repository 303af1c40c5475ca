package io.tenet.store.etcd;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.ModelStoreContract;
import io.tenet.controller.store.RevisionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real etcd (one member, shared by the tests of this class; each test starts from an
 * empty prefix), and what the etcd store does of its own: two controllers' stores on one etcd, watches from an
 * old revision by a store that never saw it, compacted history, large documents, bad endpoints.
 */
class EtcdStoreContractTest extends ModelStoreContract {
    private static EtcdCluster etcd;
    private static Client raw;
    private final List<ModelStore> extra = new ArrayList<>();

    @BeforeAll
    static void startEtcd() throws Exception {
        etcd = EtcdCluster.start(1);
        raw = Client.builder().endpoints(etcd.endpoints().split(",")).build();
    }

    @AfterAll
    static void stopEtcd() {
        if (raw != null) {
            raw.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeExtra() {
        extra.forEach(ModelStore::close);
    }

    private static int roots;
    /** Each test's stores live under a root of their own, so they start empty on the shared etcd. */
    private Layout layout;

    /** Another controller's store on the same model. */
    private ModelStore open() {
        ModelStore s = EtcdStoreProvider.open(etcd.endpoints(), layout);
        extra.add(s);
        return s;
    }

    @Override
    protected ModelStore openEmpty() {
        layout = new Layout("/tenet-test-" + roots++ + "/");
        return EtcdStoreProvider.open(etcd.endpoints(), layout);
    }

    @Override
    protected ModelStore reopen(ModelStore closed) {
        return EtcdStoreProvider.open(etcd.endpoints(), layout);
    }

    @Test
    void twoControllersOnOneEtcdSeeEachOthersCommitsAndNeverOverwriteThem() throws Exception {
        ModelStore a = openEmpty();
        extra.add(a);
        ModelStore b = open();
        Recorder seenByB = new Recorder();
        try (ModelStore.Watch w = b.watch(0, seenByB)) {
            a.commit(0, List.of(Write.put("tenants", "t1", "{}")));
            await(() -> seenByB.revisions().equals(List.of(1L)), () -> "b saw " + seenByB.revisions());
            assertEquals(List.of(Write.put("tenants", "t1", "{}")), seenByB.commits.get(0).writes());
            RevisionConflictException e = assertThrows(RevisionConflictException.class,
                    () -> b.commit(0, List.of(Write.put("tenants", "t1", "{\"mine\":true}"))));
            assertEquals(1, e.actual());
            assertEquals(Map.of("t1", "{}"), b.read().collection("tenants"));
        }
    }

    @Test
    void aStoreThatNeverSawARevisionWatchesFromItThroughEtcdsHistory() throws Exception {
        ModelStore a = openEmpty();
        extra.add(a);
        for (long r = 0; r < 6; r++) {
            a.commit(r, List.of(Write.put("nodes", "h" + r, "{}"), Write.delete("nodes", "h" + (r - 1))));
        }
        Recorder r = new Recorder();
        try (ModelStore.Watch w = open().watch(2, r)) {
            await(() -> r.revisions().equals(List.of(3L, 4L, 5L, 6L)), () -> "from 2: " + r.revisions());
            assertEquals(List.of(Write.put("nodes", "h2", "{}"), Write.delete("nodes", "h1")),
                    r.commits.get(0).writes());
        }
    }

    @Test
    void aWatchFromCompactedHistoryIsToldToReadAgain() throws Exception {
        ModelStore a = openEmpty();
        extra.add(a);
        for (long r = 0; r < 3; r++) {
            a.commit(r, List.of(Write.put("nodes", "h", Long.toString(r))));
        }
        long now = raw.getKVClient().get(Layout.bytes(layout.revisionKey())).get(5, TimeUnit.SECONDS)
                .getHeader().getRevision();
        raw.getKVClient().compact(now, CompactOption.builder().withCompactPhysical(true).build()).get(5,
                TimeUnit.SECONDS);
        Recorder r = new Recorder();
        try (ModelStore.Watch w = open().watch(1, r)) {
            await(() -> r.compactedAt == 3, () -> "compaction reported: " + r.compactedAt);
            assertEquals(List.of(), r.commits);
        }
    }

    @Test
    void aReadPagesThroughManyDocuments() throws Exception {
        ModelStore a = openEmpty();
        extra.add(a);
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            writes.add(Write.put("endpoints", "t:n:" + i, "{\"i\":" + i + "}"));
        }
        a.commit(0, writes);
        Map<String, String> read = open().read().collection("endpoints");
        assertEquals(5000, read.size());
        assertEquals("{\"i\":4321}", read.get("t:n:4321"));
    }

    @Test
    void aMalformedEndpointIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EtcdStoreProvider().open("http://127.0.0.1:2379,127.0.0.1:2380"));
        assertTrue(e.getMessage().contains("'127.0.0.1:2380'"), e.getMessage());
    }

    @Test
    void aCommitIsStoredAsOneKeyPerDocumentUnderTheRoot() throws Exception {
        ModelStore a = openEmpty();
        extra.add(a);
        a.commit(0, List.of(Write.put("networks", "t1:n1", "{\"subnet\":\"10.1.0.0/24\"}")));
        var kv = raw.getKVClient().get(Layout.bytes(layout.model() + "networks/t1:n1")).get(5, TimeUnit.SECONDS);
        assertEquals("{\"subnet\":\"10.1.0.0/24\"}", Layout.text(kv.getKvs().get(0).getValue()));
        assertEquals("1", Layout.text(raw.getKVClient().get(Layout.bytes(layout.revisionKey())).get(5, TimeUnit.SECONDS)
                .getKvs().get(0).getValue()));
    }

    @Test
    void anUnreachableEtcdFailsToOpenWithinTheTimeout() {
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EtcdStoreProvider().open("http://127.0.0.1:1"));
        assertTrue(e.getMessage().contains("http://127.0.0.1:1"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "gave up within the timeout");
    }
}
