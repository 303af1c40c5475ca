package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.store.etcd.EtcdCluster;
import io.tenet.testbed.Api;
import io.tenet.testbed.Pinger;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static EtcdCluster etcd;
    private static Testbed tb;
    private static final List<Api> apis = new ArrayList<>();
    private static Container c1;
    private static Container c2;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdCluster.start(3);
        try {
            tb = Testbed.start(TestbedSupport.home(), 2, Testbed.Backend.STANDALONE, null, etcd.storeSetting());
            apis.add(tb.api());
            apis.add(tb.addController());
            apis.add(tb.addController());
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
        String apiList = String.join(",", apis.stream().map(Api::base).toList());
        for (Host h : tb.hosts()) {
            Sh.Result init = tb.nodeInit(h, tb.controllerTargets(), apiList);
            assertTrue(init.ok(), init.out() + init.err());
        }
        Poll.require(Duration.ofSeconds(30), () -> "one master per switch: " + roles(), () -> oneMasterEach(apis));
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
        if (tb != null) {
            tb.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    /** Each controller's role on each switch, by datapath id. */
    private static Map<String, List<String>> roles() {
        Map<String, List<String>> out = new HashMap<>();
        for (Api api : apis) {
            Api.Reply r = api.get("/api/v1/switches/");
            if (r.status() != 200) {
                continue;
            }
            for (JsonNode s : r.body()) {
                out.computeIfAbsent(s.path("datapathId").asText(), k -> new ArrayList<>()).add(api.base() + "="
                        + s.path("role").asText());
            }
        }
        return out;
    }

    /** Every switch is connected to each of {@code alive}, exactly one of which is its MASTER, the others SLAVE. */
    private static boolean oneMasterEach(List<Api> alive) {
        Map<String, List<String>> roles = roles();
        if (roles.size() != tb.hosts().size()) {
            return false;
        }
        for (List<String> r : roles.values()) {
            if (r.size() != alive.size() || r.stream().filter(x -> x.endsWith("=MASTER")).count() != 1
                    || r.stream().filter(x -> x.endsWith("=SLAVE")).count() != alive.size() - 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the roles have stayed the same, one master per switch, for longer than the mastership takes to
     * hand a switch over to its preferred controller (two checks of a second each), so the victim is the master.
     */
    private static void awaitSettledRoles() {
        long[] since = {System.nanoTime()};
        Map<String, List<String>>[] last = new Map[] {roles()};
        Poll.require(Duration.ofSeconds(30), () -> "settled roles: " + roles(), () -> {
            Map<String, List<String>> now = roles();
            if (!now.equals(last[0]) || !oneMasterEach(apis)) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - since[0] > Duration.ofMillis(3500).toNanos();
        });
    }

    /** The index of the controller that is master of {@code h}'s switch, -1 if none. */
    private static int masterOf(Host h, List<Integer> among) {
        for (int i : among) {
            Api.Reply r = apis.get(i).get("/api/v1/switches/");
            if (r.status() == 200) {
                for (JsonNode s : r.body()) {
                    if (s.path("nodeName").asText().equals(tb.nodeName(h)) && s.path("role").asText().equals("MASTER")) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    @Test
    void killingASwitchsMasterHandsItOverWithinFiveSecondsWithoutLosingAPing() throws Exception {
        assertTrue(tb.pingWithin(c1, c2.ip(), Duration.ofSeconds(10)), "c1 reaches c2");
        awaitSettledRoles();
        Host h1 = tb.host(0);
        int victim = masterOf(h1, List.of(0, 1, 2));
        assertTrue(victim >= 0, roles().toString());
        List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
        survivors.remove(Integer.valueOf(victim));
        Pinger.Result ping;
        long tookMs;
        try (Pinger pinger = new Pinger(c1.ns(), c2.ip(), 0.02)) {
            Poll.require(Duration.ofSeconds(10), "the ping runs", () -> pinger.repliesSoFar() >= 10);
            long killed = System.nanoTime();
            tb.killController(victim);
            Poll.require(Duration.ofSeconds(10), () -> "a new master of " + h1.name() + ": " + roles(),
                    () -> masterOf(h1, survivors) >= 0);
            tookMs = (System.nanoTime() - killed) / 1_000_000;
            int replies = pinger.repliesSoFar();
            Poll.require(Duration.ofSeconds(10), "pings after the failover", () -> pinger.repliesSoFar() > replies + 10);
            ping = pinger.stop();
        }
        assertTrue(tookMs < 5000, "the switch had a new master " + tookMs + " ms after its master died");
        assertEquals(0, ping.lost(), "no ping lost across the failover: " + ping);
        List<Api> alive = survivors.stream().map(apis::get).toList();
        Poll.require(Duration.ofSeconds(15), () -> "one master per switch among the survivors: " + roles(),
                () -> oneMasterEach(alive));

        // A rule written right after the failover, through a surviving controller, is enforced.
        alive.get(0).mustPost("/api/v1/rules/fo:p:1/", "{\"tenantName\":\"fo\",\"policyName\":\"p\",\"ruleId\":\"1\","
                + "\"direction\":\"in\",\"action\":\"deny\",\"protocol\":\"icmp\",\"priority\":10}");
        Poll.require(Duration.ofSeconds(10), "the rule stops the ping", () -> !tb.ping(c1, c2.ip()));
        assertEquals(200, alive.get(0).delete("/api/v1/rules/fo:p:1/").status());
        Poll.require(Duration.ofSeconds(10), "the ping again", () -> tb.ping(c1, c2.ip()));
    }
}
