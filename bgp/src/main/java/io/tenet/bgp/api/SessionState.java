package io.tenet.bgp.api;

/** The states of RFC 4271's finite state machine (section 8.2.2). */
public enum SessionState {
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED;

    /** As BGP implementations print it: {@code Idle}, {@code OpenSent}, {@code Established}. */
    public String display() {
        return switch (this) {
            case IDLE -> "Idle";
            case CONNECT -> "Connect";
            case ACTIVE -> "Active";
            case OPEN_SENT -> "OpenSent";
            case OPEN_CONFIRM -> "OpenConfirm";
            case ESTABLISHED -> "Established";
        };
    }
}
