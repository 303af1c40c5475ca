package io.tenet.bgp.speaker;

import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes of every neighbour (their Adj-RIBs-In) and the best of them per prefix (the Loc-RIB), recomputed for
 * the prefixes a change touches only. Used on the speaker's thread only.
 */
final class Rib {
    /**
     * RFC 4271 9.1.2.2 as a host needs it: higher LOCAL_PREF, shorter AS path, lower ORIGIN, lower MED between
     * routes from the same neighbouring AS (absent counts as 0). Routes equal so far are equally good: the
     * speaker uses them all (ECMP), listed by lower router id and then lower neighbour address, the RFC's tie
     * breakers, so the first is the single best.
     */
    static final Comparator<Route> PREFERENCE = Comparator.comparingLong(Route::localPref).reversed()
            .thenComparingInt(Route::pathLength).thenComparingInt(Route::origin);
    private static final Comparator<Route> TIE = Comparator.comparing((Route r) -> Integer.toUnsignedLong(
            r.peerRouterId())).thenComparing(r -> Integer.toUnsignedLong(r.peer()));

    private final Map<Integer, Map<Prefix, Route>> adjIn = new HashMap<>();
    private final Map<Prefix, List<Route>> best = new HashMap<>();

    /** Puts routes from a neighbour (replacing its earlier ones for those prefixes); true when a best changed. */
    boolean learn(int peer, Collection<Route> routes) {
        Map<Prefix, Route> in = adjIn.computeIfAbsent(peer, p -> new HashMap<>());
        Set<Prefix> touched = new HashSet<>();
        for (Route r : routes) {
            in.put(r.prefix(), r);
            touched.add(r.prefix());
        }
        return recompute(touched);
    }

    /** Removes a neighbour's routes for these prefixes; true when a best changed. */
    boolean withdraw(int peer, Collection<Prefix> prefixes) {
        Map<Prefix, Route> in = adjIn.get(peer);
        if (in == null) {
            return false;
        }
        Set<Prefix> touched = new HashSet<>();
        for (Prefix p : prefixes) {
            if (in.remove(p) != null) {
                touched.add(p);
            }
        }
        return recompute(touched);
    }

    /** Forgets everything from a neighbour (its session ended); true when a best changed. */
    boolean drop(int peer) {
        Map<Prefix, Route> in = adjIn.remove(peer);
        return in != null && recompute(in.keySet());
    }

    int received(int peer) {
        Map<Prefix, Route> in = adjIn.get(peer);
        return in == null ? 0 : in.size();
    }

    Map<Prefix, List<Route>> best() {
        return best;
    }

    private boolean recompute(Set<Prefix> prefixes) {
        boolean changed = false;
        for (Prefix p : prefixes) {
            List<Route> candidates = new ArrayList<>(2);
            for (Map<Prefix, Route> in : adjIn.values()) {
                Route r = in.get(p);
                if (r != null) {
                    candidates.add(r);
                }
            }
            List<Route> now = select(candidates);
            List<Route> before = now.isEmpty() ? best.remove(p) : best.put(p, now);
            changed |= !now.equals(before == null ? List.of() : before);
        }
        return changed;
    }

    static List<Route> select(List<Route> candidates) {
        if (candidates.size() <= 1) {
            return List.copyOf(candidates);
        }
        Route top = candidates.stream().min(PREFERENCE).orElseThrow();
        List<Route> equal = new ArrayList<>();
        for (Route r : candidates) {
            if (PREFERENCE.compare(r, top) == 0) {
                equal.add(r);
            }
        }
        List<Route> out = new ArrayList<>();
        for (Route r : equal) {
            boolean beaten = false;
            for (Route s : equal) {
                beaten |= s.peerAs() == r.peerAs() && med(s) < med(r);
            }
            if (!beaten) {
                out.add(r);
            }
        }
        out.sort(TIE);
        return List.copyOf(out);
    }

    private static long med(Route r) {
        return r.med() < 0 ? 0 : r.med();
    }
}
