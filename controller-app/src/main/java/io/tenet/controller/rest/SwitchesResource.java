package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.collections.SwitchView;
import java.util.List;

/** {@code /api/v1/switches/}: the connected switches, read-only (they appear when a bridge connects). */
final class SwitchesResource implements Resource {
    private final SwitchService switches;

    SwitchesResource(SwitchService switches) {
        this.switches = switches;
    }

    @Override
    public String name() {
        return "switches";
    }

    private List<SwitchStatus> all() {
        return switches == null ? List.of() : switches.switches();
    }

    @Override
    public JsonNode list() {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        all().forEach(s -> out.add(SwitchView.of(s)));
        return out;
    }

    @Override
    public JsonNode get(String key) {
        return SwitchView.of(all().stream().filter(st -> st.datapathId().equals(key) || st.node().equals(key))
                .findFirst().orElseThrow(() -> new ValidationException(Kind.NOT_FOUND, "key", "switch '" + key
                        + "' is not connected (give its datapath id or node name)")));
    }

    @Override
    public JsonNode inspect(String key) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode view = (ObjectNode) get(key);
        o.set("Config", view);
        o.set("Oper", view);
        return o;
    }
}
