package io.tenet.controller.pipeline;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Allocates the object ids of cookies so that two live objects never share one. The first choice for an object
 * is the hash of its key, so ids are the same from one controller run (and version) to the next and a restarted
 * controller finds the flows it left with the cookies it would give them; only when that id is already held by
 * another live object does the next free one follow. An id is live while any flow holds its cookie: the
 * allocator keeps cookies weakly and forgets the ones no flow refers to any more. Thread-safe, under one lock: the
 * compiler asks for cookies (one per endpoint and rule) while it prepares what switches share, on one thread, and a
 * lookup of a live cookie allocates nothing.
 */
public final class CookieIds {
    /** Entries by key, per category; all fields are guarded by this. */
    private final Map<Cookie.Category, Map<Object, Entry>> byKey = new EnumMap<>(Cookie.Category.class);
    /** Live entries by (category, id), for collisions and for naming what a switch reports. */
    private final SlotTable byId = new SlotTable();
    private final ReferenceQueue<Cookie> released = new ReferenceQueue<>();
    private long allocations;

    public CookieIds() {
        for (Cookie.Category c : Cookie.Category.values()) {
            byKey.put(c, new HashMap<>());
        }
    }

    private static final class Entry extends WeakReference<Cookie> {
        final Cookie.Category category;
        final Object key;
        final long slot;

        Entry(Cookie cookie, Object key, long slot, ReferenceQueue<Cookie> queue) {
            super(cookie, queue);
            this.category = cookie.category();
            this.key = key;
            this.slot = slot;
        }
    }

    private static long slot(Cookie.Category c, int id) {
        return (long) c.code << 32 | (id & 0xffffffffL);
    }

    /**
     * The cookie of the object {@code key} of {@code category}: the same object while it lives. The key is any
     * value with {@code equals} and {@code hashCode} (a model key, or a record of several); its {@code toString}
     * is the cookie's object key, shown in listings, and that string's hash is the first choice of id. A lookup
     * hashes the key, never its string.
     */
    public synchronized Cookie cookie(Cookie.Category category, Object key) {
        Map<Object, Entry> keys = byKey.get(category);
        Entry known = keys.get(key);
        Cookie live = known == null ? null : known.get();
        return live != null ? live : allocate(category, key, keys);
    }

    private Cookie allocate(Cookie.Category category, Object key, Map<Object, Entry> keys) {
        if (++allocations % 1024 == 0) {
            expunge();
        }
        String text = key.toString();
        int id = text.hashCode();
        while (true) {
            Entry holder = byId.get(slot(category, id));
            if (holder == null || holder.get() == null || holder.key.equals(key)) {
                break;
            }
            id++;
        }
        Cookie cookie = new Cookie(category, id, text);
        Entry e = new Entry(cookie, key, slot(category, id), released);
        keys.put(key, e);
        byId.put(e.slot, e);
        return cookie;
    }

    /**
     * Makes room for {@code count} live cookies of {@code category} at once, so that a feature preparing a whole
     * model (after a start) does not grow the tables step by step. Changes nothing else.
     */
    public synchronized void expect(Cookie.Category category, int count) {
        Map<Object, Entry> keys = byKey.get(category);
        if (keys.isEmpty() && count > 0) {
            byKey.put(category, new HashMap<>(2 * count));
        }
        byId.reserve(byId.size() + count);
    }

    /** The object a cookie read back from a switch belongs to, while the controller still has flows with it. */
    public synchronized Optional<Cookie> lookup(long value) {
        Cookie wire = Cookie.decode(value);
        if (wire == null) {
            return Optional.empty();
        }
        Entry e = byId.get(slot(wire.category(), wire.objectId()));
        return Optional.ofNullable(e == null ? null : e.get());
    }

    /** How many cookies are live. */
    public synchronized int size() {
        expunge();
        return byId.size();
    }

    private void expunge() {
        for (Object r; (r = released.poll()) != null; ) {
            Entry e = (Entry) r;
            byKey.get(e.category).remove(e.key, e);
            if (byId.get(e.slot) == e) {
                byId.remove(e.slot);
            }
        }
    }

    /**
     * Entries by slot in an open-addressing table of primitive keys (linear probing, deletion by shifting back):
     * the registry allocates an entry per endpoint and per rule, and a boxed key and a node apiece doubled its cost.
     */
    private static final class SlotTable {
        private long[] slots = new long[1024];
        private Entry[] entries = new Entry[1024];
        private int size;

        private static int hash(long slot, int mask) {
            long h = slot * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }

        int size() {
            return size;
        }

        Entry get(long slot) {
            int mask = slots.length - 1;
            for (int i = hash(slot, mask); entries[i] != null; i = (i + 1) & mask) {
                if (slots[i] == slot) {
                    return entries[i];
                }
            }
            return null;
        }

        /** Grows the table at once to hold {@code count} entries at most half full. */
        void reserve(int count) {
            if (2 * count > slots.length) {
                resize(Integer.highestOneBit(2 * count - 1) << 1);
            }
        }

        void put(long slot, Entry e) {
            if (2 * (size + 1) > slots.length) {
                resize(2 * slots.length);
            }
            int mask = slots.length - 1;
            int i = hash(slot, mask);
            while (entries[i] != null && slots[i] != slot) {
                i = (i + 1) & mask;
            }
            if (entries[i] == null) {
                size++;
            }
            slots[i] = slot;
            entries[i] = e;
        }

        void remove(long slot) {
            int mask = slots.length - 1;
            int i = hash(slot, mask);
            while (entries[i] != null && slots[i] != slot) {
                i = (i + 1) & mask;
            }
            if (entries[i] == null) {
                return;
            }
            entries[i] = null;
            size--;
            // Shift back the entries of the probe run after the hole, so that lookups never stop early.
            for (int j = (i + 1) & mask; entries[j] != null; j = (j + 1) & mask) {
                int home = hash(slots[j], mask);
                boolean between = i <= j ? home > i && home <= j : home > i || home <= j;
                if (!between) {
                    slots[i] = slots[j];
                    entries[i] = entries[j];
                    entries[j] = null;
                    i = j;
                }
            }
        }

        private void resize(int capacity) {
            long[] oldSlots = slots;
            Entry[] oldEntries = entries;
            slots = new long[capacity];
            entries = new Entry[capacity];
            size = 0;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldEntries[i] != null) {
                    put(oldSlots[i], oldEntries[i]);
                }
            }
        }
    }
}
