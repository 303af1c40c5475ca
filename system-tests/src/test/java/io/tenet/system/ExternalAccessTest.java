package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Traffic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Containers and the world outside the cluster (a namespace on the hosts' underlay network), in bridge mode
 * (RoutingModeTest checks the same path in routing mode): containers on every host reach the outside and their
 * own host, and the outside sees the host's address; the outside cannot open a connection to a container, but
 * reaches a published port; an out rule with {@code toIpAddress} applies to outside addresses.
 */
@Tag("system")
class ExternalAccessTest {
    private static final Duration REALIZED = Duration.ofSeconds(20);
    private static final int PUBLISHED = 30080;
    private static Testbed tb;
    private static String outside;
    private static List<Container> open;
    private static Container closed;
    private static Container server;

    @BeforeAll
    static void setUp() {
        tb = TestbedSupport.start(3);
        outside = tb.addOutside();
        tb.api().createTenant("te");
        tb.api().createNetwork("te", "net", "10.96.0.0/24", "10.96.0.254");
        tb.api().mustPost("/api/v1/policys/te:no-outside/", "{}");
        tb.api().mustPost("/api/v1/endpointGroups/te:closed/", "{\"networkName\":\"net\",\"policies\":[\"no-outside\"]}");
        tb.api().mustPost("/api/v1/rules/te:no-outside:1/", "{\"direction\":\"out\",\"priority\":10,"
                + "\"toIpAddress\":\"" + Testbed.OUTSIDE_IP + "/32\",\"action\":\"deny\"}");
        open = List.of(tb.addContainer(tb.host(0), "te", "net"), tb.addContainer(tb.host(1), "te", "net"),
                tb.addContainer(tb.host(2), "te", "net"));
        closed = tb.addContainer(tb.host(0), "te", "net", "closed");
        server = tb.addContainer(tb.host(1), "te", "net", "", null, "{\"portMappings\":[{\"hostPort\":" + PUBLISHED
                + ",\"containerPort\":80,\"protocol\":\"tcp\"}]}");
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** Whether a line from namespace {@code from} to {@code ip:port} reaches a listener there in {@code to}. */
    private static boolean delivered(String from, String to, String ip, String listenIp, int port) {
        return Traffic.delivered(from, ip, port, to, listenIp, port);
    }

    @Test
    void containersOnEveryHostReachTheOutsideFromTheirHostsAddressAndTheirHost() throws IOException {
        for (Container c : open) {
            try (Capture seen = Capture.start(tb.dir(), outside, "eth0", "icmp")) {
                assertTrue(tb.pingWithin(c, Testbed.OUTSIDE_IP, REALIZED), c.name() + " on " + c.host().name()
                        + " -> the outside");
                String host = c.host().tunnelIp();
                Poll.require(Duration.ofSeconds(5), () -> "the outside sees " + host + " as the source: " + seen.lines(),
                        () -> seen.lines().stream().anyMatch(l -> l.contains(host + " > " + Testbed.OUTSIDE_IP)));
                assertTrue(seen.lines().stream().noneMatch(l -> l.contains(c.ip())), "the container's own address "
                        + "never leaves its host: " + seen.lines());
            }
            assertTrue(delivered(c.ns(), outside, Testbed.OUTSIDE_IP, Testbed.OUTSIDE_IP, 7001), c.name()
                    + " -> the outside over TCP");
            assertTrue(tb.ping(c, c.host().tunnelIp()), c.name() + " -> its own host");
        }
    }

    @Test
    void theOutsideCannotOpenAConnectionToAContainer() throws IOException {
        Container target = open.get(0);
        String host = target.host().tunnelIp();
        // Even with routes to the containers' addresses through their host.
        Sh.run(Sh.inNs(outside, "ip", "route", "replace", "10.96.0.0/24", "via", host));
        Sh.run(Sh.inNs(outside, "ip", "route", "replace", "169.254.64.0/18", "via", host));
        try {
            assertTrue(tb.pingWithin(target, Testbed.OUTSIDE_IP, REALIZED), "the container reaches out");
            assertFalse(Sh.run(Sh.inNs(outside, "ping", "-c", "2", "-W", "1", target.ip())).ok(),
                    "the outside pinged a container");
            assertFalse(delivered(outside, target.ns(), target.ip(), target.ip(), 7002),
                    "the outside opened a connection to the container's address");
            // Nor through its client address, which the host routes to it (only replies and published ports pass).
            String hostIf = target.result().path("interfaces").path(0).path("name").asText();
            int ofport = Integer.parseInt(tb.vsctl(target.host(), "get", "interface", hostIf, "ofport").strip());
            String client = "169.254.64." + ofport;
            assertFalse(Traffic.delivered(outside, client, 7003, target.ns(), target.ip(), 7003),
                    "the outside opened a connection to the client address " + client);
        } finally {
            Sh.run(Sh.inNs(outside, "ip", "route", "del", "10.96.0.0/24"));
            Sh.run(Sh.inNs(outside, "ip", "route", "del", "169.254.64.0/18"));
        }
    }

    @Test
    void aPublishedPortIsReachableFromOutsideAndGoesWithTheContainer() throws IOException {
        String host = server.host().tunnelIp();
        assertTrue(tb.pingWithin(server, Testbed.OUTSIDE_IP, REALIZED), "the server's path is realized");
        assertTrue(Traffic.delivered(outside, host, PUBLISHED, server.ns(), server.ip(), 80),
                "the outside -> " + host + ":" + PUBLISHED + " -> the server's port 80");
        assertFalse(Traffic.delivered(outside, host, PUBLISHED + 1, server.ns(), server.ip(), PUBLISHED + 1),
                "an unpublished port of the same host leads nowhere");
        assertTrue(Sh.check(Sh.inNs(server.host().ns(), "nft", "list", "map", "ip", "tenet", "published"))
                .contains(PUBLISHED + " :"), "the host's map holds the published port");
        assertTrue(tb.deleteContainer(server).ok(), "CNI DEL");
        assertFalse(Sh.check(Sh.inNs(server.host().ns(), "nft", "list", "map", "ip", "tenet", "published"))
                .contains(Integer.toString(PUBLISHED)), "DEL withdrew the published port");
    }

    @Test
    void anOutRuleWithAnAddressAppliesOutside() {
        assertTrue(tb.pingWithin(open.get(0), Testbed.OUTSIDE_IP, REALIZED), "an open container reaches the outside");
        assertFalse(tb.ping(closed, Testbed.OUTSIDE_IP), "a member of the group whose out rule denies "
                + Testbed.OUTSIDE_IP + " reached it");
        assertTrue(tb.pingWithin(closed, open.get(1).ip(), REALIZED), "the rule denies the outside address only");
    }
}
