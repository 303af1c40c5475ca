package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/events/}: the controller's event log, read-only, oldest first. Query parameters: {@code since}
 * (a sequence number: only later events), {@code severity} (at least {@code info}, {@code warning} or
 * {@code error}), {@code source} ({@code model}, {@code switch}, {@code aci}) and {@code limit} (1-1000, default
 * 100). {@code /api/v1/events/<seq>/} is one event, while it is kept.
 */
final class EventsResource implements Resource {
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("since", "severity", "source", "limit");
    private final EventLog events;

    EventsResource(EventLog events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public JsonNode list() {
        return list(Map.of());
    }

    @Override
    public JsonNode list(Map<String, String> query) {
        Resource.onlyParameters(query, PARAMETERS, "events take since, severity, source and limit");
        long since = number(query, "since", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, MAX_LIMIT, 100);
        EventLog.Severity atLeast = query.containsKey("severity") ? EventLog.Severity.parse("severity",
                query.get("severity")) : EventLog.Severity.INFO;
        String source = query.get("source");
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        events.query(since, atLeast, source, limit).forEach(e -> out.add(view(e).put("boot", events.boot())));
        return out;
    }

    private static long number(Map<String, String> query, String name, long min, long max, long otherwise) {
        String v = query.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ValidationException(name, name + " must be a number from " + min + " to " + max + ", not '" + v
                + "'");
    }

    static ObjectNode view(EventLog.Event e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seq", e.seq());
        o.put("time", e.time().toString());
        o.put("severity", e.severity().wire());
        o.put("source", e.source());
        o.put("subject", e.subject());
        o.put("message", e.message());
        return o;
    }

    @Override
    public JsonNode get(String key) {
        long seq;
        try {
            seq = Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new ValidationException("key", "an event is named by its sequence number, not '" + key + "'");
        }
        List<EventLog.Event> found = events.query(seq - 1, EventLog.Severity.INFO, null, 1);
        if (found.isEmpty() || found.get(0).seq() != seq) {
            throw new ValidationException(Kind.NOT_FOUND, "key", "no event " + seq + " (older ones are dropped past "
                    + events.capacity() + ")");
        }
        return view(found.get(0)).put("boot", events.boot());
    }

    @Override
    public JsonNode inspect(String key) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        JsonNode e = get(key);
        o.set("Config", e);
        o.set("Oper", JsonNodeFactory.instance.objectNode().put("lastSeq", events.lastSeq()).put("dropped",
                events.dropped()));
        return o;
    }
}
