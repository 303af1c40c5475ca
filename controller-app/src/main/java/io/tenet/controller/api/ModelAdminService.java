package io.tenet.controller.api;

/**
 * Changes to the model. Every write is validated (the record's own invariants, its collection's rules, its
 * references), persisted and published atomically: it either changes the model and returns what it did, or
 * throws {@link ValidationException} and changes nothing.
 */
public interface ModelAdminService extends ModelService {
    /**
     * Creates or replaces the record {@code request} asks for in {@code collection} (allocating what the record
     * leaves to the model: addresses, tags, ids).
     */
    <K, V, R> WriteResult<V> put(ModelCollection<K, V, R> collection, R request);

    /**
     * Deletes a record, and the records that reference it with {@link Reference.OnDelete#CASCADE}; refused while a
     * restricting reference names it. Returns false when it did not exist.
     */
    <K> boolean delete(ModelCollection<K, ?, ?> collection, K key);
}
