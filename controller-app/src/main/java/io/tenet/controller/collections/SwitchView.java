package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.SwitchStatus;

/** The JSON of a connected switch's status, as {@code /api/v1/switches/} and node inspect show it. */
public final class SwitchView {
    private SwitchView() {
    }

    public static ObjectNode of(SwitchStatus s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", s.datapathId());
        o.put("datapathId", s.datapathId());
        o.put("nodeName", s.node());
        o.put("address", s.address());
        o.put("version", s.version());
        o.put("flows", s.flows());
        o.put("groups", s.groups());
        o.put("meters", s.meters());
        o.put("flowModsSent", s.flowModsSent());
        o.put("stateModsSent", s.stateModsSent());
        o.put("reconciliations", s.reconciliations());
        o.put("packetIns", s.packetIns());
        o.put("lastError", s.lastError());
        o.put("role", s.role());
        return o;
    }
}
