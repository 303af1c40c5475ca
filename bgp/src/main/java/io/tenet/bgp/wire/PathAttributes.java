package io.tenet.bgp.wire;

import java.util.List;

/**
 * The path attributes this speaker uses (RFC 4271 section 5); others are skipped when decoding.
 *
 * @param origin 0 IGP, 1 EGP, 2 INCOMPLETE
 * @param asPath the AS_PATH segments, with 4-octet numbers
 * @param nextHop NEXT_HOP (IPv4 as an int)
 * @param med MULTI_EXIT_DISC, -1 when absent
 * @param localPref LOCAL_PREF, -1 when absent
 * @param atomicAggregate ATOMIC_AGGREGATE present
 */
public record PathAttributes(int origin, List<AsSegment> asPath, int nextHop, long med, long localPref,
        boolean atomicAggregate) {
    public static final int ORIGIN = 1;
    public static final int AS_PATH = 2;
    public static final int NEXT_HOP = 3;
    public static final int MULTI_EXIT_DISC = 4;
    public static final int LOCAL_PREF = 5;
    public static final int ATOMIC_AGGREGATE = 6;
    public static final int AGGREGATOR = 7;
    public static final int MP_REACH_NLRI = 14;
    public static final int MP_UNREACH_NLRI = 15;
    public static final int AS4_PATH = 17;

    public PathAttributes {
        asPath = List.copyOf(asPath);
    }

    /** One AS_PATH segment: {@link #SET} or {@link #SEQUENCE} of AS numbers. */
    public record AsSegment(int type, List<Long> asns) {
        public static final int SET = 1;
        public static final int SEQUENCE = 2;

        public AsSegment {
            asns = List.copyOf(asns);
        }
    }

    /** The AS path length for best-path selection: each AS of a sequence counts, a set counts once. */
    public int pathLength() {
        int n = 0;
        for (AsSegment s : asPath) {
            n += s.type() == AsSegment.SET ? 1 : s.asns().size();
        }
        return n;
    }

    /** The first AS of the path (the neighbour's, for a route from an external neighbour), or -1. */
    public long firstAs() {
        for (AsSegment s : asPath) {
            if (!s.asns().isEmpty()) {
                return s.asns().get(0);
            }
        }
        return -1;
    }
}
