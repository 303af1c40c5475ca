package io.tenet.controller.api;

import java.util.List;

/** The switches connected to this controller, as the reconciler sees them. */
public interface SwitchService {
    List<SwitchStatus> switches();

    /** The flows Tenet keeps on a node's switch, each with the model object it belongs to; empty when unknown. */
    List<InstalledFlow> flows(String node);

    /**
     * The names of the ports of a node's switch, as it reported them, when the switch is connected and this
     * controller writes to it (it is the switch's master, or the only controller); empty otherwise.
     */
    default java.util.Optional<java.util.Set<String>> ports(String node) {
        return java.util.Optional.empty();
    }

    /** The traffic counters of every connected switch, read from their flow statistics at most a second ago. */
    default Traffic traffic() {
        return Traffic.NONE;
    }

    /**
     * One flow in ovs-ofctl syntax and its owner.
     *
     * @param owner the model object that produced it, such as {@code endpoint c1-eth0} or {@code pipeline}
     */
    record InstalledFlow(String owner, String flow) {
    }
}
