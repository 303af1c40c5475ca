package io.tenet.controller.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Endpoint labels and the selectors of services that match them. A label key is 1-63 letters, digits, '_', '.',
 * '-' or '/', starting with a letter or digit; a value is 0-63 letters, digits, '_', '.' or '-'. A selector is
 * {@code key=value} and matches an endpoint whose labels hold that pair; a service's selectors all must match.
 */
public final class Labels {
    public static final int MAX_LABELS = 64;
    private static final int MAX_LENGTH = 63;

    private Labels() {
    }

    /** The labels, checked and sorted by key (so equal labels are equal maps whatever their order). */
    public static Map<String, String> check(String field, Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            throw new ValidationException(field, field + " holds more than " + MAX_LABELS + " labels");
        }
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> {
            checkKey(field, k);
            checkValue(field, k, v);
            out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Parses {@code key=value} selectors into a map, refusing a malformed one or a key given twice. */
    public static Map<String, String> selectors(String field, Iterable<String> selectors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : selectors) {
            int eq = s == null ? -1 : s.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException(field, field + " entry '" + s + "' is not key=value");
            }
            String k = s.substring(0, eq);
            String v = s.substring(eq + 1);
            checkKey(field, k);
            checkValue(field, k, v);
            if (out.put(k, v) != null) {
                throw new ValidationException(field, field + " names key '" + k + "' twice");
            }
        }
        return check(field, out);
    }

    /** Whether {@code labels} hold every pair of {@code selectors}. */
    public static boolean matches(Map<String, String> selectors, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selectors.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static void checkKey(String field, String k) {
        if (k == null || k.isEmpty() || k.length() > MAX_LENGTH || !alphanumeric(k.charAt(0))) {
            throw new ValidationException(field, field + " key '" + k + "' must be 1-63 letters, digits, '_', '.', '-'"
                    + " or '/', starting with a letter or digit");
        }
        for (int i = 1; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!alphanumeric(c) && c != '_' && c != '.' && c != '-' && c != '/') {
                throw new ValidationException(field, field + " key '" + k + "' holds '" + c + "'");
            }
        }
    }

    private static void checkValue(String field, String k, String v) {
        if (v == null || v.length() > MAX_LENGTH) {
            throw new ValidationException(field, field + " value of '" + k + "' must be at most 63 characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!alphanumeric(c) && c != '_' && c != '.' && c != '-') {
                throw new ValidationException(field, field + " value of '" + k + "' holds '" + c + "'");
            }
        }
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
