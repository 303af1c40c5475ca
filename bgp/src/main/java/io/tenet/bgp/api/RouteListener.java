package io.tenet.bgp.api;

/** Told when the Loc-RIB or a session changes; called on the speaker's thread, so it must return quickly. */
public interface RouteListener {
    /** The best routes changed; read them with {@link BgpSpeaker#bestRoutes()}. */
    void bestRoutesChanged();

    /** A neighbour's session changed state. */
    default void sessionChanged(PeerStatus status) {
    }
}
