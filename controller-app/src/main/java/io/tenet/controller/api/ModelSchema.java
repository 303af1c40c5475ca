package io.tenet.controller.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collections a model holds, in dependency order (a collection after those it references, so that loading
 * in this order meets every target before its referrers), and the indexes derived from them. Snapshots of one
 * schema keep each collection and index at a fixed position. The schema also derives, from the declared
 * {@link Reference references}, the index of how often each record is named by a restricting reference, which
 * makes "is this still in use?" a lookup rather than a scan. Immutable.
 */
public final class ModelSchema {
    private final List<ModelCollection<?, ?, ?>> collections;
    private final Map<String, ModelCollection<?, ?, ?>> byName = new HashMap<>();
    private final Map<ModelCollection<?, ?, ?>, Integer> positions = new IdentityHashMap<>();
    private final List<ModelIndex<?>> indexes;
    private final Map<ModelIndex<?>, Integer> indexPositions = new IdentityHashMap<>();
    /** For each collection position, the positions of the indexes derived from it. */
    private final int[][] indexesOf;
    private final Map<ModelCollection<?, ?, ?>, List<Referrer>> referrers = new IdentityHashMap<>();
    private final ReferenceCounts counts;

    /** A collection whose records name {@code target} through {@code reference}. */
    public record Referrer(ModelCollection<?, ?, ?> source, Reference<?> reference) {
    }

    private ModelSchema(List<ModelCollection<?, ?, ?>> collections, List<ModelIndex<?>> userIndexes) {
        this.collections = List.copyOf(collections);
        for (int i = 0; i < this.collections.size(); i++) {
            ModelCollection<?, ?, ?> c = this.collections.get(i);
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("two collections are named " + c.name());
            }
            positions.put(c, i);
        }
        for (ModelCollection<?, ?, ?> c : this.collections) {
            for (Reference<?> r : c.references()) {
                if (!positions.containsKey(r.target())) {
                    throw new IllegalArgumentException(c + " references " + r.target() + ", which is not in the schema");
                }
                referrers.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(new Referrer(c, r));
            }
        }
        counts = new ReferenceCounts(this.collections);
        List<ModelIndex<?>> all = new ArrayList<>(userIndexes);
        all.add(counts);
        this.indexes = List.copyOf(all);
        List<List<Integer>> of = new ArrayList<>();
        this.collections.forEach(c -> of.add(new ArrayList<>()));
        for (int i = 0; i < indexes.size(); i++) {
            ModelIndex<?> index = indexes.get(i);
            if (indexPositions.put(index, i) != null) {
                throw new IllegalArgumentException(index + " is named twice");
            }
            for (ModelCollection<?, ?, ?> input : index.inputs()) {
                Integer p = positions.get(input);
                if (p == null) {
                    throw new IllegalArgumentException(index + " reads " + input + ", which is not in the schema");
                }
                of.get(p).add(i);
            }
        }
        indexesOf = of.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    public static ModelSchema of(List<? extends ModelCollection<?, ?, ?>> collections,
            List<? extends ModelIndex<?>> indexes) {
        return new ModelSchema(new ArrayList<>(collections), new ArrayList<>(indexes));
    }

    /** This schema with one more collection, after the others, and the indexes that come with it. */
    public ModelSchema with(ModelCollection<?, ?, ?> collection, ModelIndex<?>... more) {
        List<ModelCollection<?, ?, ?>> c = new ArrayList<>(collections);
        c.add(collection);
        List<ModelIndex<?>> i = new ArrayList<>(indexes.subList(0, indexes.size() - 1));
        i.addAll(List.of(more));
        return new ModelSchema(c, i);
    }

    public List<ModelCollection<?, ?, ?>> collections() {
        return collections;
    }

    public Optional<ModelCollection<?, ?, ?>> collection(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ModelIndex<?>> indexes() {
        return indexes;
    }

    /** The collections, with their references, whose records can name records of {@code target}. */
    public List<Referrer> referrersOf(ModelCollection<?, ?, ?> target) {
        return referrers.getOrDefault(target, List.of());
    }

    /** How many restricting references of {@code snapshot}'s records name {@code key} of {@code target}. */
    public int restrictingReferences(ModelSnapshot snapshot, ModelCollection<?, ?, ?> target, Object key) {
        Integer n = snapshot.index(counts).get(new ReferenceCounts.Target(target.name(), key));
        return n == null ? 0 : n;
    }

    int position(ModelCollection<?, ?, ?> collection) {
        Integer p = positions.get(collection);
        if (p == null) {
            throw new IllegalArgumentException(collection + " is not in this model's schema");
        }
        return p;
    }

    int indexPosition(ModelIndex<?> index) {
        Integer p = indexPositions.get(index);
        if (p == null) {
            throw new IllegalArgumentException(index + " is not in this model's schema");
        }
        return p;
    }

    int[] indexesOf(int collectionPosition) {
        return indexesOf[collectionPosition];
    }

    /** Counts, per target record, the restricting references that name it. */
    private static final class ReferenceCounts extends ModelIndex<PersistentMap<ReferenceCounts.Target, Integer>> {
        record Target(String collection, Object key) {
        }

        ReferenceCounts(List<ModelCollection<?, ?, ?>> collections) {
            super("references", collections.stream().filter(c -> c.references().stream()
                    .anyMatch(r -> r.onDelete() == Reference.OnDelete.RESTRICT)).toList());
        }

        @Override
        public PersistentMap<Target, Integer> empty() {
            return PersistentMap.empty();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public PersistentMap<Target, Integer> update(PersistentMap<Target, Integer> index,
                ModelCollection<?, ?, ?> collection, Object before, Object after) {
            PersistentMap.Builder<Target, Integer> b = index.toBuilder();
            for (Reference r : collection.references()) {
                if (r.onDelete() != Reference.OnDelete.RESTRICT) {
                    continue;
                }
                if (before != null) {
                    for (Object k : (List<?>) r.keys().apply(before)) {
                        Target t = new Target(r.target().name(), k);
                        Integer n = b.get(t);
                        if (n == null || n == 1) {
                            b.remove(t);
                        } else {
                            b.put(t, n - 1);
                        }
                    }
                }
                if (after != null) {
                    for (Object k : (List<?>) r.keys().apply(after)) {
                        Target t = new Target(r.target().name(), k);
                        Integer n = b.get(t);
                        b.put(t, n == null ? 1 : n + 1);
                    }
                }
            }
            return b.build();
        }
    }
}
