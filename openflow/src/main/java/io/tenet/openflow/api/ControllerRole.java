package io.tenet.openflow.api;

/**
 * A controller's role on a switch (OpenFlow 1.3 section 6.3.7): EQUAL (the default: full access, like every other
 * equal), MASTER (full access; the switch makes any other master a slave) or SLAVE (read-only: the switch refuses
 * its state changes with IS_SLAVE). MASTER and SLAVE requests carry a generation id, and the switch refuses one
 * older than the newest it has seen (STALE), which fences a master that lost its election.
 */
public enum ControllerRole {
    EQUAL, MASTER, SLAVE
}
