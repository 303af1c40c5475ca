package io.tenet.controller.api;

/** Told of every committed model change, after it is durable; must not block. */
@FunctionalInterface
public interface ModelListener {
    void modelChanged(ModelSnapshot snapshot);
}
