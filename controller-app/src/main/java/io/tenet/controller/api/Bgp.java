package io.tenet.controller.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A host's BGP configuration, Contiv's {@code Bgp} object (docs/bgp.md): the host named {@code host} speaks BGP
 * from {@code routerIp} (its address on the fabric link, with the link's prefix length) as AS {@code as} to
 * {@code neighbor} in AS {@code neighborAs} (Contiv's one neighbour) and to {@code moreNeighbors} (Tenet's, for a
 * host wired to two top-of-rack switches), and announces its endpoints of the networks routed through the fabric.
 *
 * @param holdTime the hold time offered, in seconds (0, or 3-65535)
 * @param keepalive the keepalive interval, in seconds (below the hold time)
 * @param advertise what the host announces: its endpoints' /32s, or the subnets of the networks it has members of
 */
public record Bgp(String host, Ipv4 routerIp, int routerPrefixLength, long as, long neighborAs, Ipv4 neighbor,
        int holdTime, int keepalive, Advertise advertise, List<Neighbor> moreNeighbors) {
    public static final long MAX_AS = 0xffffffffL;
    /** The most neighbours besides {@code neighbor}. */
    public static final int MAX_MORE_NEIGHBORS = 7;
    /** RFC 4271's suggestion. */
    public static final int DEFAULT_HOLD_TIME = 90;

    /** What a host announces. */
    public enum Advertise {
        /** A /32 per endpoint on the host (the default: exact, and nothing else is needed of the fabric). */
        HOSTS,
        /** The subnet of each announced network with a member on the host (fewer routes; every host sends it). */
        NETWORKS
    }

    /** A neighbour and its AS. */
    public record Neighbor(Ipv4 address, long as) {
        public Neighbor {
            Objects.requireNonNull(address, "neighbor");
            if (as < 1 || as > MAX_AS) {
                throw new ValidationException("neighbors", "a neighbor-as must be 1-4294967295, not " + as);
            }
        }
    }

    /** Contiv's one neighbour. */
    public Bgp(String host, Ipv4 routerIp, int routerPrefixLength, long as, long neighborAs, Ipv4 neighbor,
            int holdTime, int keepalive, Advertise advertise) {
        this(host, routerIp, routerPrefixLength, as, neighborAs, neighbor, holdTime, keepalive, advertise, List.of());
    }

    public Bgp {
        Names.check("hostname", host);
        moreNeighbors = moreNeighbors == null ? List.of() : List.copyOf(moreNeighbors); // null: stored before them
        if (moreNeighbors.size() > MAX_MORE_NEIGHBORS) {
            throw new ValidationException("neighbors", "at most " + MAX_MORE_NEIGHBORS + " neighbors besides"
                    + " neighbor, not " + moreNeighbors.size());
        }
        Objects.requireNonNull(routerIp, "routerip");
        Objects.requireNonNull(neighbor, "neighbor");
        Objects.requireNonNull(advertise, "advertise");
        if (routerPrefixLength < 1 || routerPrefixLength > 32) {
            throw new ValidationException("routerip", "routerip must be an address with its prefix length"
                    + " (A.B.C.D/N)");
        }
        if (as < 1 || as > MAX_AS) {
            throw new ValidationException("as", "as must be 1-4294967295, not " + as);
        }
        if (neighborAs < 1 || neighborAs > MAX_AS) {
            throw new ValidationException("neighbor-as", "neighbor-as must be 1-4294967295, not " + neighborAs);
        }
        if (neighbor.equals(routerIp)) {
            throw new ValidationException("neighbor", "neighbor is this host's own routerip");
        }
        Set<Ipv4> seen = new HashSet<>(List.of(neighbor));
        for (Neighbor n : moreNeighbors) {
            if (n.address().equals(routerIp)) {
                throw new ValidationException("neighbors", "a neighbor is this host's own routerip");
            }
            if (!seen.add(n.address())) {
                throw new ValidationException("neighbors", "neighbor " + n.address() + " is given twice");
            }
        }
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new ValidationException("holdTime", "holdTime must be 0 or 3-65535 seconds, not " + holdTime);
        }
        if (keepalive < 0 || holdTime > 0 && keepalive >= holdTime || holdTime > 0 && keepalive == 0) {
            throw new ValidationException("keepalive", "keepalive must be 1 s or more and below holdTime ("
                    + holdTime + " s), not " + keepalive);
        }
    }

    /** Every neighbour: {@code neighbor} first, then {@code moreNeighbors}. */
    public List<Neighbor> neighbors() {
        List<Neighbor> all = new ArrayList<>(1 + moreNeighbors.size());
        all.add(new Neighbor(neighbor, neighborAs));
        all.addAll(moreNeighbors);
        return all;
    }

    /** The fabric link's prefix, from {@code routerip}. */
    public Ipv4Prefix link() {
        return new Ipv4Prefix(new Ipv4(routerIp.bits() & Ipv4Prefix.mask(routerPrefixLength)), routerPrefixLength);
    }
}
