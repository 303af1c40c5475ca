package io.tenet.controller.api;

import java.util.List;
import java.util.Objects;

/** An application profile: a named set of a tenant's endpoint groups (Contiv's appProfiles). */
public record AppProfile(ScopedKey key, List<String> groups) {
    public AppProfile {
        Objects.requireNonNull(key, "key");
        groups = List.copyOf(groups == null ? List.of() : groups);
    }
}
