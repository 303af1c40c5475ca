package io.tenet.controller.api;

/** Read access to the model: its current snapshot, its schema, and its changes as they are committed. */
public interface ModelService {
    ModelSnapshot snapshot();

    /** The collections and indexes this model holds. */
    default ModelSchema schema() {
        return snapshot().schema();
    }

    /**
     * Delivers the model to {@code subscriber}, then every change, on a thread of the subscription's own (named
     * after {@code name} in logs and thread dumps); see {@link ModelSubscriber} for the guarantees.
     */
    Subscription subscribe(String name, ModelSubscriber subscriber);
}
