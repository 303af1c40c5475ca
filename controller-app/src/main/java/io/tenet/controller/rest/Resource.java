package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.util.Map;

/**
 * One REST collection at {@code /api/v1/<name>/}: what {@link RestApi} dispatches to once it has routed a
 * request. Refusals are {@link ValidationException}s, which the router maps to their status and field. A
 * read-only collection keeps the default writes, which answer 405.
 */
interface Resource {
    String name();

    /** Every object, as a JSON array in key order. */
    JsonNode list();

    /** The list, with the request's query parameters; the model's collections take none and ignore them. */
    default JsonNode list(Map<String, String> query) {
        return list();
    }

    JsonNode get(String key);

    /** Whether {@code ?watch=true} on the list streams it ({@link EventStream}). */
    default boolean watchable() {
        return false;
    }

    /** Creates or replaces the object at {@code key} from the parsed body; the status says which. */
    default ApiResponse put(String key, JsonNode body) {
        throw readOnly();
    }

    /** Deletes the object at {@code key}; a 404 when there is none. */
    default void delete(String key) {
        throw readOnly();
    }

    JsonNode inspect(String key);

    /** The largest request body a write accepts. */
    default int maxBody() {
        return RestApi.MAX_BODY;
    }

    /** Refuses a query parameter outside {@code known}, naming it; {@code takes} says what the resource takes. */
    static void onlyParameters(Map<String, String> query, java.util.Set<String> known, String takes) {
        for (String p : query.keySet()) {
            if (!known.contains(p)) {
                throw new ValidationException(p, "unknown query parameter " + p + "; " + takes);
            }
        }
    }

    default ValidationException readOnly() {
        return new ValidationException(Kind.METHOD_NOT_ALLOWED, "method", name() + " are read-only: they appear"
                + " and go with what they describe");
    }
}
