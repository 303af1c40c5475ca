package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.BgpPeer;
import io.tenet.testbed.BirdPeer;
import io.tenet.testbed.GobgpPeer;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A host wired to two routers, BIRD 2 and GoBGP, each announcing the same outside prefix: with Contiv's
 * {@code neighbor} and Tenet's {@code neighbors}, the host has a session with each, and the prefix is one route
 * spread over both next hops by a select group in br-int; when one router dies, the route goes direct to the
 * other and the group goes.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DualRouterEcmpTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OUTSIDE = "203.0.113.0/24";
    private static final String SECOND_IP = "192.168.77.251";
    private static final long SECOND_AS = 65001;
    private static final String GROUP = "group_id=" + 0x7e000000L;
    private Testbed tb;
    private Host h;
    private BirdPeer bird;
    private GobgpPeer gobgp;
    private String birdMac;
    private String gobgpMac;

    @BeforeAll
    void setUp() throws IOException {
        tb = TestbedSupport.start(1);
        h = tb.host(0);
        long as = 65011;
        String first = tb.addOnFabric("rtr", BgpPeer.ROUTER_IP);
        String second = tb.addOnFabric("rtr2", SECOND_IP);
        birdMac = mac(first);
        gobgpMac = mac(second);
        bird = new BirdPeer(tb, first, Map.of(h.tunnelIp(), as), OUTSIDE);
        bird.start();
        gobgp = new GobgpPeer(tb, second, SECOND_IP, SECOND_AS, Map.of(h.tunnelIp(), as), OUTSIDE);
        gobgp.start();
        tb.api().mustPost("/api/v1/globals/global/", "{\"fwdMode\":\"routing\"}");
        tb.api().createTenant("te");
        tb.api().createNetwork("te", "l3", "vlan", "10.63.0.0/24", "10.63.0.254");
        tb.api().mustPost("/api/v1/Bgps/" + tb.nodeName(h) + "/", "{\"as\":\"" + as + "\",\"neighbor-as\":\""
                + BgpPeer.ROUTER_AS + "\",\"neighbor\":\"" + BgpPeer.ROUTER_IP + "\",\"routerip\":\"" + h.tunnelIp()
                + "/24\",\"holdTime\":9,\"keepalive\":3,\"neighbors\":[{\"neighbor\":\"" + SECOND_IP
                + "\",\"neighbor-as\":\"" + SECOND_AS + "\"}]}");
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private static String mac(String ns) {
        String link = Sh.check(Sh.inNs(ns, "ip", "-o", "link", "show", "eth0"));
        return link.substring(link.indexOf("link/ether ") + 11).split(" ")[0];
    }

    private JsonNode sessions() {
        return tb.api().get("/api/v1/inspect/Bgps/" + tb.nodeName(h) + "/").body().path("Oper").path("sessions");
    }

    private String group() {
        return tb.ofctl(h, "dump-groups", "br-int").lines().filter(l -> l.contains(GROUP)).findFirst().orElse("");
    }

    private String route() {
        return tb.ofctl(h, "dump-flows", "br-int", "table=52").lines().filter(l -> l.contains(OUTSIDE)).findFirst()
                .orElse("");
    }

    @Test
    void theOutsidePrefixIsSpreadOverBothRoutersAndFallsBackToOneWhenTheOtherDies() {
        Poll.require(WAIT, () -> "both sessions Established: " + sessions(), () -> sessions().size() == 2
                && sessions().path(0).path("state").asText().equals("Established")
                && sessions().path(1).path("state").asText().equals("Established"));
        Poll.require(WAIT, () -> "a select group over both routers: " + tb.ofctl(h, "dump-groups", "br-int")
                + "; the host's report: " + tb.api().get("/api/v1/bgpReports/" + tb.nodeName(h) + "/").body(),
                () -> group().contains("type=select") && group().contains(birdMac) && group().contains(gobgpMac));
        assertEquals(3, group().split("dec_ttl", -1).length, "two buckets: " + group());
        Poll.require(WAIT, () -> OUTSIDE + " by the group: " + route(), () -> route().contains("group:" + 0x7e000000L));

        gobgp.stop();
        Poll.require(WAIT, () -> OUTSIDE + " direct to BIRD: " + route(), () -> route().contains(birdMac)
                && !route().contains("group:"));
        Poll.require(WAIT, () -> "the group gone: " + group(), () -> group().isEmpty());
        assertTrue(sessions().path(1).path("state").asText().matches("Idle|Connect|Active"), sessions().toString());
    }
}
