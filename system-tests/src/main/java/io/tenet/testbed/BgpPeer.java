package io.tenet.testbed;

import java.util.Map;

/**
 * A BGP router from Debian's packages standing for the fabric's top-of-rack switch, in its own namespace on the
 * fabric, peering with the hosts as an external neighbour and announcing a prefix for the world beyond. Its
 * kernel holds the routes it learned, so that it forwards between the hosts and answers containers.
 */
public interface BgpPeer extends AutoCloseable {
    /** The router's address on the fabric. */
    String ROUTER_IP = "192.168.77.250";
    /** The router's AS. */
    long ROUTER_AS = 65000;

    /** The daemon's name, for messages ("BIRD 2", "GoBGP"). */
    String daemon();

    /** Starts the daemon, peering with each host address (to its AS) and announcing {@code prefix}. */
    void start() throws java.io.IOException;

    /** Kills the daemon, as a crash would; {@link #start} brings it back with the same configuration. */
    void stop();

    /** The prefixes the router learned from the neighbour at {@code hostIp}, with their next hops. */
    Map<String, String> learnedFrom(String hostIp);

    /** Whether the session with {@code hostIp} is Established, as the daemon shows it. */
    boolean established(String hostIp);

    /** Puts what the daemon learned into its namespace's kernel, when the daemon does not do it itself. */
    default void syncKernel() {
    }

    @Override
    void close();
}
