package io.tenet.controller.model;

import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSchema;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.ModelUnavailableException;
import io.tenet.controller.api.WriteResult;
import io.tenet.controller.api.WriteResult.Outcome;
import io.tenet.controller.store.CommitOutcomeUnknownException;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.RevisionConflictException;
import io.tenet.controller.store.StoreWatcher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model's writer: each write is admitted against the current snapshot (the collection's rules, then its
 * references), committed to the store on the condition that the store is still at the snapshot's revision, and
 * only then published as the next snapshot; a failure at any step leaves snapshot and store as they were.
 *
 * <p>The writer also follows the store: commits made by another controller on a shared store arrive through a
 * watch and are applied and published the same way. A write that finds the store moved on (a revision conflict)
 * waits until the watch has brought the snapshot up to date, then admits the request again against it, so two
 * controllers never allocate the same address or tag.
 *
 * <p>The lock is held while admitting, committing and handing the change to each subscriber's queue; no
 * subscriber code runs under it.
 */
final class ModelWriter implements StoreWatcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelWriter.class);
    private static final int MAX_CONFLICTS = 20;
    private final ModelStore store;
    private final SnapshotCodec codec;
    private final References references;
    private final Consumer<ModelChange> publish;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile ModelSnapshot snapshot;
    /** The store watch; replaced when the store says it can no longer serve it. Guarded by the lock. */
    private ModelStore.Watch watch;

    ModelWriter(ModelStore store, ModelSchema schema, Consumer<ModelChange> publish) {
        this.store = store;
        this.codec = new SnapshotCodec(schema);
        this.references = new References(schema);
        this.publish = publish;
        this.snapshot = codec.load(store.read());
        // Under the lock, so that a watch event (even a compaction) waits until the watch is recorded.
        locked(() -> {
            watch = store.watch(snapshot.revision(), this);
            return null;
        });
    }

    ModelSnapshot snapshot() {
        return snapshot;
    }

    /** Runs {@code action} under the write lock: nothing is published meanwhile. */
    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** What one attempt at a write decided: the changes to commit (none when there is nothing to do). */
    private record Attempt<T>(ModelSnapshot.Builder changes, ModelSnapshot after, T result) {
    }

    @FunctionalInterface
    private interface Admission<T> {
        Attempt<T> admit(ModelSnapshot current);
    }

    <K, V, R> WriteResult<V> put(ModelCollection<K, V, R> c, R request) {
        return write(s -> {
            K key = c.requestKey(request);
            V existing = s.get(c).get(key);
            if (c.recordType().isInstance(request)) {
                // A request that is already a record names its references before admission: they are checked
                // first, so a missing tenant is reported before the collection's own conflicts.
                references.checkTargets(c, request, s);
            }
            V value = c.admit(request, existing, s);
            if (!key.equals(c.keyOf(value))) {
                throw new IllegalStateException(c + " admitted a request for " + key + " as " + c.keyOf(value));
            }
            references.checkTargets(c, value, s);
            if (value.equals(existing)) {
                return new Attempt<>(null, null, new WriteResult<>(existing, Outcome.UNCHANGED));
            }
            ModelSnapshot.Builder b = s.toBuilder().put(c, value);
            return new Attempt<>(b, b.build(s.version() + 1, s.revision()),
                    new WriteResult<>(value, existing == null ? Outcome.CREATED : Outcome.REPLACED));
        });
    }

    <K> boolean delete(ModelCollection<K, ?, ?> c, K key) {
        return write(s -> {
            Object existing = s.get(c).get(key);
            if (existing == null) {
                return new Attempt<>(null, null, false);
            }
            checkDelete(c, existing, s);
            ModelSnapshot.Builder b = s.toBuilder();
            List<References.Removed> removed = references.removeWithCascade(b, s, c, key);
            ModelSnapshot after = b.build(s.version() + 1, s.revision());
            references.checkNoneRestricts(removed, after);
            return new Attempt<>(b, after, true);
        });
    }

    @SuppressWarnings("unchecked")
    private static <V> void checkDelete(ModelCollection<?, V, ?> c, Object existing, ModelSnapshot s) {
        c.checkDelete((V) existing, s);
    }

    private <T> T write(Admission<T> admission) {
        for (int conflicts = 0; ; conflicts++) {
            RevisionConflictException conflict;
            lock.lock();
            try {
                ModelSnapshot s = snapshot;
                Attempt<T> a = admission.admit(s);
                if (a.changes() == null) {
                    return a.result();
                }
                try {
                    long revision = store.commit(s.revision(), codec.writes(a.changes(), a.after()));
                    advance(a.changes().changeTo(a.after().atRevision(revision)));
                    return a.result();
                } catch (RevisionConflictException e) {
                    conflict = e;
                } catch (CommitOutcomeUnknownException e) {
                    log.warn("The store did not confirm a commit: {}. The model is unchanged until the store says"
                            + " otherwise.", e.getMessage());
                    throw new ModelUnavailableException("the store did not confirm the change (" + e.getMessage()
                            + "); it is not in effect now and may still take effect when the store recovers: read"
                            + " it back before writing again", e);
                } catch (IllegalStateException e) {
                    log.warn("The store refused a commit: {}. Nothing was written; check the store (its data"
                            + " directory, disk or cluster) and retry.", e.getMessage());
                    throw new ModelUnavailableException("the store could not commit the change (" + e.getMessage()
                            + "); nothing was written, retry", e);
                }
            } finally {
                lock.unlock();
            }
            if (conflicts >= MAX_CONFLICTS) {
                throw new ModelUnavailableException("other writers kept committing first: " + conflicts
                        + " revision conflicts in a row (" + conflict.getMessage() + "); nothing was written, retry",
                        conflict);
            }
            awaitRevision(conflict.actual());
        }
    }

    /** Makes {@code change}'s next snapshot current and publishes the change; the caller holds the lock. */
    private void advance(ModelChange change) {
        snapshot = change.next();
        publish.accept(change);
        advanced.signalAll();
    }

    /** Waits for the watch to bring the snapshot to {@code revision}; reads the whole store if it does not. */
    private void awaitRevision(long revision) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (snapshot.revision() < revision) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    reload("the store watch did not deliver revision " + revision + " in time");
                    return;
                }
                advanced.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store to catch up", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void committed(ModelStore.Commit commit) {
        lock.lock();
        try {
            ModelSnapshot s = snapshot;
            if (commit.revision() <= s.revision()) {
                return;
            }
            if (commit.revision() != s.revision() + 1) {
                reload("the store watch skipped from revision " + s.revision() + " to " + commit.revision());
                return;
            }
            ModelSnapshot.Builder b = s.toBuilder();
            codec.apply(b, commit);
            advance(b.changeTo(b.build(s.version() + 1, commit.revision())));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void compacted(long currentRevision) {
        locked(() -> {
            reload("the store no longer holds the commits after revision " + snapshot.revision());
            return null;
        });
    }

    /** Reads the whole store, publishes the difference and watches again from there; the caller holds the lock. */
    private void reload(String why) {
        log.warn("Reading the whole store again: {}. The model catches up; nothing is lost.", why);
        ModelSnapshot s = snapshot;
        ModelSnapshot loaded = codec.load(store.read());
        advance(ModelChange.between(s, loaded.toBuilder().build(s.version() + 1, loaded.revision())));
        watch.close();
        watch = store.watch(loaded.revision(), this);
    }

    @Override
    public void close() {
        locked(() -> {
            watch.close();
            return null;
        });
    }
}
