package io.tenet.bgp.wire;

import java.util.List;

/**
 * The capabilities of an OPEN (RFC 5492) that this speaker understands; others are kept by code only.
 *
 * @param multiprotocol the (AFI, SAFI) pairs of the multiprotocol capability (RFC 4760), as AFI << 16 | SAFI
 * @param routeRefresh the route refresh capability (RFC 2918)
 * @param fourOctetAs the AS of the 4-octet AS capability (RFC 6793), -1 when absent
 * @param others the codes of capabilities this speaker does not use
 */
public record Capabilities(List<Integer> multiprotocol, boolean routeRefresh, long fourOctetAs, List<Integer> others) {
    public static final int MULTIPROTOCOL = 1;
    public static final int ROUTE_REFRESH = 2;
    public static final int FOUR_OCTET_AS = 65;
    public static final int IPV4_UNICAST = 1 << 16 | 1;

    public Capabilities {
        multiprotocol = List.copyOf(multiprotocol);
        others = List.copyOf(others);
    }

    /** What this speaker offers: IPv4 unicast, route refresh, and its AS as 4 octets. */
    public static Capabilities offered(long localAs) {
        return new Capabilities(List.of(IPV4_UNICAST), true, localAs, List.of());
    }

    /**
     * Whether IPv4 unicast is to be exchanged: both offered it, or the neighbour offered no multiprotocol
     * capability at all (RFC 4760 section 8: then IPv4 unicast is implied).
     */
    public boolean ipv4Unicast() {
        return multiprotocol.isEmpty() || multiprotocol.contains(IPV4_UNICAST);
    }
}
