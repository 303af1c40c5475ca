package io.tenet.controller.store;

import java.util.List;

/**
 * Durable, revisioned storage of the model as JSON documents in named collections: the SPI that the embedded
 * store and a cluster store (etcd) implement, and the only way the model reaches its storage.
 *
 * <p>Contract, checked for every implementation by {@code ModelStoreContract}:
 * <ul>
 *   <li>Every commit is atomic and moves the store to the next revision (revision 0 is the empty store).</li>
 *   <li>{@link #commit} is a compare-and-set: it applies only when the store is still at the revision the caller
 *       read, so two writers (two controllers) can never lose each other's updates.</li>
 *   <li>{@link #watch} delivers every commit after a revision exactly once, in revision order, including the
 *       watcher's own; a watcher that falls behind what the store still remembers is told so
 *       ({@link StoreWatcher#compacted}) and must read again.</li>
 * </ul>
 */
public interface ModelStore extends AutoCloseable {
    /** Every document, as of one revision. */
    StoreContents read();

    /**
     * Applies {@code writes} atomically if the store is at {@code expectedRevision}.
     *
     * @return the revision of the commit ({@code expectedRevision + 1})
     * @throws RevisionConflictException     when another commit came first; nothing is written
     * @throws CommitOutcomeUnknownException when the store did not confirm the commit in time; it may still take
     *                                       effect, whole, and then reaches the watches like any other
     * @throws IllegalStateException         when the store cannot write; nothing is written
     */
    long commit(long expectedRevision, List<Write> writes);

    /**
     * Delivers every commit after {@code afterRevision} to {@code watcher}, in order, on a thread of the store's,
     * until the returned watch is closed.
     *
     * @throws IllegalArgumentException when {@code afterRevision} lies beyond the store's revision
     */
    Watch watch(long afterRevision, StoreWatcher watcher);

    /**
     * The mastership of switches among the controllers that share this store, with leases that lapse within
     * {@code leaseTtl} of a controller's death; {@link Mastership#SOLE} for a store only one controller uses.
     */
    default Mastership mastership(java.time.Duration leaseTtl) {
        return Mastership.SOLE;
    }

    @Override
    void close();

    /** One document written ({@code json} non-null) or removed ({@code json} null). */
    record Write(String collection, String key, String json) {
        public Write {
            if (collection == null || collection.isEmpty() || collection.startsWith("_")) {
                throw new IllegalArgumentException("collection names are non-empty and never start with '_': "
                        + collection);
            }
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("document key is empty in collection " + collection);
            }
        }

        public static Write put(String collection, String key, String json) {
            return new Write(collection, key, json);
        }

        public static Write delete(String collection, String key) {
            return new Write(collection, key, null);
        }
    }

    /** One commit as a watcher sees it. */
    record Commit(long revision, List<Write> writes) {
        public Commit {
            writes = List.copyOf(writes);
        }
    }

    /** A running watch; closing it stops the deliveries (one in progress may finish). */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
