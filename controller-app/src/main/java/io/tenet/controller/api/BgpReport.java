package io.tenet.controller.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a host's BGP speaker reports (written by {@code tenet-node agent}, docs/bgp.md): the MAC its routed packets
 * leave the uplink with, its sessions, and the best routes it learned with their next hops' MACs. The switch of
 * the host routes by these routes; the sessions are shown by inspect.
 *
 * @param uplinkMac the MAC of the host's address on the fabric (br-phy's): the source of routed packets
 */
public record BgpReport(String host, Mac uplinkMac, List<Session> sessions, List<LearnedRoute> routes) {
    /** The most routes a report may hold. */
    public static final int MAX_ROUTES = 100_000;

    public BgpReport {
        Names.check("hostname", host);
        Objects.requireNonNull(uplinkMac, "uplinkMac");
        sessions = List.copyOf(sessions);
        routes = List.copyOf(routes);
        if (routes.size() > MAX_ROUTES) {
            throw new ValidationException("routes", "a report holds at most " + MAX_ROUTES + " routes");
        }
    }

    /** The session with {@code neighbor}, if the speaker reported one. */
    public Optional<Session> session(Ipv4 neighbor) {
        return sessions.stream().filter(x -> x.neighbor().equals(neighbor)).findFirst();
    }

    /**
     * A neighbour's session.
     *
     * @param state Idle, Connect, Active, OpenSent, OpenConfirm or Established
     * @param since when it entered that state (ISO-8601)
     */
    public record Session(Ipv4 neighbor, long as, String state, String since, String lastError, int received,
            int flaps) {
        public Session {
            Objects.requireNonNull(neighbor, "neighbor");
            Objects.requireNonNull(state, "state");
            since = since == null ? "" : since;
            lastError = lastError == null ? "" : lastError;
        }
    }

    /** A best route: its prefix and the next hops it is spread over (one, or several with ECMP). */
    public record LearnedRoute(Ipv4Prefix prefix, List<NextHop> nextHops) {
        public LearnedRoute {
            Objects.requireNonNull(prefix, "prefix");
            nextHops = List.copyOf(nextHops);
            if (nextHops.isEmpty()) {
                throw new ValidationException("routes", "a route has at least one next hop");
            }
        }
    }

    /** A next hop and its MAC on the fabric link, null while the host has not resolved it. */
    public record NextHop(Ipv4 ip, Mac mac) {
        public NextHop {
            Objects.requireNonNull(ip, "nextHop");
        }
    }
}
