package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Api;
import io.tenet.testbed.Pinger;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three controllers on a 3-member etcd, every switch connected to all three: exactly one is MASTER of each switch
 * (OpenFlow roles, generations from etcd), the others SLAVE. The master of a host's switch is killed under a
 * cross-host ping: another takes the switch over within 5 s, no ping is lost, and a rule written right after the
 * failover is enforced.
 */
@Tag("system")
class ControllerFailoverTest {
    private static ControllerCluster cluster;
    private static Testbed tb;
    private static List<Api> apis;
    private static Container c1;
    private static Container c2;

    @BeforeAll
    static void start() throws Exception {
        cluster = ControllerCluster.start(TestbedSupport.home(), 3, 2);
        tb = cluster.tb;
        apis = cluster.apis;
        Api a = apis.get(0);
        a.createTenant("fo");
        a.createNetwork("fo", "net", "10.63.0.0/24", "10.63.0.254");
        a.createPolicy("fo", "p");
        a.createGroup("fo", "g", "net", "p", false);
        c1 = tb.addContainer(tb.host(0), "fo", "net", "g");
        c2 = tb.addContainer(tb.host(1), "fo", "net", "g");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingASwitchsMasterHandsItOverWithinFiveSecondsWithoutLosingAPing() throws Exception {
        assertTrue(tb.pingWithin(c1, c2.ip(), Duration.ofSeconds(10)), "c1 reaches c2");
        cluster.awaitSettledRoles();
        Host h1 = tb.host(0);
        int victim = cluster.masterOf(h1, List.of(0, 1, 2));
        assertTrue(victim >= 0, cluster.roles().toString());
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(victim));
        Pinger.Result ping;
        long tookMs;
        try (Pinger pinger = new Pinger(c1.ns(), c2.ip(), 0.02)) {
            Poll.require(Duration.ofSeconds(10), "the ping runs", () -> pinger.repliesSoFar() >= 10);
            long killed = System.nanoTime();
            tb.killController(victim);
            Poll.require(Duration.ofSeconds(10), () -> "a new master of " + h1.name() + ": " + cluster.roles(),
                    () -> cluster.masterOf(h1, survivors) >= 0);
            tookMs = (System.nanoTime() - killed) / 1_000_000;
            int replies = pinger.repliesSoFar();
            Poll.require(Duration.ofSeconds(10), "pings after the failover", () -> pinger.repliesSoFar() > replies + 10);
            ping = pinger.stop();
        }
        assertTrue(tookMs < 5000, "the switch had a new master " + tookMs + " ms after its master died");
        assertEquals(0, ping.lost(), "no ping lost across the failover: " + ping);
        List<Api> alive = survivors.stream().map(apis::get).toList();
        Poll.require(Duration.ofSeconds(15), () -> "one master per switch among the survivors: " + cluster.roles(),
                () -> cluster.oneMasterEach(alive));

        // A rule written right after the failover, through a surviving controller, is enforced.
        alive.get(0).mustPost("/api/v1/rules/fo:p:1/", "{\"tenantName\":\"fo\",\"policyName\":\"p\",\"ruleId\":\"1\","
                + "\"direction\":\"in\",\"action\":\"deny\",\"protocol\":\"icmp\",\"priority\":10}");
        Poll.require(Duration.ofSeconds(10), "the rule stops the ping", () -> !tb.ping(c1, c2.ip()));
        assertEquals(200, alive.get(0).delete("/api/v1/rules/fo:p:1/").status());
        Poll.require(Duration.ofSeconds(10), "the ping again", () -> tb.ping(c1, c2.ip()));
    }
}
