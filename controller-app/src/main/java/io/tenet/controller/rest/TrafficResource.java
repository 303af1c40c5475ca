package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.Traffic;
import io.tenet.controller.api.Traffic.Counts;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.collections.ModelCollections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /api/v1/traffic/}: packets and bytes per group (out, in, denied), per rule on each group and per service,
 * summed over every connected switch from flow statistics by cookie (docs/metrics.md), as one JSON object; with
 * {@code ?watch=true} a server-sent event stream of the same object (see {@link EventStream}).
 * {@code /api/v1/traffic/<group or service>/} is one group's or service's counters.
 */
final class TrafficResource implements Resource {
    private static final Set<String> PARAMETERS = Set.of(EventStream.WATCH, EventStream.INTERVAL);
    private static final String RULE_ON = " on ";
    private final SwitchService switches;
    private final ModelService model;

    TrafficResource(SwitchService switches, ModelService model) {
        this.switches = switches;
        this.model = model;
    }

    @Override
    public String name() {
        return "traffic";
    }

    @Override
    public boolean watchable() {
        return true;
    }

    @Override
    public JsonNode list() {
        return list(Map.of());
    }

    @Override
    public JsonNode list(Map<String, String> query) {
        Resource.onlyParameters(query, PARAMETERS, "traffic takes watch=true and interval (seconds)");
        return view(switches == null ? Traffic.NONE : switches.traffic());
    }

    private ObjectNode view(Traffic t) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("time", System.currentTimeMillis());
        ArrayNode groups = out.putArray("groups");
        Set<String> names = new TreeSet<>(t.groupOut().keySet());
        names.addAll(t.groupIn().keySet());
        names.addAll(t.groupDenied().keySet());
        for (String g : names) {
            ObjectNode o = groups.addObject().put("group", g);
            counts(o, "out", t.groupOut().get(g));
            counts(o, "in", t.groupIn().get(g));
            counts(o, "denied", t.groupDenied().get(g));
        }
        ArrayNode rules = out.putArray("rules");
        Map<Rule.RuleKey, Rule> known = model.snapshot().get(ModelCollections.RULES);
        new TreeMap<>(t.rules()).forEach((k, c) -> {
            int on = k.indexOf(RULE_ON);
            String rule = on < 0 ? k : k.substring(0, on);
            ObjectNode o = rules.addObject().put("rule", rule).put("group", on < 0 ? "" : k.substring(on
                    + RULE_ON.length()));
            Rule r = action(known, rule);
            o.put("action", r == null ? "" : r.action().wire());
            o.put("packets", c.packets()).put("bytes", c.bytes());
        });
        ArrayNode services = out.putArray("services");
        new TreeMap<>(t.services()).forEach((s, c) -> services.addObject().put("service", s)
                .put("connections", c.packets()).put("bytes", c.bytes()));
        return out;
    }

    private static Rule action(Map<Rule.RuleKey, Rule> known, String rule) {
        try {
            return known.get(Rule.RuleKey.parse(rule));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void counts(ObjectNode o, String direction, Counts c) {
        o.put(direction + "Packets", c == null ? 0 : c.packets());
        o.put(direction + "Bytes", c == null ? 0 : c.bytes());
    }

    @Override
    public JsonNode get(String key) {
        ObjectNode all = view(switches == null ? Traffic.NONE : switches.traffic());
        for (String kind : new String[] {"groups", "services"}) {
            for (JsonNode n : all.path(kind)) {
                if (n.path(kind.equals("groups") ? "group" : "service").asText().equals(key)) {
                    return n;
                }
            }
        }
        throw new ValidationException(Kind.NOT_FOUND, "key", "no traffic counted for '" + key + "' (give a group or"
                + " a service as tenant:name; counters appear once its flows are installed)");
    }

    @Override
    public JsonNode inspect(String key) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        JsonNode view = get(key);
        o.set("Config", view);
        o.set("Oper", view);
        return o;
    }
}
