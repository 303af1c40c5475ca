package io.tenet.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The descriptor of one model collection: everything the controller needs to know about it, in one place. The
 * snapshot and its builder keep its records by {@link #keyOf key}; the model runs {@link #admit} and checks its
 * {@link #references} on every write; the store codec {@link #encode encodes} its records under
 * {@link #formatKey}; the REST API serves it at {@code /api/v1/<name>/} through {@link #fromJson} and
 * {@link #toJson}, and its inspect view through {@link #inspect}; the shell lists it with {@link #columns}.
 * Adding a collection to Tenet means writing its record type and one subclass of this, and naming it in the
 * schema (see docs/architecture.md).
 *
 * @param <K> the key type: comparable, so listings come in key order
 * @param <V> the record type, immutable and validated in its constructor
 * @param <R> what a write asks for: the record itself, or a request from which {@link #admit} makes it (an
 *            endpoint request becomes an endpoint with the address the model allocated)
 */
public abstract class ModelCollection<K, V, R> {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final String name;
    private final String noun;
    private final String keyField;
    private final Class<V> recordType;

    /**
     * @param name       the wire name, in REST paths and the store ({@code policys}: Contiv's spelling is a contract)
     * @param noun       what one record is called in messages ({@code policy})
     * @param keyField   the request field that names a record ({@code policyName}): errors about the key and
     *                   refused deletes name it
     * @param recordType the record class, for the store codec
     */
    protected ModelCollection(String name, String noun, String keyField, Class<V> recordType) {
        this.name = Objects.requireNonNull(name, "name");
        this.noun = Objects.requireNonNull(noun, "noun");
        this.keyField = Objects.requireNonNull(keyField, "keyField");
        this.recordType = Objects.requireNonNull(recordType, "recordType");
    }

    public final String name() {
        return name;
    }

    public final String noun() {
        return noun;
    }

    public final String keyField() {
        return keyField;
    }

    public final Class<V> recordType() {
        return recordType;
    }

    public abstract K keyOf(V value);

    /** The key of the record a request asks for. */
    public abstract K requestKey(R request);

    /** Parses a key as REST paths and the store write it; throws {@link ValidationException} naming the field. */
    public abstract K parseKey(String text);

    public String formatKey(K key) {
        return key.toString();
    }

    /** {@code policy t:p}, for messages. */
    public String describe(Object key) {
        return noun + " " + key;
    }

    /** The references this collection's records make; checked on every write and every delete of a target. */
    public List<Reference<V>> references() {
        return List.of();
    }

    /**
     * The record to store for {@code request}, given the record stored under its key now ({@code existing}, or
     * null) and the current model: the collection's own rules (conflicts, shape changes it forbids) and its
     * allocations, which read the snapshot's indexes. Throws {@link ValidationException} to refuse. References
     * are checked afterwards, by the model.
     */
    public abstract V admit(R request, V existing, ModelSnapshot current);

    /**
     * The records a fresh model holds before anything is written (the cluster's global settings); they are in
     * every empty snapshot, and a store's records replace them. None by default.
     */
    public List<V> initialRecords() {
        return List.of();
    }

    /** Refuses a delete for reasons of the collection's own beyond its references; nothing by default. */
    public void checkDelete(V existing, ModelSnapshot current) {
    }

    /** The request a REST body makes for the record at {@code key}; names in the body must match the key. */
    public abstract R fromJson(K key, JsonBody body);

    /** The record as the REST API returns it (Contiv's field names, and its {@code key}). */
    public abstract ObjectNode toJson(V value, ModelSnapshot snapshot);

    /** The largest REST request body a collection accepts unless it says otherwise: 1 MiB. */
    public static final int MAX_BODY = 1 << 20;

    /** The largest REST request body a write of this collection accepts (413 beyond). */
    public int maxBody() {
        return MAX_BODY;
    }

    /** The status a REST write answers when it created the record: 200 as Contiv's clients expect. */
    public int createdStatus() {
        return 200;
    }

    /** {@code {"Config": ..., "Oper": ...}} as {@code /api/v1/inspect/<name>/<key>/} returns it. */
    public ObjectNode inspect(V value, ViewContext context) {
        ObjectNode o = F.objectNode();
        o.set("Config", toJson(value, context.snapshot()));
        o.set("Oper", oper(value, context));
        return o;
    }

    /** The operational state shown under {@code Oper}; empty by default. */
    protected ObjectNode oper(V value, ViewContext context) {
        return F.objectNode();
    }

    /** One column of the shell's table of this collection. */
    public record Column<V>(String header, BiFunction<V, ViewContext, Object> value) {
    }

    /** The shell's table of this collection: by default the key alone. */
    public List<Column<V>> columns() {
        return List.of(new Column<>(noun, (v, c) -> formatKey(keyOf(v))));
    }

    /** The stored form of a record: its JSON by Jackson's record support, unless a collection says otherwise. */
    public String encode(ObjectMapper json, V value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + describe(keyOf(value)), e);
        }
    }

    public V decode(ObjectMapper json, String text) throws JsonProcessingException {
        return json.readValue(text, recordType);
    }

    @Override
    public final String toString() {
        return "collection " + name;
    }
}
