package io.tenet.controller.rest;

import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.StoreContents;
import io.tenet.controller.store.StoreWatcher;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot commit (a full or read-only disk, a cluster without quorum) is not the client's fault: the
 * write is answered 503 naming the store, the model is unchanged, and the same write succeeds once the store
 * commits again.
 */
class StoreUnavailableTest {
    /** The embedded store, refusing commits as a store that cannot write does while {@code refusing} is set. */
    private static final class RefusingStore implements ModelStore {
        final MvStore inner = MvStore.inMemory();
        final AtomicBoolean refusing = new AtomicBoolean();

        @Override
        public StoreContents read() {
            return inner.read();
        }

        @Override
        public long commit(long expectedRevision, List<Write> writes) {
            if (refusing.get()) {
                throw new IllegalStateException("disk is read-only");
            }
            return inner.commit(expectedRevision, writes);
        }

        @Override
        public Watch watch(long afterRevision, StoreWatcher watcher) {
            return inner.watch(afterRevision, watcher);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aStoreThatCannotCommitIsA503AndChangesNothing() {
        try (RefusingStore store = new RefusingStore(); ModelManager model = new ModelManager(store)) {
            RestApi api = new RestApi(model, null);
            byte[] body = "{\"tenantName\":\"t1\"}".getBytes(StandardCharsets.UTF_8);
            long before = model.snapshot().revision();

            store.refusing.set(true);
            ApiResponse refused = api.handle("POST", "/api/v1/tenants/t1/", body);
            assertEquals(503, refused.status(), refused.body().toString());
            assertEquals("store", refused.body().path("field").asText());
            assertTrue(refused.body().path("error").asText().contains("disk is read-only"), refused.body().toString());
            assertEquals(before, model.snapshot().revision());
            assertFalse(model.snapshot().get(TENANTS).containsKey("t1"));

            store.refusing.set(false);
            ApiResponse accepted = api.handle("POST", "/api/v1/tenants/t1/", body);
            assertEquals(2, accepted.status() / 100, accepted.body().toString());
            assertTrue(model.snapshot().get(TENANTS).containsKey("t1"));
        }
    }
}
