package io.tenet.controller.api;

import io.tenet.controller.api.ValidationException.Kind;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A reference from the records of one collection to the records of another (a network's tenant, an endpoint's
 * group, a rule's policy), declared once on the referring collection's descriptor. The model enforces it
 * generically: a record is refused while what it names does not exist, and deleting the target is refused while
 * a record names it ({@link OnDelete#RESTRICT}), deletes the referrers along with it ({@link OnDelete#CASCADE}),
 * or leaves them pointing at nothing ({@link OnDelete#KEEP}).
 *
 * @param target  the collection referred to
 * @param keys    the target keys a record names (empty when it names none)
 * @param field   the request field to name when the target is missing
 * @param missing how a missing target is answered: 400 by default, 404 where the target is what the request is about
 */
public record Reference<V>(ModelCollection<?, ?, ?> target, Function<V, List<?>> keys, Function<V, String> field,
        Kind missing, OnDelete onDelete) {
    /** What deleting the target does to the records that name it. */
    public enum OnDelete {
        /** The delete is refused while a record names the target. */
        RESTRICT,
        /** The records that name the target are deleted with it, in the same commit. */
        CASCADE,
        /** The records keep naming a target that no longer exists (and the datapath ignores them). */
        KEEP
    }

    public Reference {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(onDelete, "onDelete");
    }

    /** A restricting reference to one target key ({@code key} returns null when the record names none). */
    public static <V> Reference<V> to(ModelCollection<?, ?, ?> target, String field, Function<V, ?> key) {
        return new Reference<>(target, v -> {
            Object k = key.apply(v);
            return k == null ? List.of() : List.of(k);
        }, v -> field, Kind.INVALID, OnDelete.RESTRICT);
    }

    /** A restricting reference to several target keys. */
    public static <V> Reference<V> toAll(ModelCollection<?, ?, ?> target, String field, Function<V, List<?>> keys) {
        return new Reference<>(target, keys, v -> field, Kind.INVALID, OnDelete.RESTRICT);
    }

    public Reference<V> onDelete(OnDelete what) {
        return new Reference<>(target, keys, field, missing, what);
    }

    public Reference<V> missingIs(Kind kind) {
        return new Reference<>(target, keys, field, kind, onDelete);
    }

    /** The field named depends on the record (a rule's peer is a from- or a to-field). */
    public Reference<V> field(Function<V, String> fieldOf) {
        return new Reference<>(target, keys, fieldOf, missing, onDelete);
    }
}
