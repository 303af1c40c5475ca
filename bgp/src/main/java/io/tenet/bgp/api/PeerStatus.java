package io.tenet.bgp.api;

import java.time.Instant;

/**
 * A neighbour's session as the speaker sees it.
 *
 * @param peer the neighbour's address
 * @param peerAs its AS
 * @param state the FSM state
 * @param since when the session entered {@code state}
 * @param lastError the last reason the session went down (a NOTIFICATION sent or received, a TCP error), or empty
 * @param peerRouterId the BGP identifier of the neighbour's OPEN (0 before one)
 * @param holdTime the negotiated hold time in seconds (0 before Established)
 * @param received the prefixes in the neighbour's Adj-RIB-In
 * @param advertised the prefixes sent to the neighbour
 * @param flaps how many times an Established session ended
 */
public record PeerStatus(String peer, long peerAs, SessionState state, Instant since, String lastError,
        int peerRouterId, int holdTime, int received, int advertised, int flaps) {
}
