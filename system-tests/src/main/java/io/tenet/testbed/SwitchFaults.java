package io.tenet.testbed;

import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * A host's Open vSwitch daemons crashed under a continuous ping between two containers, and what the ping saw:
 * the fault tests assert on it and SwitchRestartBenchmark times it.
 */
public final class SwitchFaults {
    private static final Duration BACK = Duration.ofSeconds(30);
    private static final double PING_INTERVAL = 0.02;

    private SwitchFaults() {
    }

    /**
     * What one crash did to a ping every 20 ms. For ovs-vswitchd, {@code crashToReconnectMs} runs from the kill
     * to the switch logging its new controller connection, and {@code reconnectToTrafficMs} from there to the
     * first answer after it; both are NaN for ovsdb-server, whose crash does not disconnect the switch.
     */
    public record Outage(Pinger.Result ping, double crashToReconnectMs, double reconnectToTrafficMs,
            double restartMs) {
        @Override
        public String toString() {
            return String.format("%d of %d pings lost, longest silence %.0f ms, crash to reconnect %.0f ms,"
                    + " reconnect to traffic %.0f ms, restart %.0f ms", ping.lost(), ping.transmitted(),
                    ping.longestGapMs(), crashToReconnectMs, reconnectToTrafficMs, restartMs);
        }
    }

    /** Kills and restarts {@code h}'s ovs-vswitchd while {@code from} pings {@code to}; returns when traffic is back. */
    public static Outage vswitchdCrash(Host h, Container from, Container to) throws IOException {
        Instant connectedBefore = h.ovs().lastControllerConnect("br-int");
        try (Pinger ping = new Pinger(from.ns(), to.ip(), PING_INTERVAL)) {
            Poll.require(BACK, "the ping answered", () -> ping.repliesSoFar() >= 10);
            double crashed = epoch(Instant.now());
            h.ovs().crashAndRestartVswitchd();
            double restarted = epoch(Instant.now());
            Poll.require(BACK, "the switch connected again", () -> !java.util.Objects.equals(connectedBefore,
                    h.ovs().lastControllerConnect("br-int")));
            int now = ping.repliesSoFar();
            Poll.require(BACK, "traffic back", () -> ping.repliesSoFar() >= now + 10);
            Pinger.Result seen = ping.stop();
            double connected = epoch(h.ovs().lastControllerConnect("br-int"));
            return new Outage(seen, (connected - crashed) * 1000, (seen.firstReplyAfter(connected) - connected) * 1000,
                    (restarted - crashed) * 1000);
        }
    }

    /** Kills and restarts {@code h}'s ovsdb-server while {@code from} pings {@code to}. */
    public static Outage ovsdbCrash(Host h, Container from, Container to) throws IOException {
        try (Pinger ping = new Pinger(from.ns(), to.ip(), PING_INTERVAL)) {
            Poll.require(BACK, "the ping answered", () -> ping.repliesSoFar() >= 10);
            double crashed = epoch(Instant.now());
            h.ovs().crashAndRestartOvsdb();
            double restarted = epoch(Instant.now());
            int now = ping.repliesSoFar();
            // ovs-vswitchd finds the new ovsdb-server within its reconnection back-off (1 s, then 2 s, ...).
            Poll.require(BACK, "answers after the restart", () -> ping.repliesSoFar() >= now + 25);
            return new Outage(ping.stop(), Double.NaN, Double.NaN, (restarted - crashed) * 1000);
        }
    }

    static double epoch(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
