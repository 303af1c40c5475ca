package io.tenet.controller.pipeline;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allocates the object ids of cookies so that two live objects never share one. The first choice for an object
 * is the hash of its key, so ids are the same from one controller run (and version) to the next and a restarted
 * controller finds the flows it left with the cookies it would give them; only when that id is already held by
 * another live object does the next free one follow. An id is live while any flow holds its cookie: the
 * allocator keeps cookies weakly and forgets the ones no flow refers to any more. Thread-safe; looking up a live
 * cookie takes no lock (compilation asks for one per endpoint and rule, from several threads).
 */
public final class CookieIds {
    private final Map<Key, Entry> byKey = new ConcurrentHashMap<>(1 << 14);
    private final Map<Long, Entry> byId = new HashMap<>(1 << 14);
    private final ReferenceQueue<Cookie> released = new ReferenceQueue<>();
    private long allocations;

    /** An object: its category and key (the key string's hash is cached, so lookups allocate this record only). */
    private record Key(Cookie.Category category, String key) {
    }

    private static final class Entry extends WeakReference<Cookie> {
        final Key key;
        final long slot;

        Entry(Cookie cookie, Key key, long slot, ReferenceQueue<Cookie> queue) {
            super(cookie, queue);
            this.key = key;
            this.slot = slot;
        }
    }

    private static long slot(Cookie.Category c, int id) {
        return (long) c.code << 32 | (id & 0xffffffffL);
    }

    /** The cookie of the object {@code key} of {@code category}: the same object while it lives. */
    public Cookie cookie(Cookie.Category category, String key) {
        Key full = new Key(category, key);
        Entry known = byKey.get(full);
        Cookie live = known == null ? null : known.get();
        return live != null ? live : allocate(full);
    }

    private synchronized Cookie allocate(Key full) {
        if (++allocations % 1024 == 0) {
            expunge();
        }
        Entry known = byKey.get(full);
        Cookie live = known == null ? null : known.get();
        if (live != null) {
            return live;
        }
        Cookie.Category category = full.category();
        String key = full.key();
        int id = key.hashCode();
        while (true) {
            Entry holder = byId.get(slot(category, id));
            if (holder == null || holder.get() == null || holder.key.equals(full)) {
                break;
            }
            id++;
        }
        Cookie cookie = new Cookie(category, id, key);
        Entry e = new Entry(cookie, full, slot(category, id), released);
        byKey.put(full, e);
        byId.put(e.slot, e);
        return cookie;
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
        return byKey.size();
    }

    private void expunge() {
        for (Object r; (r = released.poll()) != null; ) {
            Entry e = (Entry) r;
            byKey.remove(e.key, e);
            byId.remove(e.slot, e);
        }
    }
}
