package io.tenet.openflow.api;

import org.projectfloodlight.openflow.types.DatapathId;

/** A request could not complete because the switch's channel closed. */
public class SwitchDisconnectedException extends RuntimeException {
    public SwitchDisconnectedException(DatapathId dpid) {
        super("switch " + dpid + " disconnected before answering");
    }
}
