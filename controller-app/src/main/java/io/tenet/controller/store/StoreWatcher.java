package io.tenet.controller.store;

/** Receives the commits of a {@link ModelStore#watch}; called on one store thread, one commit at a time. */
public interface StoreWatcher {
    void committed(ModelStore.Commit commit);

    /**
     * The store no longer remembers the commits right after the revision this watch started from (or the watch
     * fell too far behind): nothing more comes; read the store again and watch from its revision.
     */
    void compacted(long currentRevision);
}
