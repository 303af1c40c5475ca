package io.tenet.bgp.wire;

/**
 * An error that ends a session with a NOTIFICATION (RFC 4271 section 6): the only exception the decoder throws.
 */
public final class BgpError extends Exception {
    public static final int HEADER = 1;
    public static final int OPEN = 2;
    public static final int UPDATE = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM = 5;
    public static final int CEASE = 6;

    // message header errors
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;
    // OPEN errors
    public static final int UNSUPPORTED_VERSION = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    // UPDATE errors
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN = 2;
    public static final int MISSING_WELL_KNOWN = 3;
    public static final int ATTRIBUTE_FLAGS = 4;
    public static final int ATTRIBUTE_LENGTH = 5;
    public static final int INVALID_ORIGIN = 6;
    public static final int INVALID_NEXT_HOP = 8;
    public static final int OPTIONAL_ATTRIBUTE = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;
    // Cease (RFC 4486)
    public static final int ADMINISTRATIVE_SHUTDOWN = 2;
    public static final int PEER_DECONFIGURED = 3;
    public static final int ADMINISTRATIVE_RESET = 4;
    public static final int CONNECTION_COLLISION = 7;

    private final int code;
    private final int subcode;
    private final byte[] data;

    public BgpError(int code, int subcode, String detail) {
        this(code, subcode, new byte[0], detail);
    }

    public BgpError(int code, int subcode, byte[] data, String detail) {
        super(describe(code, subcode) + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false,
                false);
        this.code = code;
        this.subcode = subcode;
        this.data = data;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    /** The NOTIFICATION that reports this error to the neighbour. */
    public BgpMessage.Notification notification() {
        return new BgpMessage.Notification(code, subcode, data);
    }

    /** "UPDATE message error / malformed attribute list (3/1)". */
    public static String describe(int code, int subcode) {
        String c = switch (code) {
            case HEADER -> "message header error";
            case OPEN -> "OPEN message error";
            case UPDATE -> "UPDATE message error";
            case HOLD_TIMER_EXPIRED -> "hold timer expired";
            case FSM -> "finite state machine error";
            case CEASE -> "cease";
            default -> "error code " + code;
        };
        String s = switch (code * 100 + subcode) {
            case 101 -> "connection not synchronized";
            case 102 -> "bad message length";
            case 103 -> "bad message type";
            case 201 -> "unsupported version number";
            case 202 -> "bad peer AS";
            case 203 -> "bad BGP identifier";
            case 204 -> "unsupported optional parameter";
            case 206 -> "unacceptable hold time";
            case 301 -> "malformed attribute list";
            case 302 -> "unrecognized well-known attribute";
            case 303 -> "missing well-known attribute";
            case 304 -> "attribute flags error";
            case 305 -> "attribute length error";
            case 306 -> "invalid ORIGIN attribute";
            case 308 -> "invalid NEXT_HOP attribute";
            case 309 -> "optional attribute error";
            case 310 -> "invalid network field";
            case 311 -> "malformed AS_PATH";
            case 602 -> "administrative shutdown";
            case 603 -> "peer de-configured";
            case 604 -> "administrative reset";
            case 607 -> "connection collision resolution";
            default -> "";
        };
        return c + (s.isEmpty() ? "" : " / " + s) + " (" + code + "/" + subcode + ")";
    }
}
