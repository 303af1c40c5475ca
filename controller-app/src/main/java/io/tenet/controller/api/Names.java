package io.tenet.controller.api;

/** The rule every object name follows, so that names fit in keys, ports, files and shell completions. */
public final class Names {
    private static final int MAX_LENGTH = 64;

    private Names() {
    }

    /** Returns the name, or throws naming the field when it is not a valid object name. */
    public static String check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, field + " is required");
        }
        if (!valid(value, MAX_LENGTH)) {
            throw new ValidationException(field, field + " '" + value
                    + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return value;
    }

    /**
     * The {@code parts} colon-separated parts of a REST key.
     *
     * @throws ValidationException on field {@code key} with {@code shape} (what the key should look like) when the
     *                             key has another number of parts
     */
    static String[] splitKey(String key, int parts, String shape) {
        String[] out = key.split(":", -1);
        if (out.length != parts) {
            throw new ValidationException("key", shape + ", not '" + key + "'");
        }
        return out;
    }

    /**
     * {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,maxLength-1}}, checked without a regex: keys are built on hot paths
     * (lookups in the compiler), and a matcher per check was most of what they allocated.
     */
    static boolean valid(String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength || !alphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!alphanumeric(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
