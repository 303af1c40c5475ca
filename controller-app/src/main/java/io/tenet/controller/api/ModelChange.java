package io.tenet.controller.api;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one or more commits changed: the snapshot before, the snapshot after, and per collection the keys whose
 * record was added, replaced or removed in between (a superset: a key written and then written back is listed
 * though its record is equal on both sides). Subscribers ask {@link #changed} for the collections they derive
 * from and look at {@link #previous} and {@link #next} for those keys only, so reacting costs what changed.
 *
 * <p>The change a subscription starts with ({@link #initial}) runs from the empty model and names every key.
 */
public final class ModelChange {
    private final ModelSnapshot previous;
    private final ModelSnapshot next;
    /** Per collection, the key sets of the changes this one merges, latest first (see {@link #then}). */
    private final Map<ModelCollection<?, ?, ?>, Chain> keys;
    /** Every key of both sides counts as changed, in every collection. */
    private final boolean everything;

    /**
     * Key sets in a linked list, so that merging a change into a long-running one (a busy subscriber's, under the
     * writer's lock) costs what the later change holds, not everything merged before it; the union is formed
     * when a subscriber asks for it.
     */
    private record Chain(Set<?> keys, Chain rest, int depth) {
        Chain then(Set<?> later) {
            return new Chain(later, this, depth + 1);
        }

        Set<Object> union() {
            Set<Object> out = new HashSet<>();
            for (Chain c = this; c != null; c = c.rest) {
                out.addAll(c.keys);
            }
            return out;
        }
    }

    private ModelChange(ModelSnapshot previous, ModelSnapshot next, Map<ModelCollection<?, ?, ?>, Chain> keys,
            boolean everything) {
        if (previous.schema() != next.schema()) {
            throw new IllegalArgumentException("a change runs between snapshots of one schema");
        }
        this.previous = previous;
        this.next = next;
        this.keys = keys;
        this.everything = everything;
    }

    /** The change from {@code previous} to {@code next} that wrote {@code keys}. */
    public static ModelChange of(ModelSnapshot previous, ModelSnapshot next,
            Map<ModelCollection<?, ?, ?>, ? extends Set<?>> keys) {
        Map<ModelCollection<?, ?, ?>, Chain> chains = new IdentityHashMap<>();
        keys.forEach((c, k) -> chains.put(c, new Chain(k, null, 1)));
        return new ModelChange(previous, next, chains, false);
    }

    /** From the empty model to {@code next}: everything in it is new. */
    public static ModelChange initial(ModelSnapshot next) {
        return new ModelChange(ModelSnapshot.empty(next.schema()), next, Map.of(), true);
    }

    /**
     * The change between any two snapshots of one schema, found by comparing them: costs the size of the model,
     * for the rare cases where the commits in between are unknown (a store that had to be read again).
     */
    public static ModelChange between(ModelSnapshot previous, ModelSnapshot next) {
        Map<ModelCollection<?, ?, ?>, Set<?>> keys = new IdentityHashMap<>();
        for (ModelCollection<?, ?, ?> c : next.schema().collections()) {
            Map<?, ?> a = previous.get(c);
            Map<?, ?> b = next.get(c);
            if (a == b) {
                continue;
            }
            Set<Object> k = new HashSet<>();
            a.forEach((key, v) -> {
                if (!v.equals(b.get(key))) {
                    k.add(key);
                }
            });
            b.keySet().forEach(key -> {
                if (!a.containsKey(key)) {
                    k.add(key);
                }
            });
            if (!k.isEmpty()) {
                keys.put(c, k);
            }
        }
        return of(previous, next, keys);
    }

    public ModelSnapshot previous() {
        return previous;
    }

    public ModelSnapshot next() {
        return next;
    }

    /** Whether this change starts from the empty model (a subscriber's first). */
    public boolean isInitial() {
        return everything;
    }

    /** The keys of {@code collection} whose record differs, or may differ, between the two sides. */
    @SuppressWarnings("unchecked")
    public <K> Set<K> changed(ModelCollection<K, ?, ?> collection) {
        if (everything) {
            return union(previous.get(collection).keySet(), next.get(collection).keySet());
        }
        Chain k = keys.get(collection);
        if (k == null) {
            return Set.of();
        }
        return (Set<K>) (k.rest() == null ? k.keys() : Collections.unmodifiableSet(k.union()));
    }

    /** Whether anything of {@code collection} changed. */
    public boolean touches(ModelCollection<?, ?, ?> collection) {
        return everything ? !previous.get(collection).isEmpty() || !next.get(collection).isEmpty()
                : keys.containsKey(collection);
    }

    public boolean isEmpty() {
        return !everything && keys.isEmpty();
    }

    /**
     * This change followed by {@code later}, which must start where this one ends: what a subscriber that was busy
     * during both receives.
     */
    public ModelChange then(ModelChange later) {
        if (later.previous != next) {
            throw new IllegalArgumentException("change to v" + later.next.version() + " does not start at v"
                    + next.version() + " where the earlier change ends (it starts at v" + later.previous.version() + ")");
        }
        if (everything || later.everything) {
            return new ModelChange(previous, later.next, Map.of(), true);
        }
        Map<ModelCollection<?, ?, ?>, Chain> merged = new IdentityHashMap<>(keys);
        later.keys.forEach((c, k) -> {
            Chain before = merged.get(c);
            Chain after = k;
            if (before != null) {
                // Short chains are linked; a long one is folded into one set, so a union never walks far.
                Set<?> laterKeys = k.rest() == null ? k.keys() : k.union();
                after = before.depth() < 64 ? before.then(laterKeys) : new Chain(before.then(laterKeys).union(), null, 1);
            }
            merged.put(c, after);
        });
        return new ModelChange(previous, later.next, merged, false);
    }

    private static <K> Set<K> union(Set<K> a, Set<K> b) {
        if (a.isEmpty()) {
            return b;
        }
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                Iterator<K> first = a.iterator();
                Iterator<K> second = b.stream().filter(k -> !a.contains(k)).iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return first.hasNext() || second.hasNext();
                    }

                    @Override
                    public K next() {
                        return first.hasNext() ? first.next() : second.next();
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return a.contains(o) || b.contains(o);
            }

            @Override
            public int size() {
                return (int) (a.size() + b.stream().filter(k -> !a.contains(k)).count());
            }
        };
    }

    @Override
    public String toString() {
        return "change v" + previous.version() + " -> v" + next.version() + (everything ? " (everything)"
                : " " + Objects.toString(keys.entrySet().stream().map(e -> e.getKey().name() + "=" + e.getValue().depth()
                + " set(s)").toList()));
    }
}
