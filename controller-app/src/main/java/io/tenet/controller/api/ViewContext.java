package io.tenet.controller.api;

import java.util.Optional;

/**
 * What a collection's views may show besides the record: the snapshot it belongs to and, when the controller
 * runs switches, their status ({@code switches} is null in a model without a datapath, such as tests').
 */
public record ViewContext(ModelSnapshot snapshot, SwitchService switches) {
    /** The status of the switch of {@code node}, if it is connected. */
    public Optional<SwitchStatus> switchOf(String node) {
        if (switches == null) {
            return Optional.empty();
        }
        return switches.switches().stream().filter(s -> s.node().equals(node)).findFirst();
    }
}
