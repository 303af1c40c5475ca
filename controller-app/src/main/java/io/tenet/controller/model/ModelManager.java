package io.tenet.controller.model;

import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSchema;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.ModelSubscriber;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.api.WriteResult;
import io.tenet.controller.collections.BuiltInSchema;
import io.tenet.controller.store.ModelStore;

/**
 * The model service: a schema's collections on a store. It puts together the parts that do the work: the
 * {@link ModelWriter} (admission, references, conditional commit, following the store), the
 * {@link SnapshotCodec} (store documents to and from snapshots) and the {@link Subscriptions} (change delivery
 * outside the write lock). Allocations are indexes of the snapshot itself (see
 * {@link io.tenet.controller.collections.ModelIndexes}), so they are whatever the stored records imply.
 * Closing it stops the store watch and the subscriptions; the store stays open.
 */
public final class ModelManager implements ModelAdminService, AutoCloseable {
    private final ModelSchema schema;
    private final Subscriptions subscriptions = new Subscriptions();
    private final ModelWriter writer;

    /** Tenet's built-in model on {@code store}. */
    public ModelManager(ModelStore store) {
        this(store, BuiltInSchema.SCHEMA);
    }

    public ModelManager(ModelStore store, ModelSchema schema) {
        this.schema = schema;
        this.writer = new ModelWriter(store, schema, subscriptions::publish);
    }

    @Override
    public ModelSnapshot snapshot() {
        return writer.snapshot();
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    @Override
    public Subscription subscribe(String name, ModelSubscriber subscriber) {
        return writer.locked(() -> subscriptions.add(name, subscriber, ModelChange.initial(writer.snapshot())));
    }

    @Override
    public <K, V, R> WriteResult<V> put(ModelCollection<K, V, R> collection,
            R request) {
        return writer.put(collection, request);
    }

    @Override
    public <K> boolean delete(ModelCollection<K, ?, ?> collection, K key) {
        return writer.delete(collection, key);
    }

    @Override
    public void close() {
        writer.close();
        subscriptions.close();
    }
}
