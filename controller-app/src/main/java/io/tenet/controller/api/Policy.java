package io.tenet.controller.api;

import java.util.Objects;

/** A named policy of a tenant; its rules are separate objects ({@link Rule}) keyed under it. */
public record Policy(ScopedKey key) {
    public Policy {
        Objects.requireNonNull(key, "key");
    }
}
