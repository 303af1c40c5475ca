package io.tenet.controller.api;

import java.util.Objects;

/**
 * A host's BGP configuration, Contiv's {@code Bgp} object (docs/bgp.md): the host named {@code host} speaks BGP
 * from {@code routerIp} (its address on the fabric link, with the link's prefix length) as AS {@code as} to one
 * neighbour, {@code neighbor} in AS {@code neighborAs}, and announces its endpoints of the networks routed
 * through the fabric.
 *
 * @param holdTime the hold time offered, in seconds (0, or 3-65535)
 * @param keepalive the keepalive interval, in seconds (below the hold time)
 * @param advertise what the host announces: its endpoints' /32s, or the subnets of the networks it has members of
 */
public record Bgp(String host, Ipv4 routerIp, int routerPrefixLength, long as, long neighborAs, Ipv4 neighbor,
        int holdTime, int keepalive, Advertise advertise) {
    public static final long MAX_AS = 0xffffffffL;
    /** RFC 4271's suggestion. */
    public static final int DEFAULT_HOLD_TIME = 90;

    /** What a host announces. */
    public enum Advertise {
        /** A /32 per endpoint on the host (the default: exact, and nothing else is needed of the fabric). */
        HOSTS,
        /** The subnet of each announced network with a member on the host (fewer routes; every host sends it). */
        NETWORKS
    }

    public Bgp {
        Names.check("hostname", host);
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
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new ValidationException("holdTime", "holdTime must be 0 or 3-65535 seconds, not " + holdTime);
        }
        if (keepalive < 0 || holdTime > 0 && keepalive >= holdTime || holdTime > 0 && keepalive == 0) {
            throw new ValidationException("keepalive", "keepalive must be 1 s or more and below holdTime ("
                    + holdTime + " s), not " + keepalive);
        }
    }

    /** The fabric link's prefix, from {@code routerip}. */
    public Ipv4Prefix link() {
        return new Ipv4Prefix(new Ipv4(routerIp.bits() & Ipv4Prefix.mask(routerPrefixLength)), routerPrefixLength);
    }
}
