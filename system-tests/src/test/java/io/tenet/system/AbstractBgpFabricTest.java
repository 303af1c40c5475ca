package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.BgpPeer;
import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A pure layer-3 fabric: two hosts in routing mode with a routed VLAN network, each speaking BGP (in its
 * tenet-node agent) to a real router from Debian's packages (the subclass's: BIRD 2 or GoBGP) in its own namespace
 * on the fabric, which announces 203.0.113.0/24 for the world beyond. Endpoint routes reach the router within a
 * second of CNI ADD and DEL; the router's prefix is reachable from both hosts; containers on two hosts talk in
 * plain IP on the fabric; a wrong AS, a restarted router and a silent link are survived.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractBgpFabricTest {
    static final Duration REALIZED = Duration.ofSeconds(20);
    static final String OUTSIDE = "203.0.113.0/24";
    static final String OUTSIDE_HOST = "203.0.113.1";
    Testbed tb;
    BgpPeer peer;
    String router;
    Container a;
    Container b;

    abstract BgpPeer peer(Testbed tb, String ns, Map<String, Long> hosts, String prefix);

    static long as(Host h) {
        return 65000 + Integer.parseInt(h.name().substring(1)) + 10;
    }

    @BeforeAll
    void setUp() throws IOException {
        tb = TestbedSupport.start(2);
        router = tb.addOnFabric("rtr", BgpPeer.ROUTER_IP);
        Sh.check(Sh.inNs(router, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
        Sh.check(Sh.inNs(router, "ip", "addr", "add", OUTSIDE_HOST + "/32", "dev", "lo"));
        Map<String, Long> hosts = new LinkedHashMap<>();
        tb.hosts().forEach(h -> hosts.put(h.tunnelIp(), as(h)));
        peer = peer(tb, router, hosts, OUTSIDE);
        peer.start();
        tb.api().mustPost("/api/v1/globals/global/", "{\"fwdMode\":\"routing\"}");
        tb.api().createTenant("tl");
        tb.api().createNetwork("tl", "l3", "vlan", "10.60.0.0/24", "10.60.0.254");
        for (Host h : tb.hosts()) {
            tb.api().mustPost("/api/v1/Bgps/" + tb.nodeName(h) + "/", "{\"as\":\"" + as(h) + "\",\"neighbor-as\":\""
                    + BgpPeer.ROUTER_AS + "\",\"neighbor\":\"" + BgpPeer.ROUTER_IP + "\",\"routerip\":\""
                    + h.tunnelIp() + "/24\",\"holdTime\":9,\"keepalive\":3}");
        }
        a = tb.addContainer(tb.host(0), "tl", "l3");
        b = tb.addContainer(tb.host(1), "tl", "l3");
        for (Host h : tb.hosts()) {
            Poll.require(REALIZED, () -> peer.daemon() + " established with " + h.name() + " (agent log: "
                    + h.dir().resolve("agent.log") + ")", () -> peer.established(h.tunnelIp()));
        }
        Poll.require(REALIZED, () -> "both endpoint routes at " + peer.daemon(),
                () -> peer.learnedFrom(tb.host(0).tunnelIp()).containsKey(a.ip() + "/32")
                        && peer.learnedFrom(tb.host(1).tunnelIp()).containsKey(b.ip() + "/32"));
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** The host's report as its agent last sent it. */
    JsonNode report(Host h) {
        return tb.api().get("/api/v1/bgpReports/" + tb.nodeName(h) + "/").body();
    }

    boolean learned(Host h, String prefix) {
        for (JsonNode r : report(h).path("routes")) {
            if (r.path("prefix").asText().equals(prefix) && r.path("nextHops").path(0).has("mac")) {
                return true;
            }
        }
        return false;
    }

    String sessionState(Host h) {
        return report(h).path("sessions").path(0).path("state").asText("none");
    }

    boolean reaches(Container c, String ip) {
        peer.syncKernel();
        return tb.ping(c, ip);
    }

    @Test
    @Order(1)
    void anEndpointRouteReachesThePeerWithinASecondOfAddAndLeavesWithinASecondOfDel() throws IOException {
        Host h1 = tb.host(0);
        for (int round = 0; round < 3; round++) {
            Container c = tb.addContainer(h1, "tl", "l3");
            long added = System.nanoTime();
            Poll.require(Duration.ofSeconds(1), () -> c.ip() + "/32 at " + peer.daemon() + " within 1 s of CNI ADD: "
                    + peer.learnedFrom(h1.tunnelIp()), () -> peer.learnedFrom(h1.tunnelIp()).containsKey(c.ip() + "/32"));
            long seen = System.nanoTime();
            assertTrue(tb.deleteContainer(c).ok(), "CNI DEL");
            long deleted = System.nanoTime();
            Poll.require(Duration.ofSeconds(1), () -> c.ip() + "/32 gone from " + peer.daemon() + " within 1 s of DEL",
                    () -> !peer.learnedFrom(h1.tunnelIp()).containsKey(c.ip() + "/32"));
            System.out.printf("bgp %s: route announced %.0f ms after CNI ADD, withdrawn %.0f ms after CNI DEL%n",
                    peer.daemon(), (seen - added) / 1e6, (System.nanoTime() - deleted) / 1e6);
        }
        assertTrue(peer.learnedFrom(h1.tunnelIp()).get(a.ip() + "/32").equals(h1.tunnelIp()),
                "the host is its endpoints' next hop: " + peer.learnedFrom(h1.tunnelIp()));
    }

    @Test
    @Order(2)
    void theRoutersPrefixIsReachableFromContainersOnEveryHost() {
        for (Container c : new Container[] {a, b}) {
            Poll.require(REALIZED, () -> c.host().name() + " learned " + OUTSIDE + ": " + report(c.host()),
                    () -> learned(c.host(), OUTSIDE));
            assertTrue(Poll.until(REALIZED, () -> reaches(c, OUTSIDE_HOST)), c.name() + " on " + c.host().name()
                    + " pings " + OUTSIDE_HOST + " through the fabric");
        }
    }

    @Test
    @Order(3)
    void containersOnTwoHostsTalkInPlainIpOnTheFabric() throws IOException {
        String fab = tb.prefix() + "-fab";
        try (Capture plain = Capture.start(tb.dir(), fab, "u2", "icmp and host " + b.ip());
                Capture tagged = Capture.start(tb.dir(), fab, "u2", "vlan or udp port 4789")) {
            assertTrue(Poll.until(REALIZED, () -> reaches(a, b.ip())), "a (h1) -> b (h2)");
            Poll.require(Duration.ofSeconds(5), () -> "the echo on h2's fabric link: " + plain.lines(),
                    () -> plain.lines().stream().anyMatch(l -> l.contains(a.ip() + " > " + b.ip())));
            String line = plain.lines().stream().filter(l -> l.contains(a.ip() + " > " + b.ip())).findFirst()
                    .orElseThrow();
            assertTrue(line.contains("ethertype IPv4") && !line.contains("802.1Q"), "plain IP: " + line);
            assertTrue(tagged.lines().isEmpty(), "no VLAN tag and no VXLAN on the fabric: " + tagged.lines());
        }
    }

    @Test
    @Order(4)
    void aWrongAsInTheRoutersOpenIsRefusedWithItsNotification() {
        Host h2 = tb.host(1);
        String path = "/api/v1/Bgps/" + tb.nodeName(h2) + "/";
        String body = "\"neighbor\":\"" + BgpPeer.ROUTER_IP + "\",\"routerip\":\"" + h2.tunnelIp()
                + "/24\",\"holdTime\":9,\"keepalive\":3,\"as\":\"" + as(h2) + "\"";
        tb.api().mustPost(path, "{" + body + ",\"neighbor-as\":\"65099\"}");
        Poll.require(REALIZED, () -> "bad peer AS in h2's last error: " + report(h2),
                () -> report(h2).path("sessions").path(0).path("lastError").asText().contains("bad peer AS (2/2)"));
        assertFalse(peer.established(h2.tunnelIp()));
        tb.api().mustPost(path, "{" + body + ",\"neighbor-as\":\"" + BgpPeer.ROUTER_AS + "\"}");
        Poll.require(REALIZED, () -> "h2 established again: " + report(h2),
                () -> sessionState(h2).equals("Established") && peer.established(h2.tunnelIp()));
        Poll.require(REALIZED, "h2's endpoint route back", () -> peer.learnedFrom(h2.tunnelIp())
                .containsKey(b.ip() + "/32"));
    }

    @Test
    @Order(5)
    void aRestartedRouterTakesItsRoutesAwayAndBringsThemBack() throws IOException {
        Host h1 = tb.host(0);
        Poll.require(REALIZED, "the outside prefix learned", () -> learned(h1, OUTSIDE));
        peer.stop();
        Poll.require(REALIZED, () -> "h1 forgets the router's routes: " + report(h1),
                () -> !learned(h1, OUTSIDE) && !sessionState(h1).equals("Established"));
        Poll.require(REALIZED, "the flows follow: no way out", () -> !tb.ping(a, OUTSIDE_HOST));
        peer.start();
        Poll.require(Duration.ofSeconds(60), () -> "h1 relearns: " + report(h1), () -> learned(h1, OUTSIDE));
        Poll.require(REALIZED, "and re-advertises", () -> peer.learnedFrom(h1.tunnelIp()).containsKey(a.ip() + "/32"));
        assertTrue(Poll.until(REALIZED, () -> reaches(a, OUTSIDE_HOST)), "the way out again");
    }

    @Test
    @Order(6)
    void aSilentRouterExpiresTheHoldTimer() {
        Host h1 = tb.host(0);
        Poll.require(REALIZED, "the outside prefix learned", () -> learned(h1, OUTSIDE)
                && sessionState(h1).equals("Established"));
        Sh.check(Sh.inNs(router, "ip", "link", "set", "eth0", "down"));
        long down = System.nanoTime();
        try {
            Poll.require(Duration.ofSeconds(20), () -> "hold timer expiry on h1: " + report(h1),
                    () -> report(h1).path("sessions").path(0).path("lastError").asText().contains("hold timer expired")
                            && !learned(h1, OUTSIDE));
            double seconds = (System.nanoTime() - down) / 1e9;
            System.out.printf("bgp %s: hold timer (9 s) expired and routes withdrawn %.1f s after the link went"
                    + " silent%n", peer.daemon(), seconds);
            assertTrue(seconds >= 6, "not before the hold time: " + seconds + " s");
        } finally {
            Sh.check(Sh.inNs(router, "ip", "link", "set", "eth0", "up"));
        }
        Poll.require(Duration.ofSeconds(60), () -> "h1 established again: " + report(h1),
                () -> sessionState(h1).equals("Established") && learned(h1, OUTSIDE));
    }
}
