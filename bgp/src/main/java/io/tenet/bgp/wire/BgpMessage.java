package io.tenet.bgp.wire;

import io.tenet.bgp.api.Prefix;
import java.util.List;

/** The five BGP messages (RFC 4271 section 4, RFC 2918). */
public sealed interface BgpMessage {
    int OPEN = 1;
    int UPDATE = 2;
    int NOTIFICATION = 3;
    int KEEPALIVE = 4;
    int ROUTE_REFRESH = 5;

    int type();

    /**
     * OPEN. {@code myAs} is the 2-octet field (AS_TRANS when the real AS does not fit); the 4-octet AS travels in
     * the capability.
     */
    record Open(int version, int myAs, int holdTime, int bgpId, Capabilities capabilities) implements BgpMessage {
        public static final int AS_TRANS = 23456;

        @Override
        public int type() {
            return OPEN;
        }

        /** The sender's AS: the 4-octet capability's when present, else the 2-octet field. */
        public long as() {
            return capabilities.fourOctetAs() >= 0 ? capabilities.fourOctetAs() : myAs;
        }
    }

    /**
     * UPDATE. {@code attributes} is null when the message only withdraws. When the decoder found an attribute error
     * that RFC 7606 handles by "treat-as-withdraw", the NLRI have been moved to {@code withdrawn} and
     * {@code attributeError} says why.
     */
    record Update(List<Prefix> withdrawn, PathAttributes attributes, List<Prefix> nlri, String attributeError)
            implements BgpMessage {
        public Update {
            withdrawn = List.copyOf(withdrawn);
            nlri = List.copyOf(nlri);
        }

        public Update(List<Prefix> withdrawn, PathAttributes attributes, List<Prefix> nlri) {
            this(withdrawn, attributes, nlri, null);
        }

        @Override
        public int type() {
            return UPDATE;
        }
    }

    /** NOTIFICATION: error code, subcode and data (RFC 4271 section 4.5). */
    record Notification(int code, int subcode, byte[] data) implements BgpMessage {
        @Override
        public int type() {
            return NOTIFICATION;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Notification n && n.code == code && n.subcode == subcode
                    && java.util.Arrays.equals(n.data, data);
        }

        @Override
        public int hashCode() {
            return code * 31 + subcode;
        }

        @Override
        public String toString() {
            return BgpError.describe(code, subcode);
        }
    }

    record Keepalive() implements BgpMessage {
        @Override
        public int type() {
            return KEEPALIVE;
        }
    }

    /** ROUTE-REFRESH for one address family (RFC 2918). */
    record RouteRefresh(int afi, int safi) implements BgpMessage {
        @Override
        public int type() {
            return ROUTE_REFRESH;
        }
    }
}
