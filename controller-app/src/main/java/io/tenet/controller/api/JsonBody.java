package io.tenet.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, field-named access to a JSON request body, for collection descriptors turning a body into a record:
 * every failure is a {@link ValidationException} naming the field. Absent and {@code null} fields read as
 * absent; fields the collection does not read are ignored (Contiv clients send {@code link-sets} and others).
 */
public final class JsonBody {
    /** The longest text value accepted in any field; collections cap some fields lower (a container id, 255). */
    public static final int MAX_TEXT = 1024;
    private final ObjectNode node;

    public JsonBody(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            throw new ValidationException("body", "request body must be a JSON object");
        }
        this.node = o;
    }

    /** Whether the body gives the field a value (null counts as not given). */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String text(String field) {
        return text(field, MAX_TEXT);
    }

    /** A text field of at most {@code max} characters (PEM keys and certificates are longer than most text). */
    public String text(String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ValidationException(field, field + " must be a string");
        }
        if (v.asText().length() > max) {
            throw new ValidationException(field, field + " is longer than " + max + " characters");
        }
        return v.asText();
    }

    public String required(String field) {
        String v = text(field);
        if (v == null || v.isEmpty()) {
            throw new ValidationException(field, field + " is required");
        }
        return v;
    }

    public int integer(String field, int defaultValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return defaultValue;
        }
        if (v.isTextual() && v.asText().matches("\\d{1,9}")) {
            return Integer.parseInt(v.asText());
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ValidationException(field, field + " must be an integer");
        }
        return v.asInt();
    }

    /** Parses a text field with a parser that throws IllegalArgumentException, naming the field on failure. */
    public <T> T parsed(String field, Function<String, T> parser, boolean required) {
        String v = required ? required(field) : text(field);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, field + ": " + e.getMessage());
        }
    }

    /** An array of object names (each checked by {@link Names}). */
    public List<String> stringList(String field) {
        List<String> out = texts(field);
        out.forEach(e -> Names.check(field, e));
        return out;
    }

    /** An array of strings of at most {@link #MAX_TEXT} characters, for the collection to parse. */
    public List<String> texts(String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ValidationException(field, field + " must be an array of strings");
        }
        if (v.size() > 1024) {
            throw new ValidationException(field, field + " holds more than 1024 entries");
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new ValidationException(field, field + " must be an array of strings");
            }
            if (e.asText().length() > MAX_TEXT) {
                throw new ValidationException(field, field + " holds a string longer than " + MAX_TEXT + " characters");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An array of objects (at most {@code max}), each as a body of its own. */
    public List<JsonBody> objects(String field, int max) {
        JsonNode v = node.get(field);
        List<JsonBody> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new ValidationException(field, field + " must be an array of objects");
        }
        if (v.size() > max) {
            throw new ValidationException(field, field + " holds more than " + max + " entries");
        }
        for (JsonNode e : v) {
            if (!(e instanceof ObjectNode)) {
                throw new ValidationException(field, field + " must be an array of objects");
            }
            out.add(new JsonBody(e));
        }
        return out;
    }

    /** A whole number of up to 10 digits, as a JSON number or a string of digits (Contiv's AS numbers). */
    public long unsigned32(String field, boolean required, long defaultValue) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
            if (required) {
                throw new ValidationException(field, field + " is required");
            }
            return defaultValue;
        }
        long n;
        if (v.isTextual() && v.asText().matches("\\d{1,10}")) {
            n = Long.parseLong(v.asText());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else {
            throw new ValidationException(field, field + " must be a whole number, not " + v);
        }
        if (n < 0 || n > 0xffffffffL) {
            throw new ValidationException(field, field + " must be 0-4294967295, not " + n);
        }
        return n;
    }

    public boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ValidationException(field, field + " must be true or false");
        }
        return v.asBoolean();
    }

    public Map<String, String> stringMap(String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new HashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw new ValidationException(field, field + " must be an object of strings");
        }
        if (v.size() > 64) {
            throw new ValidationException(field, field + " holds more than 64 entries");
        }
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new ValidationException(field, field + "." + e.getKey() + " must be a string");
            }
            if (e.getKey().isEmpty() || e.getKey().length() > 253 || e.getValue().asText().length() > MAX_TEXT) {
                throw new ValidationException(field, field + " keys are 1-253 characters and values at most "
                        + MAX_TEXT);
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** When the body names the object, the name must match the key in the path. */
    public void matchesKey(String field, String fromKey) {
        String v = text(field);
        if (v != null && !v.isEmpty() && !v.equals(fromKey)) {
            throw new ValidationException(field, field + " '" + v + "' does not match '" + fromKey
                    + "' in the URL key");
        }
    }
}
