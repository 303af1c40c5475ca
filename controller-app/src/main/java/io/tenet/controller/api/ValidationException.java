package io.tenet.controller.api;

/**
 * A request the model refuses. {@code field} names the offending input field (in the REST vocabulary);
 * {@code kind} tells the REST edge which status to answer.
 */
public class ValidationException extends RuntimeException {
    /** Why a request is refused; each maps to one HTTP status. */
    public enum Kind {
        INVALID(400), NOT_FOUND(404), METHOD_NOT_ALLOWED(405), CONFLICT(409), TOO_LARGE(413);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final String field;
    private final Kind kind;

    public ValidationException(String field, String message) {
        this(Kind.INVALID, field, message);
    }

    public ValidationException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public String field() {
        return field;
    }

    public Kind kind() {
        return kind;
    }
}
