package io.tenet.controller.api;

import java.util.List;

/** The switches connected to this controller, as the reconciler sees them. */
public interface SwitchService {
    List<SwitchStatus> switches();

    /** The flows Tenet keeps on a node's switch, each with the model object it belongs to; empty when unknown. */
    List<InstalledFlow> flows(String node);

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
