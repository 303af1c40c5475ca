package io.tenet.controller.api;

import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, consistent view of the whole model at one version: the records of every collection of its
 * {@link ModelSchema} and the indexes derived from them. The compiler and every subscriber work on snapshots
 * only, so they never see half of a change. Snapshots are made with a {@link Builder}, which shares with the
 * snapshot it starts from everything a change does not touch (see {@link PersistentMap}).
 *
 * @see ModelChange what changed between two snapshots
 */
public final class ModelSnapshot {
    private final ModelSchema schema;
    private final long version;
    private final long revision;
    private final PersistentMap<?, ?>[] collections;
    private final Object[] indexes;

    private ModelSnapshot(ModelSchema schema, long version, long revision, PersistentMap<?, ?>[] collections,
            Object[] indexes) {
        this.schema = schema;
        this.version = version;
        this.revision = revision;
        this.collections = collections;
        this.indexes = indexes;
    }

    /**
     * The model before anything is written, at version 0 and store revision 0: no records but the collections'
     * {@link ModelCollection#initialRecords initial records}.
     */
    public static ModelSnapshot empty(ModelSchema schema) {
        PersistentMap<?, ?>[] c = new PersistentMap<?, ?>[schema.collections().size()];
        Arrays.fill(c, PersistentMap.empty());
        Object[] i = schema.indexes().stream().map(ModelIndex::empty).toArray();
        ModelSnapshot none = new ModelSnapshot(schema, 0, 0, c, i);
        Builder b = none.toBuilder();
        boolean any = false;
        for (ModelCollection<?, ?, ?> collection : schema.collections()) {
            any |= putInitial(b, collection);
        }
        return any ? b.build(0, 0) : none;
    }

    private static <V> boolean putInitial(Builder b, ModelCollection<?, V, ?> collection) {
        List<V> initial = collection.initialRecords();
        initial.forEach(v -> b.put(collection, v));
        return !initial.isEmpty();
    }

    public ModelSchema schema() {
        return schema;
    }

    /** Counts the snapshots this model published: 1 after loading, one more per change. */
    public long version() {
        return version;
    }

    /** The store revision these records are at. */
    public long revision() {
        return revision;
    }

    /** The records of one collection, by key. */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> get(ModelCollection<K, V, ?> collection) {
        return (Map<K, V>) collections[schema.position(collection)];
    }

    /** The value of one index over this snapshot's records. */
    @SuppressWarnings("unchecked")
    public <T> T index(ModelIndex<T> index) {
        return (T) indexes[schema.indexPosition(index)];
    }

    /** This snapshot as of another store revision (the same records: what a commit of them returned). */
    public ModelSnapshot atRevision(long newRevision) {
        return new ModelSnapshot(schema, version, newRevision, collections, indexes);
    }

    /** A builder of the next snapshot, starting from this one. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Collects the writes of one change and builds the snapshot after them, keeping every index up to date record
     * by record. Remembers which keys it changed, for {@link ModelChange}. Not thread-safe.
     */
    public static final class Builder {
        private final ModelSnapshot base;
        private final PersistentMap.Builder<?, ?>[] writers;
        private final Object[] indexes;
        private final Set<?>[] changed;

        private Builder(ModelSnapshot base) {
            this.base = base;
            int n = base.collections.length;
            writers = new PersistentMap.Builder<?, ?>[n];
            changed = new Set<?>[n];
            indexes = base.indexes.clone();
        }

        @SuppressWarnings("unchecked")
        private <K, V> PersistentMap.Builder<K, V> writer(int p) {
            if (writers[p] == null) {
                writers[p] = base.collections[p].toBuilder();
            }
            return (PersistentMap.Builder<K, V>) writers[p];
        }

        /** The record under {@code key} as this builder has it now. */
        @SuppressWarnings("unchecked")
        public <K, V> V current(ModelCollection<K, V, ?> collection, K key) {
            int p = base.schema.position(collection);
            return writers[p] == null ? (V) base.collections[p].get(key) : (V) writers[p].get(key);
        }

        /** Stores {@code value} under its key, replacing what was there. */
        public <K, V> Builder put(ModelCollection<K, V, ?> collection, V value) {
            K key = collection.keyOf(value);
            V before = current(collection, key);
            int p = base.schema.position(collection);
            this.<K, V>writer(p).put(key, value);
            touched(p, key, before, value, collection);
            return this;
        }

        /** Removes the record under {@code key}, if there is one. */
        public <K, V> Builder remove(ModelCollection<K, V, ?> collection, K key) {
            V before = current(collection, key);
            if (before != null) {
                int p = base.schema.position(collection);
                writer(p).remove(key);
                touched(p, key, before, null, collection);
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        private void touched(int p, Object key, Object before, Object after, ModelCollection<?, ?, ?> c) {
            if (changed[p] == null) {
                changed[p] = new HashSet<>();
            }
            ((Set<Object>) changed[p]).add(key);
            for (int i : base.schema.indexesOf(p)) {
                indexes[i] = ((ModelIndex<Object>) base.schema.indexes().get(i)).update(indexes[i], c, before, after);
            }
        }

        /** The keys this builder wrote (put or removed) in {@code collection}. */
        @SuppressWarnings("unchecked")
        public <K> Set<K> changed(ModelCollection<K, ?, ?> collection) {
            Set<?> s = changed[base.schema.position(collection)];
            return s == null ? Set.of() : (Set<K>) s;
        }

        /** The snapshot after the writes; the builder must not be used afterwards. */
        public ModelSnapshot build(long version, long revision) {
            PersistentMap<?, ?>[] c = base.collections.clone();
            for (int p = 0; p < c.length; p++) {
                if (writers[p] != null) {
                    c[p] = writers[p].build();
                }
            }
            return new ModelSnapshot(base.schema, version, revision, c, indexes.clone());
        }

        /** The change from the base to {@code next}, which this builder built. */
        public ModelChange changeTo(ModelSnapshot next) {
            Map<ModelCollection<?, ?, ?>, Set<?>> keys = new IdentityHashMap<>();
            List<ModelCollection<?, ?, ?>> all = base.schema.collections();
            for (int p = 0; p < all.size(); p++) {
                if (changed[p] != null) {
                    keys.put(all.get(p), Set.copyOf(changed[p]));
                }
            }
            return ModelChange.of(base, next, keys);
        }
    }

    /** Two snapshots are equal when they hold the same records at the same version and revision. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSnapshot s && s.version == version && s.revision == revision
                && s.schema == schema && Arrays.equals(s.collections, collections);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Long.hashCode(revision);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("model v").append(version).append(" (revision ").append(revision)
                .append("):");
        List<ModelCollection<?, ?, ?>> all = schema.collections();
        for (int p = 0; p < all.size(); p++) {
            b.append(' ').append(all.get(p).name()).append('=').append(collections[p].size());
        }
        return b.toString();
    }
}
