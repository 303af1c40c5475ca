package io.tenet.controller.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelUnavailableException;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, following Contiv netmaster v1: {@code /api/v1/<collection>/} lists, {@code /api/v1/<collection>/<key>/}
 * gets (GET), creates or updates (POST, PUT) and deletes (DELETE) one object, {@code /api/v1/inspect/<collection>/<key>/}
 * returns {@code {"Config", "Oper"}}. This class only routes and maps errors: every model collection of the
 * schema is served by a {@link CollectionResource} made from its descriptor, and {@code switches} by its own
 * resource. Transport-free: a server adapter hands it method, path and body.
 *
 * <p>Errors: every refusal is a 4xx with {@code {"error": ..., "field": ...}}; a write the store could not make
 * now answers 503 (retry); only a broken invariant inside the controller answers 500.
 */
public final class RestApi {
    /** The largest request body accepted where the resource does not allow more. */
    public static final int MAX_BODY = io.tenet.controller.api.ModelCollection.MAX_BODY;
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final String PREFIX = "/api/v1/";
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private volatile java.util.function.IntConsumer statuses = status -> { };
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public RestApi(ModelAdminService model, SwitchService switches) {
        this(model, switches, new OperStatus());
    }

    /** With the status the controller's modules publish, for the collections' inspect views. */
    public RestApi(ModelAdminService model, SwitchService switches, OperStatus status) {
        this(model, switches, status, new EventLog());
    }

    /** With the status the modules publish and the controller's event log ({@code /api/v1/events/}). */
    public RestApi(ModelAdminService model, SwitchService switches, OperStatus status, EventLog events) {
        this(model, switches, status, events, request -> {
            throw new ValidationException(Kind.CONFLICT, "from", "this controller programs no switches to trace");
        });
    }

    /** With the tracer of the controller's switches ({@code /api/v1/trace}) besides. */
    public RestApi(ModelAdminService model, SwitchService switches, OperStatus status, EventLog events,
            TraceService tracer) {
        for (ModelCollection<?, ?, ?> c : model.schema().collections()) {
            add(resource(c, model, new ViewSources(switches, status)));
        }
        add(new SwitchesResource(switches));
        add(new EventsResource(events));
        add(new TraceResource(tracer));
        add(new TrafficResource(switches, model));
    }

    /** What the views show besides the model. */
    record ViewSources(SwitchService switches, OperStatus status) {
    }

    private static <K, V, R> Resource resource(ModelCollection<K, V, R> c, ModelAdminService model,
            ViewSources sources) {
        return new CollectionResource<>(c, model, sources);
    }

    private void add(Resource r) {
        resources.put(r.name(), r);
    }

    /**
     * Answers one request whose body is read from {@code body}, at most as many bytes as its resource accepts
     * ({@link #MAX_BODY} unless it says otherwise; 413 beyond): what every transport calls.
     */
    public ApiResponse handle(String method, String path, InputStream body) throws IOException {
        int max = maxBody(path);
        byte[] bytes = body.readNBytes(max + 1);
        if (bytes.length > max) {
            return ApiResponse.error(413, "body", "request body exceeds " + max + " bytes");
        }
        return handle(method, path, bytes);
    }

    /** The body limit of the resource {@code path} names, {@link #MAX_BODY} when it names none. */
    private int maxBody(String path) {
        path = withoutQuery(path);
        if (path == null || !path.startsWith(PREFIX)) {
            return MAX_BODY;
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        Resource r = parts.length > 0 ? resources.get(parts[0]) : null;
        return r == null ? MAX_BODY : r.maxBody();
    }

    /** Tells {@code observer} the status of every request answered from now on (the REST metrics). */
    public void observeStatuses(java.util.function.IntConsumer observer) {
        this.statuses = observer;
    }

    /**
     * The event stream a request asks for ({@code GET /api/v1/<watchable>/?watch=true[&interval=<seconds>]}), or
     * null when it asks for none or asks wrongly: then {@link #handle} answers it (with the error naming the
     * parameter). The transport sends status 200 with {@link EventStream#CONTENT_TYPE} and runs the stream.
     */
    public EventStream watch(String method, String fullPath) {
        String path = withoutQuery(fullPath);
        if (!"GET".equals(method) || path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        Resource r = parts.length == 1 ? resources.get(parts[0]) : null;
        if (r == null || !r.watchable()) {
            return null;
        }
        try {
            Map<String, String> q = query(fullPath);
            if (!"true".equals(q.get(EventStream.WATCH))) {
                return null;
            }
            java.time.Duration interval = watchParameters(q);
            r.list(q);
            statuses.accept(200);
            return new EventStream(() -> render(ApiResponse.ok(r.list(q))), interval);
        } catch (ValidationException e) {
            return null;
        }
    }

    /** The interval of a watch, refusing a watch or interval parameter that is malformed. */
    private static java.time.Duration watchParameters(Map<String, String> q) {
        String watch = q.get(EventStream.WATCH);
        if (watch != null && !watch.equals("true") && !watch.equals("false")) {
            throw new ValidationException(EventStream.WATCH, "watch must be true or false, not '" + watch + "'");
        }
        String seconds = q.get(EventStream.INTERVAL);
        if (seconds == null) {
            return EventStream.DEFAULT_INTERVAL;
        }
        try {
            int s = Integer.parseInt(seconds);
            if (s >= 1 && s <= EventStream.MAX_INTERVAL_SECONDS) {
                return java.time.Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ValidationException(EventStream.INTERVAL, "interval must be 1-" + EventStream.MAX_INTERVAL_SECONDS
                + " seconds, not '" + seconds + "'");
    }

    public ApiResponse handle(String method, String path, byte[] body) {
        ApiResponse r = answer(method, path, body);
        statuses.accept(r.status());
        return r;
    }

    private ApiResponse answer(String method, String path, byte[] body) {
        try {
            return route(method, path, body);
        } catch (ValidationException e) {
            return ApiResponse.error(e.kind().status, e.field(), e.getMessage());
        } catch (ModelUnavailableException e) {
            return ApiResponse.error(503, "store", e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed inside the controller: {}. This is a bug; the model is unchanged.", method, path,
                    e.toString(), e);
            return ApiResponse.error(500, null, "internal error: " + e);
        }
    }

    private static String withoutQuery(String path) {
        int q = path == null ? -1 : path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** The parameters of the query part of {@code path} ({@code ?a=1&b=2}), decoded. */
    private static Map<String, String> query(String path) {
        int q = path == null ? -1 : path.indexOf('?');
        Map<String, String> out = new LinkedHashMap<>();
        if (q < 0) {
            return out;
        }
        for (String p : path.substring(q + 1).split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = decode(eq < 0 ? p : p.substring(0, eq));
            if (out.put(name, decode(eq < 0 ? "" : p.substring(eq + 1))) != null) {
                throw new ValidationException(name, "query parameter " + name + " is given twice");
            }
        }
        return out;
    }

    private ApiResponse route(String method, String fullPath, byte[] body) {
        String path = withoutQuery(fullPath);
        if (path == null || !path.startsWith(PREFIX)) {
            throw new ValidationException(Kind.NOT_FOUND, "path", "no such resource: " + path
                    + " (the API lives under /api/v1/)");
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        boolean inspect = parts.length > 0 && parts[0].equals("inspect");
        int base = inspect ? 1 : 0;
        if (parts.length <= base || parts[base].isEmpty()) {
            throw new ValidationException(Kind.NOT_FOUND, "path", "no collection named in " + path);
        }
        if (parts.length > base + 2) {
            throw new ValidationException(Kind.NOT_FOUND, "path", "no such resource: " + path);
        }
        Resource resource = resources.get(parts[base]);
        if (resource == null) {
            throw new ValidationException(Kind.NOT_FOUND, "path", "no collection named '" + parts[base] + "'; known: "
                    + String.join(", ", resources.keySet()));
        }
        String key = parts.length > base + 1 ? decode(parts[base + 1]) : null;
        if (inspect) {
            if (!method.equals("GET") || key == null) {
                throw new ValidationException(Kind.METHOD_NOT_ALLOWED, "method",
                        "inspect takes GET on /api/v1/inspect/<collection>/<key>/");
            }
            return ApiResponse.ok(resource.inspect(key));
        }
        if (key == null) {
            if (!method.equals("GET")) {
                throw new ValidationException(Kind.METHOD_NOT_ALLOWED, "method", method
                        + " is not allowed on a collection; use " + PREFIX + resource.name() + "/<key>/");
            }
            Map<String, String> q = query(fullPath);
            if (resource.watchable()) {
                watchParameters(q);
            }
            return ApiResponse.ok(resource.list(q));
        }
        return switch (method) {
            case "GET" -> ApiResponse.ok(resource.get(key));
            case "POST", "PUT" -> resource.put(key, parse(body));
            case "DELETE" -> {
                resource.delete(key);
                yield ApiResponse.ok(JsonNodeFactory.instance.objectNode());
            }
            default -> throw new ValidationException(Kind.METHOD_NOT_ALLOWED, "method", "method " + method
                    + " is not allowed");
        };
    }

    private static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("path", "the key in the path is not URL-encoded properly: " + e.getMessage());
        }
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ValidationException("body", "request body is empty; send a JSON object");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ValidationException("body", "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("body", "unreadable request body: " + e.getMessage());
        }
    }

    /** For servers that render the body. */
    public byte[] render(ApiResponse r) {
        try {
            return json.writeValueAsBytes(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
