package io.tenet.controller.compiler;

import java.util.Objects;

/**
 * What a {@link Part} is: the feature that built it and the object it is about (a network, a group, "base"),
 * unique among the parts side by side in one switch state or one composite part.
 */
public record PartKey(String feature, Object object) {
    public PartKey {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(object, "object");
    }

    @Override
    public String toString() {
        return feature + ":" + object;
    }
}
