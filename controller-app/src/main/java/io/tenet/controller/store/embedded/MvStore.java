package io.tenet.controller.store.embedded;

import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.RevisionConflictException;
import io.tenet.controller.store.StoreContents;
import io.tenet.controller.store.StoreWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store, on H2's MVStore: one file {@code tenet.mv.db} in the data directory, one map per
 * collection plus a map {@code _tenet} holding the revision, each commit a new durable version (a failed commit
 * rolls the maps back to the last one). MVStore locks the file, so two controllers can never share a data
 * directory; writers inside one process are serialised by the revision check.
 *
 * <p>Watches are served from an in-memory log of the last {@link #LOG_SIZE} commits: a watch from an older
 * revision (or from before this process opened the store) is told it is compacted, as etcd does.
 */
public final class MvStore implements ModelStore {
    public static final String FILE_NAME = "tenet.mv.db";
    /** How many recent commits a watch can start behind the current revision. */
    static final int LOG_SIZE = 10_000;
    private static final Logger log = LoggerFactory.getLogger(MvStore.class);
    private static final String META = "_tenet";
    private static final String REVISION = "revision";

    private final MVStore store;
    private final ArrayDeque<Commit> recent = new ArrayDeque<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    /** Delivers commits to watchers in revision order, never on the committing thread. */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tenet-store-watch");
        t.setDaemon(true);
        return t;
    });
    private long revision;
    /** The oldest revision whose successor the log still holds. */
    private long logStart;

    private MvStore(MVStore store) {
        this.store = store;
        String stored = meta().get(REVISION);
        this.revision = stored == null ? 0 : Long.parseLong(stored);
        this.logStart = revision;
    }

    /** Opens (or creates) the store in {@code dataDir}; fails with a message naming the directory. */
    public static MvStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e, e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new IllegalStateException("data directory " + dataDir + " is not writable");
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            return new MvStore(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open store " + file + " (is another controller using it?): "
                    + e.getMessage(), e);
        }
    }

    /** A store that lives in memory only, for tests and benchmarks. */
    public static MvStore inMemory() {
        return new MvStore(new MVStore.Builder().autoCommitDisabled().open());
    }

    private MVMap<String, String> meta() {
        return store.openMap(META);
    }

    private MVMap<String, String> map(String collection) {
        return store.openMap(collection);
    }

    @Override
    public synchronized StoreContents read() {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (String name : store.getMapNames()) {
            if (!name.startsWith("_")) {
                out.put(name, Map.copyOf(map(name)));
            }
        }
        return new StoreContents(revision, out);
    }

    @Override
    public synchronized long commit(long expectedRevision, List<Write> writes) {
        if (expectedRevision != revision) {
            throw new RevisionConflictException(expectedRevision, revision);
        }
        long next = revision + 1;
        try {
            for (Write w : writes) {
                if (w.json() == null) {
                    map(w.collection()).remove(w.key());
                } else {
                    map(w.collection()).put(w.key(), w.json());
                }
            }
            meta().put(REVISION, Long.toString(next));
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw new IllegalStateException("store commit failed and was rolled back: " + e.getMessage(), e);
        }
        revision = next;
        Commit commit = new Commit(next, writes);
        recent.addLast(commit);
        if (recent.size() > LOG_SIZE) {
            logStart = recent.removeFirst().revision();
        }
        for (Watcher w : watchers) {
            w.deliver(commit);
        }
        return next;
    }

    @Override
    public synchronized Watch watch(long afterRevision, StoreWatcher watcher) {
        if (afterRevision > revision) {
            throw new IllegalArgumentException("cannot watch from revision " + afterRevision + ": the store is at "
                    + revision);
        }
        Watcher w = new Watcher(watcher);
        if (afterRevision < logStart) {
            long current = revision;
            notifier.execute(() -> watcher.compacted(current));
            return () -> { };
        }
        for (Commit c : recent) {
            if (c.revision() > afterRevision) {
                w.deliver(c);
            }
        }
        watchers.add(w);
        return () -> {
            w.closed = true;
            watchers.remove(w);
        };
    }

    /** One watch: deliveries go through the notifier, so they keep the order in which commits were made. */
    private final class Watcher {
        final StoreWatcher target;
        volatile boolean closed;

        Watcher(StoreWatcher target) {
            this.target = target;
        }

        void deliver(Commit c) {
            notifier.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    target.committed(c);
                } catch (RuntimeException e) {
                    log.error("A store watcher failed on revision {}: {}; it keeps receiving later commits",
                            c.revision(), e.toString(), e);
                }
            });
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            watchers.forEach(w -> w.closed = true);
            watchers.clear();
            notifier.shutdown();
        }
        // Outside the monitor: a delivery in progress may be waiting for a writer that waits for this store.
        try {
            notifier.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!store.isClosed()) {
                store.close();
            }
        }
    }
}
