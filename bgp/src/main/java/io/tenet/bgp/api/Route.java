package io.tenet.bgp.api;

import java.util.List;

/**
 * A route learned from a neighbour, with what best-path selection compares.
 *
 * @param prefix the destination
 * @param nextHop where to send it (IPv4 as an int)
 * @param asPath the AS path, flattened (an AS_SET counts once in {@link #pathLength})
 * @param pathLength the AS path length as RFC 4271 9.1.2.2 counts it
 * @param origin 0 IGP, 1 EGP, 2 INCOMPLETE
 * @param localPref LOCAL_PREF (the default, 100, from an external neighbour)
 * @param med MULTI_EXIT_DISC, -1 when absent
 * @param peer the neighbour it came from
 * @param peerAs that neighbour's AS
 * @param peerRouterId that neighbour's BGP identifier
 */
public record Route(Prefix prefix, int nextHop, List<Long> asPath, int pathLength, int origin, long localPref,
        long med, int peer, long peerAs, int peerRouterId) {
    public String nextHopText() {
        return Ipv4.format(nextHop);
    }
}
