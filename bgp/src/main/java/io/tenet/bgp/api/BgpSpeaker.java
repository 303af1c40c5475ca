package io.tenet.bgp.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A BGP speaker for one host: it announces that host's prefixes to its neighbours and learns theirs. It never
 * passes routes learned from one neighbour to another (a host is not a transit router). Every method is safe to
 * call from any thread.
 */
public interface BgpSpeaker extends AutoCloseable {
    /** The speaker's AS. */
    long localAs();

    /** The TCP port neighbours connect to. */
    int listenPort();

    /** Adds a neighbour, or replaces its configuration (a changed one restarts its session). */
    void addPeer(PeerConfig peer);

    /** Removes a neighbour: a Cease NOTIFICATION, and its routes are forgotten. */
    void removePeer(int peerAddress);

    /** Makes the announced prefixes exactly {@code prefixes} (next hop: the session's local address). */
    void announce(Collection<Prefix> prefixes);

    /** Asks every Established neighbour that supports it to send its routes again (RFC 2918). */
    void refresh();

    /** The best routes, per prefix: several when they tie up to the neighbour's identity (ECMP). */
    Map<Prefix, List<Route>> bestRoutes();

    /** The neighbours' sessions. */
    List<PeerStatus> peers();

    /** The prefixes announced. */
    Collection<Prefix> announced();

    void addListener(RouteListener listener);

    @Override
    void close();
}
