package io.tenet.controller.api;

import java.util.Optional;

/**
 * What a collection's views may show besides the record: the snapshot it belongs to, when the controller runs
 * switches their status ({@code switches} is null in a model without a datapath, such as tests'), and what the
 * modules outside the model publish ({@link OperStatus}).
 */
public record ViewContext(ModelSnapshot snapshot, SwitchService switches, OperStatus status) {
    public ViewContext {
        status = status == null ? new OperStatus() : status;
    }

    /** A context without modules' status. */
    public ViewContext(ModelSnapshot snapshot, SwitchService switches) {
        this(snapshot, switches, null);
    }

    /** The status of the switch of {@code node}, if it is connected. */
    public Optional<SwitchStatus> switchOf(String node) {
        if (switches == null) {
            return Optional.empty();
        }
        return switches.switches().stream().filter(s -> s.node().equals(node)).findFirst();
    }
}
