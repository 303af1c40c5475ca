package io.tenet.store.etcd;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.store.CommitOutcomeUnknownException;
import io.tenet.controller.store.Mastership;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.StoreContents;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.StoreWatcher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The etcd store when etcd's members fail, on a real 3-member cluster: one member lost changes nothing; without a
 * quorum a commit is not confirmed within the timeout (and takes effect whole or not at all); when the members
 * return, commits go on and a watch that was open all along delivers every commit, in order; after an outage of
 * every member, with a watch open and a switch's mastership held throughout, the store commits again as soon as
 * etcd is back, the watch delivers and the mastership is held again.
 */
@Tag("system")
class EtcdStoreFaultTest {
    private EtcdCluster etcd;
    private ModelStore writer;
    private ModelStore follower;

    @BeforeEach
    void start() throws Exception {
        etcd = EtcdCluster.start(3);
        writer = new EtcdStoreProvider().open(etcd.endpoints());
        follower = new EtcdStoreProvider().open(etcd.endpoints());
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {writer, follower, etcd}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the others are closed anyway
            }
        }
    }

    /** Records the revisions a watch delivers. */
    private static final class Revisions implements StoreWatcher {
        final List<Long> seen = new CopyOnWriteArrayList<>();

        @Override
        public void committed(ModelStore.Commit commit) {
            seen.add(commit.revision());
        }

        @Override
        public void compacted(long currentRevision) {
            seen.add(-currentRevision);
        }
    }

    @Test
    void aLostMemberChangesNothingALostQuorumRefusesCommitsAndTheirReturnResumesEverything() throws Exception {
        Revisions watched = new Revisions();
        try (ModelStore.Watch w = follower.watch(0, watched)) {
            writer.commit(0, List.of(Write.put("tenants", "t1", "{}")));
            etcd.kill(0);
            // The member may have been the leader: a proposal in flight is lost, and the commit asks again.
            writer.commit(1, List.of(Write.put("tenants", "t2", "{}")));
            writer.commit(2, List.of(Write.put("tenants", "t3", "{}")));
            await(() -> watched.seen.equals(List.of(1L, 2L, 3L)), () -> "with one member down: " + watched.seen);

            etcd.kill(1);
            long start = System.nanoTime();
            CommitOutcomeUnknownException refused = assertThrows(CommitOutcomeUnknownException.class,
                    () -> writer.commit(3, List.of(Write.put("tenants", "t4", "{}"))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(EtcdStoreProvider.COMMIT_TIMEOUT.plusSeconds(3)) < 0, "refused after " + took);
            assertTrue(refused.getMessage().contains("etcd at " + etcd.endpoints()), refused.getMessage());

            etcd.restart(0);
            etcd.restart(1);
            etcd.awaitHealthy(Duration.ofSeconds(30));
            // The unconfirmed commit took effect whole or not at all: t4 is there exactly when revision 4 is.
            StoreContents after = writer.read();
            boolean applied = after.revision() == 4;
            assertTrue(applied || after.revision() == 3, "revision " + after.revision());
            assertEquals(applied ? List.of("t1", "t2", "t3", "t4") : List.of("t1", "t2", "t3"),
                    after.collection("tenants").keySet().stream().sorted().toList());
            writer.commit(after.revision(), List.of(Write.put("tenants", "t5", "{}")));
            List<Long> all = applied ? List.of(1L, 2L, 3L, 4L, 5L) : List.of(1L, 2L, 3L, 4L);
            await(() -> watched.seen.equals(all), () -> "after the members returned: " + watched.seen);
        }
    }

    @Test
    void afterEveryMemberWasDownCommitsGoThroughAsSoonAsAQuorumIsBack() throws Exception {
        Revisions watched = new Revisions();
        Mastership mastership = writer.mastership(Duration.ofSeconds(3));
        AtomicBoolean master = new AtomicBoolean();
        mastership.join(0xabc, (isMaster, generation) -> master.set(isMaster));
        try (ModelStore.Watch w = follower.watch(0, watched)) {
            writer.commit(0, List.of(Write.put("tenants", "t1", "{}")));
            await(() -> watched.seen.equals(List.of(1L)) && master.get(), () -> "before: " + watched.seen + " "
                    + master);
            for (int i = 0; i < etcd.size(); i++) {
                etcd.kill(i);
            }
            // Long enough for gRPC's own wait between reconnection attempts to grow past 6 s (1 s, then x1.6 each),
            // and for watches and the mastership's lease renewals to fail over and over.
            long outageEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < outageEnds) {
                assertThrows(IllegalStateException.class,
                        () -> writer.commit(1, List.of(Write.put("tenants", "t2", "{}"))));
            }
            for (int i = 0; i < etcd.size(); i++) {
                etcd.restart(i);
            }
            etcd.awaitHealthy(Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            RuntimeException last = null;
            long committed = -1;
            while (committed < 0 && System.nanoTime() < deadline) {
                try {
                    StoreContents now = writer.read();
                    writer.commit(now.revision(), List.of(Write.put("tenants", "t3", "{}")));
                    committed = now.revision() + 1;
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            if (committed < 0) {
                throw new AssertionError("no commit within 3 s of etcd being healthy again", last);
            }
            assertTrue(writer.read().collection("tenants").containsKey("t3"));
            long revision = committed;
            await(() -> watched.seen.contains(revision), () -> "the watch open all along: " + watched.seen);
            await(master::get, () -> "the mastership held again");
        } finally {
            mastership.close();
        }
    }
}
