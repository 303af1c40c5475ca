package io.tenet.controller.compiler;

import java.util.Objects;

/**
 * What the controller last made of one switch: the ports it compiled against and the state it installed. What a
 * trace walks (docs/trace.md).
 */
public record CompiledSwitch(NodeView view, SwitchState state) {
    public CompiledSwitch {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(state, "state");
    }
}
