package io.tenet.shim.cni;

/**
 * A CNI failure with its spec error code. Codes 1-99 are the spec's; 100 and up are Tenet's own.
 */
public final class CniException extends Exception {
    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int UNSUPPORTED_FIELD = 2;
    public static final int UNKNOWN_CONTAINER = 3;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODE_FAILURE = 6;
    public static final int INVALID_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;
    /** STATUS: the plugin cannot serve an ADD now (CNI 1.1). */
    public static final int NOT_AVAILABLE = 50;
    /** The controller refused the request (its message says why). */
    public static final int CONTROLLER_REFUSED = 100;
    /** A host command (ip, ovs-vsctl) failed. */
    public static final int HOST_SETUP_FAILED = 101;

    private final int code;
    private final String details;

    public CniException(int code, String message, String details) {
        super(message);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    public CniException(int code, String message) {
        this(code, message, "");
    }

    public int code() {
        return code;
    }

    public String details() {
        return details;
    }
}
