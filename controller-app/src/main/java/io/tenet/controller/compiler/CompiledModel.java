package io.tenet.controller.compiler;

import io.tenet.controller.api.ModelSnapshot;
import java.util.List;

/**
 * A snapshot with what every feature prepared from it for all switches: the input of every switch's compilation.
 * Immutable; one per snapshot, shared by all switches.
 */
public final class CompiledModel {
    private final ModelSnapshot snapshot;
    private final List<Object> shared;
    private final long preparedNanos = System.nanoTime();

    CompiledModel(ModelSnapshot snapshot, List<Object> shared) {
        this.snapshot = snapshot;
        this.shared = List.copyOf(shared);
    }

    /** When it was prepared ({@link System#nanoTime}): right after its change was committed and delivered. */
    public long preparedNanos() {
        return preparedNanos;
    }

    public ModelSnapshot snapshot() {
        return snapshot;
    }

    /** What feature number {@code i} prepared. */
    Object shared(int i) {
        return shared.get(i);
    }
}
