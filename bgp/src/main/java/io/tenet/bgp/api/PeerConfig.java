package io.tenet.bgp.api;

import java.time.Duration;

/**
 * One neighbour of the speaker.
 *
 * @param peerAddress the neighbour's address (IPv4, as an int)
 * @param peerAs the AS the neighbour must name in its OPEN (4-octet)
 * @param localAddress the address this speaker connects from, listens on, and gives as next hop
 * @param holdTime the hold time offered in OPEN (0, or at least 3 s); the session uses the lower of the two offers
 * @param keepalive the keepalive interval wished (at most a third of the negotiated hold time is used)
 * @param connectRetry the first wait before reconnecting; it doubles after each failure up to {@link #MAX_RETRY}
 * @param passive only wait for the neighbour to connect
 * @param port the neighbour's TCP port (179)
 */
public record PeerConfig(int peerAddress, long peerAs, int localAddress, Duration holdTime, Duration keepalive,
        Duration connectRetry, boolean passive, int port) {
    public static final int BGP_PORT = 179;
    public static final Duration MAX_RETRY = Duration.ofSeconds(60);

    public PeerConfig {
        if (peerAs <= 0 || peerAs > 0xffffffffL) {
            throw new IllegalArgumentException("peer AS " + peerAs + " is not 1-4294967295");
        }
        long hold = holdTime.toSeconds();
        if (hold != 0 && (hold < 3 || hold > 65535)) {
            throw new IllegalArgumentException("hold time " + hold + " s is neither 0 nor 3-65535");
        }
        if (keepalive.isNegative() || connectRetry.isNegative() || connectRetry.isZero()) {
            throw new IllegalArgumentException("keepalive and connect retry must be positive");
        }
    }

    /** A neighbour on port 179 with RFC 4271's suggested timers (hold 90 s, keepalive 30 s, retry 1 s doubling). */
    public static PeerConfig of(String peer, long peerAs, String local) {
        return new PeerConfig(Ipv4.parse(peer), peerAs, Ipv4.parse(local), Duration.ofSeconds(90),
                Duration.ofSeconds(30), Duration.ofSeconds(1), false, BGP_PORT);
    }

    public PeerConfig withTimers(Duration hold, Duration keep) {
        return new PeerConfig(peerAddress, peerAs, localAddress, hold, keep, connectRetry, passive, port);
    }

    public PeerConfig withPort(int p) {
        return new PeerConfig(peerAddress, peerAs, localAddress, holdTime, keepalive, connectRetry, passive, p);
    }

    public PeerConfig withPassive(boolean p) {
        return new PeerConfig(peerAddress, peerAs, localAddress, holdTime, keepalive, connectRetry, p, port);
    }

    public String peer() {
        return Ipv4.format(peerAddress);
    }
}
