package io.tenet.openflow.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the OpenFlow listener runs.
 *
 * @param bind             address and port to listen on (6653 by convention)
 * @param echoInterval     idle time after which an echo request probes the switch; the channel closes when a
 *                         second interval passes without any message
 * @param handshakeTimeout time allowed from accept to the end of the handshake
 */
public record ChannelSettings(InetSocketAddress bind, Duration echoInterval, Duration handshakeTimeout) {
    public ChannelSettings {
        Objects.requireNonNull(bind, "bind");
        if (echoInterval.isNegative() || echoInterval.isZero()) {
            throw new IllegalArgumentException("echoInterval must be positive: " + echoInterval);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    public static ChannelSettings of(InetSocketAddress bind) {
        return new ChannelSettings(bind, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
}
