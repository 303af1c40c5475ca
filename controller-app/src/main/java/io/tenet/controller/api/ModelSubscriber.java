package io.tenet.controller.api;

/**
 * Receives the model's changes, through {@link ModelService#subscribe}: first the whole model as one change from
 * the empty model, then every committed change. Called on the subscription's own thread, never inside a model
 * write and never twice at once. Changes that arrive while a call is in progress are merged into one
 * ({@link ModelChange#then}), so a slow subscriber sees fewer, larger changes and never holds up a writer. A call
 * that throws is retried, with the changes that arrived meanwhile merged in, after a growing back-off.
 */
@FunctionalInterface
public interface ModelSubscriber {
    void modelChanged(ModelChange change) throws Exception;
}
