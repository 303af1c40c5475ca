package io.tenet.controller.api;

import java.util.regex.Pattern;

/** The rule every object name follows, so that names fit in keys, ports, files and shell completions. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Names() {
    }

    /** Returns the name, or throws naming the field when it is not a valid object name. */
    public static String check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, field + " is required");
        }
        if (!NAME.matcher(value).matches()) {
            throw new ValidationException(field, field + " '" + value
                    + "' must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return value;
    }
}
