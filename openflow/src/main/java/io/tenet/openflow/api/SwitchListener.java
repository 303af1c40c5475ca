package io.tenet.openflow.api;

import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/**
 * Receives switch lifecycle and port events. Called on the switch's channel thread: implementations must return
 * quickly and hand real work to their own executor.
 */
public interface SwitchListener {
    void switchConnected(OpenFlowSwitch sw);

    void switchDisconnected(OpenFlowSwitch sw);

    default void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
    }

    /**
     * A packet the pipeline sent to the controller. Listeners pick the packet-ins that are theirs by cookie and
     * ignore the others; one that throws is logged and does not disturb the switch or the other listeners.
     */
    default void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
    }
}
