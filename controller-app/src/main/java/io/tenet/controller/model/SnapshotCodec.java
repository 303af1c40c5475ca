package io.tenet.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSchema;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Reference;
import io.tenet.controller.store.ModelStore.Commit;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.StoreContents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between stored documents and snapshots: loads a snapshot from what the store holds, turns the writes of a
 * snapshot builder into store writes, and applies a commit read from a store watch to a builder. Each record is
 * stored as its collection's descriptor encodes it, under the descriptor's formatted key.
 */
final class SnapshotCodec {
    private static final Logger log = LoggerFactory.getLogger(SnapshotCodec.class);
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ModelSchema schema;
    /** Unknown collections already reported, so each is logged once. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    SnapshotCodec(ModelSchema schema) {
        this.schema = schema;
    }

    /** The snapshot of everything stored (version 1), collections loaded in schema order. */
    ModelSnapshot load(StoreContents contents) {
        ModelSnapshot.Builder b = ModelSnapshot.empty(schema).toBuilder();
        for (ModelCollection<?, ?, ?> c : schema.collections()) {
            contents.collection(c.name()).forEach((key, text) -> put(b, c, key, text));
        }
        for (String stored : contents.collections().keySet()) {
            if (schema.collection(stored).isEmpty() && !contents.collection(stored).isEmpty()) {
                log.warn("The store holds collection '{}', which this controller does not know; its {} documents are"
                        + " kept but ignored. Is a newer controller writing to this store?", stored,
                        contents.collection(stored).size());
            }
        }
        ModelSnapshot s = b.build(1, contents.revision());
        warnOfDanglingReferences(s);
        log.info("Model loaded: {}", s);
        return s;
    }

    private <V> void put(ModelSnapshot.Builder b, ModelCollection<?, V, ?> c, String key, String text) {
        b.put(c, decode(c, key, text));
    }

    private <V> V decode(ModelCollection<?, V, ?> c, String key, String text) {
        try {
            return c.decode(json, text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("stored " + c.describe(key) + " is unreadable: " + e.getMessage()
                    + "; the store is damaged (restore it from a backup, or delete that document)", e);
        }
    }

    private void warnOfDanglingReferences(ModelSnapshot s) {
        for (ModelCollection<?, ?, ?> c : schema.collections()) {
            for (Object v : s.get(c).values()) {
                for (Reference<?> r : c.references()) {
                    for (Object target : keysOf(r, v)) {
                        if (r.onDelete() != Reference.OnDelete.KEEP && !s.get(r.target()).containsKey(target)) {
                            log.warn("Stored {} names {}, which is not stored; the store is inconsistent. Recreate"
                                    + " the {} or delete the {}.", c.describe(key(c, v)), r.target().describe(target),
                                    r.target().noun(), c.noun());
                        }
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<?> keysOf(Reference<?> r, Object record) {
        return ((Reference<Object>) r).keys().apply(record);
    }

    @SuppressWarnings("unchecked")
    static Object key(ModelCollection<?, ?, ?> c, Object record) {
        return ((ModelCollection<?, Object, ?>) c).keyOf(record);
    }

    @SuppressWarnings("unchecked")
    private static String formatKey(ModelCollection<?, ?, ?> c, Object key) {
        return ((ModelCollection<Comparable<Object>, ?, ?>) c).formatKey((Comparable<Object>) key);
    }

    /** The store writes that turn what the builder's base was into {@code next}, which the builder built. */
    List<Write> writes(ModelSnapshot.Builder b, ModelSnapshot next) {
        List<Write> out = new ArrayList<>();
        for (ModelCollection<?, ?, ?> c : schema.collections()) {
            Map<?, ?> records = next.get(c);
            for (Object k : b.changed(c)) {
                Object v = records.get(k);
                out.add(v == null ? Write.delete(c.name(), formatKey(c, k))
                        : Write.put(c.name(), formatKey(c, k), encode(c, v)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private String encode(ModelCollection<?, ?, ?> c, Object v) {
        return ((ModelCollection<?, Object, ?>) c).encode(json, v);
    }

    /** Applies a commit made by another writer; documents of unknown collections are skipped. */
    void apply(ModelSnapshot.Builder b, Commit commit) {
        Set<String> unknown = new HashSet<>();
        for (Write w : commit.writes()) {
            ModelCollection<?, ?, ?> c = schema.collection(w.collection()).orElse(null);
            if (c == null) {
                unknown.add(w.collection());
                continue;
            }
            if (w.json() == null) {
                remove(b, c, w.key());
            } else {
                put(b, c, w.key(), w.json());
            }
        }
        unknown.removeAll(reported);
        if (!unknown.isEmpty()) {
            reported.addAll(unknown);
            log.warn("Store revision {} writes collections this controller does not know ({}); they are ignored here."
                    + " Upgrade this controller to the version of the others.", commit.revision(), unknown);
        }
    }

    private static <K> void remove(ModelSnapshot.Builder b, ModelCollection<K, ?, ?> c,
            String key) {
        b.remove(c, c.parseKey(key));
    }
}
