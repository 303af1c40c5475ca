package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;

/**
 * Address translation inside {@link Action.Ct}: {@link Nat.Kind#EXISTING} applies the translation a connection was
 * committed with (both directions: replies are translated back), {@link Nat.Kind#DST} and
 * {@link Nat.Kind#SRC} set one for a new connection, to {@code ip} and, for DST, {@code port}.
 */
public record Nat(Kind kind, Ipv4 ip, int port) {
    /** The kinds of translation. */
    public enum Kind {
        EXISTING, DST, SRC
    }

    public static final Nat EXISTING = new Nat(Kind.EXISTING, null, 0);

    public Nat {
        if ((kind == Kind.EXISTING) != (ip == null)) {
            throw new IllegalArgumentException("an address is given exactly for a new translation");
        }
        if (port < 0 || port > 65535 || kind != Kind.DST && port != 0) {
            throw new IllegalArgumentException("a port is given only for a destination translation: " + port);
        }
    }

    public static Nat destination(Ipv4 ip, int port) {
        return new Nat(Kind.DST, ip, port);
    }

    public static Nat source(Ipv4 ip) {
        return new Nat(Kind.SRC, ip, 0);
    }

    public String ofctl() {
        return switch (kind) {
            case EXISTING -> "nat";
            case DST -> "nat(dst=" + ip + (port > 0 ? ":" + port : "") + ")";
            case SRC -> "nat(src=" + ip + ")";
        };
    }
}
