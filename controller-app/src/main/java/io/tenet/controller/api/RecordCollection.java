package io.tenet.controller.api;

/**
 * A collection whose writes ask for the record itself (a tenant, a policy, a rule), as most do: the key of a
 * request is the record's key, and a record is stored as it is asked for unless the collection overrides
 * {@link #admit} with rules of its own. A collection whose records are made from a request (an endpoint gets its
 * address from the model) extends {@link ModelCollection} directly.
 */
public abstract class RecordCollection<K, V> extends ModelCollection<K, V, V> {
    protected RecordCollection(String name, String noun, String keyField, Class<V> recordType) {
        super(name, noun, keyField, recordType);
    }

    @Override
    public final K requestKey(V request) {
        return keyOf(request);
    }

    /** The record as asked for; override to refuse (conflicts) or to keep something of {@code existing}. */
    @Override
    public V admit(V request, V existing, ModelSnapshot current) {
        return request;
    }
}
