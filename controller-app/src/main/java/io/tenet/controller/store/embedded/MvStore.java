package io.tenet.controller.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded default store, on H2's MVStore: one file {@code tenet.mv.db} in the data directory, one map per
 * collection, each commit a new durable version (a failed commit rolls the maps back to the last one). MVStore
 * locks the file, so two controllers can never share a data directory.
 */
public final class MvStore implements Store {
    public static final String FILE_NAME = "tenet.mv.db";
    private final MVStore store;

    private MvStore(MVStore store) {
        this.store = store;
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

    @Override
    public synchronized Map<String, String> load(String collection) {
        return new TreeMap<>(map(collection));
    }

    private MVMap<String, String> map(String collection) {
        return store.openMap(collection);
    }

    @Override
    public synchronized void commit(List<Write> writes) {
        try {
            for (Write w : writes) {
                if (w.json() == null) {
                    map(w.collection()).remove(w.key());
                } else {
                    map(w.collection()).put(w.key(), w.json());
                }
            }
            store.commit();
        } catch (RuntimeException e) {
            store.rollback();
            throw new IllegalStateException("store commit failed and was rolled back: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
