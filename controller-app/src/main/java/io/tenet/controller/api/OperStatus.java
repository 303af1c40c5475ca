package io.tenet.controller.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Live state that a module outside the model publishes for the collections' views, by name: the ACI bridge
 * shows its APIC connection and last sync in {@code aciGws} inspect this way (docs/architecture.md). A module
 * {@link #publish publishes} a view when it starts and {@link #withdraw withdraws} it when it stops; the view is
 * called at every read, so it shows the module's state at that moment. The controller holds one, provided to its
 * modules and given to the REST API and the shell.
 */
public final class OperStatus {
    private final Map<String, Supplier<ObjectNode>> views = new ConcurrentHashMap<>();

    /** Shows {@code view} under {@code name}; fails when another module already shows one there. */
    public void publish(String name, Supplier<ObjectNode> view) {
        if (views.putIfAbsent(name, view) != null) {
            throw new IllegalStateException("two modules publish status " + name);
        }
    }

    public void withdraw(String name, Supplier<ObjectNode> view) {
        views.remove(name, view);
    }

    /** What the module publishing {@code name} shows now; empty when none runs. */
    public Optional<ObjectNode> view(String name) {
        Supplier<ObjectNode> v = views.get(name);
        return v == null ? Optional.empty() : Optional.ofNullable(v.get());
    }
}
