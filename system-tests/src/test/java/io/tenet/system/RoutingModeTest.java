package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Routing mode across 3 hosts: every container pings its gateway on its own host; a tenant's two networks reach
 * each other on one host and across hosts with the TTL decremented by exactly one; a second tenant with the same
 * two subnets stays apart; policy between groups of different networks holds; and the outside is reached as in
 * bridge mode (ExternalAccessTest), from the host's address.
 */
@Tag("system")
class RoutingModeTest {
    private static final Duration REALIZED = Duration.ofSeconds(20);
    private static final Pattern TTL = Pattern.compile("ttl=(\\d+)");
    private static Testbed tb;
    // Tenant tr: n1 (10.95.1.0/24) and n2 (10.95.2.0/24).
    private static Container a1;
    private static Container a2;
    private static Container b2;
    private static Container c1;
    private static Container web;
    // Tenant ts: the same two subnets.
    private static Container x1;
    private static Container x2;
    private static Container x3;
    private static Container x4;
    private static Container x5;

    @BeforeAll
    static void setUp() {
        tb = TestbedSupport.start(3);
        tb.api().mustPost("/api/v1/globals/global/", "{\"fwdMode\":\"routing\"}");
        for (String t : List.of("tr", "ts")) {
            tb.api().createTenant(t);
            tb.api().createNetwork(t, "n1", "10.95.1.0/24", "10.95.1.254");
            tb.api().createNetwork(t, "n2", "10.95.2.0/24", "10.95.2.254");
        }
        tb.api().mustPost("/api/v1/policys/tr:web-in/", "{}");
        tb.api().mustPost("/api/v1/endpointGroups/tr:client/", "{\"networkName\":\"n1\"}");
        tb.api().mustPost("/api/v1/endpointGroups/tr:other/", "{\"networkName\":\"n1\"}");
        tb.api().mustPost("/api/v1/endpointGroups/tr:web/", "{\"networkName\":\"n2\",\"policies\":[\"web-in\"],"
                + "\"defaultDeny\":true}");
        tb.api().mustPost("/api/v1/rules/tr:web-in:1/", "{\"direction\":\"in\",\"priority\":10,"
                + "\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":8080,\"action\":\"allow\"}");
        a1 = tb.addContainer(tb.host(0), "tr", "n1", "client");
        a2 = tb.addContainer(tb.host(0), "tr", "n2");
        b2 = tb.addContainer(tb.host(1), "tr", "n2");
        c1 = tb.addContainer(tb.host(2), "tr", "n1", "other");
        web = tb.addContainer(tb.host(2), "tr", "n2", "web");
        x1 = tb.addContainer(tb.host(1), "ts", "n1");
        x2 = tb.addContainer(tb.host(2), "ts", "n2");
        x3 = tb.addContainer(tb.host(0), "ts", "n2");
        x4 = tb.addContainer(tb.host(1), "ts", "n2");
        x5 = tb.addContainer(tb.host(0), "ts", "n2");
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** The TTL of the echo reply {@code from} gets from {@code ip}, or -1 without a reply. */
    private static int replyTtl(Container from, String ip) {
        Sh.Result r = Sh.run(Sh.inNs(from.ns(), "ping", "-c", "1", "-W", "1", ip));
        Matcher m = TTL.matcher(r.out());
        return r.ok() && m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void everyContainerPingsItsGatewayOnItsOwnHost() {
        for (Container c : List.of(a1, a2, b2, c1, web, x1, x2, x3, x4, x5)) {
            String gateway = c.network().equals("n1") ? "10.95.1.254" : "10.95.2.254";
            assertTrue(tb.pingWithin(c, gateway, REALIZED), c.name() + " on " + c.host().name() + " -> " + gateway);
        }
    }

    @Test
    void aTenantsNetworksReachEachOtherOnOneHostAndAcrossHostsOneHopAway() {
        assertTrue(tb.pingWithin(a1, a2.ip(), REALIZED), "n1 -> n2 on one host");
        assertTrue(tb.pingWithin(a1, b2.ip(), REALIZED), "n1 -> n2 across hosts");
        assertTrue(tb.pingWithin(b2, c1.ip(), REALIZED), "n2 -> n1 across hosts");
        // Linux answers with TTL 64: a reply that crossed the router once arrives with 63.
        assertEquals(63, replyTtl(a1, a2.ip()), "routed on one host: one hop");
        assertEquals(63, replyTtl(a1, b2.ip()), "routed across hosts: one hop");
        assertTrue(tb.pingWithin(a2, b2.ip(), REALIZED), "within n2");
        assertEquals(64, replyTtl(a2, b2.ip()), "within a network nothing is routed");
        assertTrue(tb.tcp(a1, b2, 5001), "TCP routed across hosts");
        assertTrue(tb.tcp(b2, a2, 5002), "TCP routed on one host");
    }

    @Test
    void overlappingTenantsStayApart() {
        assertTrue(tb.pingWithin(x1, x2.ip(), REALIZED), "ts: n1 -> n2 routed across hosts");
        assertTrue(tb.pingWithin(x1, x4.ip(), REALIZED), "ts: n1 -> n2 on one host");
        // Both tenants hold 10.95.2.1-3; only ts holds x5's address.
        assertFalse(List.of(a2, b2, web).stream().anyMatch(c -> c.ip().equals(x5.ip())), "fixture");
        assertTrue(tb.pingWithin(x1, x5.ip(), REALIZED), "ts reaches its own " + x5.ip());
        assertFalse(tb.ping(a1, x5.ip()), "tr reached ts's " + x5.ip());
        // The shared addresses lead each tenant to its own container (the listener is in tr's a2, ts's x3).
        assertTrue(tb.tcp(a1, a2, 5003), "tr -> " + a2.ip() + " reaches tr's a2");
        Container twin = List.of(x2, x3, x4).stream().filter(c -> c.ip().equals(a2.ip())).findFirst().orElseThrow();
        assertTrue(tb.tcp(x1, twin, 5004), "ts -> " + twin.ip() + " reaches ts's " + twin.name());
    }

    @Test
    void theOutsideIsReachedFromEveryHostAsInBridgeMode() throws Exception {
        String outside = tb.addOutside();
        for (Container c : List.of(a1, b2, x2)) {
            try (Capture seen = Capture.start(tb.dir(), outside, "eth0", "icmp")) {
                assertTrue(tb.pingWithin(c, Testbed.OUTSIDE_IP, REALIZED), c.name() + " -> the outside");
                Poll.require(Duration.ofSeconds(5), () -> "the outside sees " + c.host().tunnelIp() + ": "
                        + seen.lines(), () -> seen.lines().stream().anyMatch(l -> l.contains(c.host().tunnelIp()
                        + " > " + Testbed.OUTSIDE_IP)));
            }
        }
    }

    @Test
    void policyBetweenGroupsOfDifferentNetworksHolds() {
        assertTrue(tb.pingWithin(a1, a2.ip(), REALIZED), "routing works");
        assertTrue(tb.tcp(a1, web, 8080), "client (n1) -> web (n2) tcp/8080: allowed by the rule");
        assertFalse(tb.tcp(c1, web, 8080), "other (n1) -> web (n2) tcp/8080: no rule, default deny");
        assertFalse(tb.tcp(a1, web, 8081), "client -> web tcp/8081: no rule");
        assertFalse(tb.ping(a1, web.ip()), "client -> web icmp: no rule");
    }
}
