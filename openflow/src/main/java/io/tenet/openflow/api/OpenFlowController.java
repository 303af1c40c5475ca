package io.tenet.openflow.api;

import java.util.Collection;
import java.util.Optional;
import org.projectfloodlight.openflow.types.DatapathId;

/** The listening side of the channel: accepts switches and tracks the connected ones. */
public interface OpenFlowController {
    Collection<OpenFlowSwitch> switches();

    Optional<OpenFlowSwitch> getSwitch(DatapathId dpid);

    void addListener(SwitchListener listener);

    void removeListener(SwitchListener listener);
}
