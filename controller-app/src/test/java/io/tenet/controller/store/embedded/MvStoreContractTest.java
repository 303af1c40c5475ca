package io.tenet.controller.store.embedded;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.ModelStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded store (on disk, so durability is checked too), and what is its own. */
class MvStoreContractTest extends ModelStoreContract {
    @TempDir
    Path root;
    private int count;
    private Path last;

    @Override
    protected ModelStore openEmpty() {
        last = root.resolve("s" + count++);
        return MvStore.open(last);
    }

    @Override
    protected ModelStore reopen(ModelStore closed) {
        return MvStore.open(last);
    }

    @Test
    void aSecondControllerCannotOpenTheSameDataDirectory(@TempDir Path dir) {
        try (MvStore store = MvStore.open(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MvStore.open(dir));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
    }

    @Test
    void aWatchFromBeforeTheLogIsToldItIsCompacted(@TempDir Path dir) throws Exception {
        try (MvStore s = MvStore.open(dir)) {
            s.commit(0, List.of(Write.put("tenants", "t1", "{}")));
        }
        try (MvStore s = MvStore.open(dir)) {
            // This process never saw revision 1: a watch from 0 cannot be served from memory.
            Recorder r = new Recorder();
            s.watch(0, r);
            await(() -> r.compactedAt == 1, () -> "compaction reported: " + r.compactedAt);
            assertEquals(List.of(), r.commits);
        }
    }
}
