package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.api.TraceService.TraceRequest;
import io.tenet.controller.api.TraceService.TraceResult;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/trace?from=<endpoint>&to=<endpoint or IPv4>&protocol=tcp|udp|icmp&port=N}: the verdict on
 * the first packet of such a connection, computed from the compiled flows (docs/trace.md), as one JSON object.
 */
final class TraceResource implements Resource {
    private static final Set<String> PARAMETERS = Set.of("from", "to", "protocol", "port");
    private final TraceService tracer;

    TraceResource(TraceService tracer) {
        this.tracer = tracer;
    }

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public JsonNode list() {
        return list(Map.of());
    }

    @Override
    public JsonNode list(Map<String, String> query) {
        Resource.onlyParameters(query, PARAMETERS, "a trace takes from, to, protocol and port");
        String port = query.getOrDefault("port", "");
        int n = 0;
        if (!port.isEmpty()) {
            try {
                n = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new ValidationException("port", "port must be a number, not '" + port + "'");
            }
        }
        return view(tracer.trace(new TraceRequest(query.get("from"), query.get("to"), query.get("protocol"), n)));
    }

    /** The JSON of a result: what the API answers and {@code tenet:trace --json} prints. */
    static ObjectNode view(TraceResult r) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("verdict", r.verdict());
        if (r.rule() == null) {
            out.putNull("rule");
        } else {
            out.put("rule", r.rule());
        }
        out.put("reason", r.reason());
        if (r.destinationMac() != null) {
            out.put("destinationMac", r.destinationMac());
        }
        if (r.output() == null) {
            out.putNull("output");
        } else {
            out.putObject("output").put("node", r.output().node()).put("port", r.output().port())
                    .put("portName", r.output().portName()).put("reaches", r.output().reaches());
        }
        r.tables().forEach(out.putArray("tables")::add);
        var hops = out.putArray("hops");
        r.hops().forEach(h -> hops.addObject().put("node", h.node()).put("table", h.table()).put("tableId", h.tableId())
                .put("priority", h.priority()).put("owner", h.owner()).put("flow", h.flow()).put("note", h.note()));
        return out;
    }

    @Override
    public JsonNode get(String key) {
        throw usage();
    }

    @Override
    public JsonNode inspect(String key) {
        throw usage();
    }

    private static ValidationException usage() {
        return new ValidationException(Kind.NOT_FOUND, "path", "a trace is GET /api/v1/trace?from=<endpoint>&to="
                + "<endpoint or IPv4>&protocol=tcp|udp|icmp&port=N");
    }
}
