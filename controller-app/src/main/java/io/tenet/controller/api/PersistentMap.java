package io.tenet.controller.api;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * An immutable map whose modified copies share most of their structure, so that a model write costs what it
 * touches rather than the size of the collection. Entries live in shards (1, 16 or 256 of them, by size), each a
 * {@link HashMap} that is never changed once published; a change copies the shard array and the one shard it
 * touches. Reads cost what a {@code HashMap} read costs: the library persistent maps measured here (a balanced
 * hash tree) read 5-8 times slower, and the compiler reads far more often than the model writes.
 *
 * <pre>
 *   v1: [s0][s1][s2]...[s255]          v2 = v1.with(k, x): [s0][s1'][s2]...[s255]
 *         \   \   \                                         /    |    \
 *          shared HashMaps  &lt;--------------------------------      copy of s1 with k -&gt; x
 * </pre>
 *
 * Iteration order is unspecified; {@code null} keys and values are refused. Thread-safe (immutable).
 */
public final class PersistentMap<K, V> extends AbstractMap<K, V> {
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Object[1], 0);
    /** Above this size a map of one shard splits into 16, above {@link #LARGE} into 256. */
    private static final int MEDIUM = 256;
    private static final int LARGE = 8192;

    private final Object[] shards;
    private final int size;
    private final int bits;

    private PersistentMap(Object[] shards, int size) {
        this.shards = shards;
        this.size = size;
        this.bits = Integer.numberOfTrailingZeros(shards.length);
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    private static int shardCount(int size) {
        return size > LARGE ? 256 : size > MEDIUM ? 16 : 1;
    }

    private static int index(Object key, int bits) {
        if (bits == 0) {
            return 0;
        }
        int h = key.hashCode() * 0x9E3779B9;
        return h >>> (32 - bits);
    }

    @SuppressWarnings("unchecked")
    private HashMap<K, V> shard(int i) {
        return (HashMap<K, V>) shards[i];
    }

    @Override
    public V get(Object key) {
        HashMap<K, V> s = shard(index(key, bits));
        return s == null ? null : s.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        HashMap<K, V> s = shard(index(key, bits));
        return s != null && s.containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /** This map with {@code key} mapped to {@code value}. */
    public PersistentMap<K, V> with(K key, V value) {
        return toBuilder().put(key, value).build();
    }

    /** This map without {@code key}; itself when it has no such key. */
    public PersistentMap<K, V> without(Object key) {
        return containsKey(key) ? toBuilder().remove(key).build() : this;
    }

    /** A builder that starts from this map and copies a shard only the first time it changes it. */
    public Builder<K, V> toBuilder() {
        return new Builder<>(this);
    }

    /** Collects changes to a map; {@link #build} publishes them. Not thread-safe; unusable after build. */
    public static final class Builder<K, V> {
        private Object[] shards;
        private boolean[] copied;
        private int size;
        private int bits;
        private boolean built;

        private Builder(PersistentMap<K, V> from) {
            shards = from.shards.clone();
            copied = new boolean[shards.length];
            size = from.size;
            bits = from.bits;
        }

        @SuppressWarnings("unchecked")
        private HashMap<K, V> writable(Object key) {
            if (built) {
                throw new IllegalStateException("builder already built");
            }
            int i = index(key, bits);
            if (!copied[i]) {
                HashMap<K, V> s = (HashMap<K, V>) shards[i];
                shards[i] = s == null ? new HashMap<K, V>() : new HashMap<>(s);
                copied[i] = true;
            }
            return (HashMap<K, V>) shards[i];
        }

        public Builder<K, V> put(K key, V value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (writable(key).put(key, value) == null) {
                size++;
                // Shards only grow: a map hovering at a threshold must not rehash everything back and forth.
                if (shardCount(size) > shards.length) {
                    reshard(shardCount(size));
                }
            }
            return this;
        }

        public Builder<K, V> remove(Object key) {
            if (writable(key).remove(key) != null) {
                size--;
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public V get(Object key) {
            HashMap<K, V> s = (HashMap<K, V>) shards[index(key, bits)];
            return s == null ? null : s.get(key);
        }

        @SuppressWarnings("unchecked")
        private void reshard(int count) {
            Object[] old = shards;
            shards = new Object[count];
            copied = new boolean[count];
            bits = Integer.numberOfTrailingZeros(count);
            for (Object o : old) {
                if (o != null) {
                    ((HashMap<K, V>) o).forEach((k, v) -> writable(k).put(k, v));
                }
            }
        }

        public PersistentMap<K, V> build() {
            built = true;
            for (int i = 0; i < shards.length; i++) {
                if (shards[i] != null && ((HashMap<?, ?>) shards[i]).isEmpty()) {
                    shards[i] = null;
                }
            }
            return size == 0 ? empty() : new PersistentMap<>(shards, size);
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private Iterator<Entry<K, V>> current = Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && next < shards.length) {
                            HashMap<K, V> s = shard(next++);
                            if (s != null) {
                                current = Collections.unmodifiableMap(s).entrySet().iterator();
                            }
                        }
                        return current.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The values, iterated shard by shard without a wrapper per entry (the compiler walks them a lot). */
    @Override
    public Collection<V> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<V> iterator() {
                return new ShardIterator<V>(shards, m -> PersistentMap.<V>cast(m.values().iterator()));
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<K> iterator() {
                return new ShardIterator<K>(shards, m -> PersistentMap.<K>cast(m.keySet().iterator()));
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> Iterator<T> cast(Iterator<?> i) {
        return (Iterator<T>) i;
    }

    /** Walks the shards one after the other; read-only. */
    private static final class ShardIterator<T> implements Iterator<T> {
        private final Object[] shards;
        private final Function<HashMap<?, ?>, Iterator<T>> of;
        private int next;
        private Iterator<T> current = Collections.emptyIterator();

        ShardIterator(Object[] shards, Function<HashMap<?, ?>, Iterator<T>> of) {
            this.shards = shards;
            this.of = of;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next < shards.length) {
                Object s = shards[next++];
                if (s != null) {
                    current = of.apply((HashMap<?, ?>) s);
                }
            }
            return current.hasNext();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException("a persistent map does not change");
        }
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < shards.length; i++) {
            HashMap<K, V> s = shard(i);
            if (s != null) {
                s.forEach(action);
            }
        }
    }
}
