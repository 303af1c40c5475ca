package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two controllers on one 3-member etcd (real etcd, real binaries, two simulated hosts whose switches the first
 * controller programs): a write through either is visible through both and enforced on the switches; concurrent
 * writes through both lose nothing and never hand out one address twice; with etcd gone, reads are served, writes
 * are refused with 503, a CNI ADD fails cleanly and the datapath keeps forwarding; when etcd returns everything
 * resumes. The tests run in order on one testbed: the last one takes etcd away.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdStoreSystemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EtcdCluster etcd;
    private static Testbed tb;
    private static Api a;
    private static Api b;
    private static Container c1;
    private static Container c2;

    @BeforeAll
    static void start() throws Exception {
        etcd = EtcdCluster.start(3);
        try {
            tb = Testbed.start(TestbedSupport.home(), 2, Testbed.Backend.STANDALONE, null, etcd.storeSetting());
            a = tb.api();
            b = tb.addController();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
        // Written through the second controller, which programs no switch: the first must follow it.
        b.createTenant("ec");
        b.createNetwork("ec", "net", "10.61.0.0/24", "10.61.0.254");
        b.createPolicy("ec", "p");
        b.createGroup("ec", "g", "net", "p", false);
        Poll.require(Duration.ofSeconds(10), "the first controller sees the group",
                () -> a.get("/api/v1/endpointGroups/ec:g/").status() == 200);
        c1 = tb.addContainer(tb.host(0), "ec", "net", "g");
        c2 = tb.addContainer(tb.host(1), "ec", "net", "g");
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

    @Test
    @Order(1)
    void aRuleWrittenThroughEitherControllerIsEnforcedByTheOneThatProgramsTheSwitches() {
        assertTrue(tb.pingWithin(c1, c2.ip(), Duration.ofSeconds(10)), "c1 reaches c2 across hosts");
        b.mustPost("/api/v1/rules/ec:p:1/", "{\"tenantName\":\"ec\",\"policyName\":\"p\",\"ruleId\":\"1\","
                + "\"direction\":\"in\",\"action\":\"deny\",\"protocol\":\"icmp\",\"priority\":10}");
        Poll.require(Duration.ofSeconds(10), "the deny rule written through b stops the ping",
                () -> !tb.ping(c1, c2.ip()));
        assertEquals(200, a.get("/api/v1/rules/ec:p:1/").status(), "a serves the rule b wrote");
        assertEquals(200, a.delete("/api/v1/rules/ec:p:1/").status());
        Poll.require(Duration.ofSeconds(10), "the rule deleted through a lets the ping through",
                () -> tb.ping(c1, c2.ip()));
        Poll.require(Duration.ofSeconds(10), "b sees the deletion", () -> b.get("/api/v1/rules/ec:p:1/").status()
                == 404);
    }

    @Test
    @Order(2)
    void concurrentWritesThroughBothControllersLoseNothingAndNeverShareAnAddress() throws Exception {
        b.createNetwork("ec", "many", "10.62.0.0/24", "10.62.0.254");
        Poll.require(Duration.ofSeconds(10), "a sees the network",
                () -> a.get("/api/v1/networks/ec:many/").status() == 200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            Api via = i % 2 == 0 ? a : b;
            String id = "cw" + i + "-eth0";
            String body = "{\"tenantName\":\"ec\",\"networkName\":\"many\",\"homingHost\":\""
                    + tb.nodeName(tb.host(0)) + "\",\"intfName\":\"x" + i + "\",\"containerID\":\"" + id + "\"}";
            replies.add(pool.submit(() -> via.post("/api/v1/endpoints/" + id + "/", body).status()));
        }
        for (Future<Integer> f : replies) {
            assertEquals(2, f.get() / 100, "every write went through: " + f.get());
        }
        pool.shutdown();
        for (Api via : List.of(a, b)) {
            Poll.require(Duration.ofSeconds(10), "both controllers hold all 80", () -> addresses(via).size() == 80);
            Set<String> distinct = new HashSet<>(addresses(via));
            assertEquals(80, distinct.size(), "80 endpoints, 80 addresses: " + addresses(via));
            assertEquals(80, via.allocatedAddresses("ec", "many"));
        }
        for (int i = 0; i < 80; i++) {
            assertEquals(200, (i % 2 == 0 ? b : a).delete("/api/v1/endpoints/cw" + i + "-eth0/").status());
        }
        Poll.require(Duration.ofSeconds(10), "every address is free again on both", () ->
                a.allocatedAddresses("ec", "many") == 0 && b.allocatedAddresses("ec", "many") == 0);
    }

    private static List<String> addresses(Api via) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : via.get("/api/v1/endpoints/").body()) {
            if (e.path("networkName").asText().equals("many")) {
                out.add(e.path("ipAddress").path(0).asText());
            }
        }
        return out;
    }

    private static String logTail(java.nio.file.Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    @Order(3)
    void withoutEtcdReadsAreServedWritesRefusedCniFailsCleanlyAndTrafficFlows() throws Exception {
        Host h1 = tb.host(0);
        String ns = tb.prefix() + "-late";
        tb.addNs(ns);
        try (Pinger ping = new Pinger(c1.ns(), c2.ip(), 0.05)) {
            Poll.require(Duration.ofSeconds(10), "the ping runs", () -> ping.repliesSoFar() >= 5);
            for (int i = 0; i < etcd.size(); i++) {
                etcd.kill(i);
            }
            for (Api via : List.of(a, b)) {
                Api.Reply tenants = via.get("/api/v1/tenants/");
                assertEquals(200, tenants.status(), "reads are served from the last snapshot");
                assertTrue(tenants.body().toString().contains("\"ec\""), tenants.toString());
                Api.Reply refused = via.post("/api/v1/tenants/ec2/", "{\"tenantName\":\"ec2\"}");
                assertEquals(503, refused.status(), refused.toString());
                assertEquals("store", refused.body().path("field").asText(), refused.toString());
                assertTrue(refused.body().path("error").asText().contains("etcd"), refused.toString());
            }
            Sh.Result add = tb.cni(h1, "ADD", ns, "/var/run/netns/" + ns, "eth0", tb.netconf("ec", "net", "g"), null);
            assertFalse(add.ok(), "ADD without a store: " + add.out());
            JsonNode error = JSON.readTree(add.out());
            assertTrue(error.has("code") && error.has("msg"), "the spec's error JSON: " + add.out());
            assertEquals("", tb.vsctl(h1, "--bare", "--columns=name", "find", "interface",
                    "external_ids:tenet-endpoint=" + ns + "-eth0").strip(), "no switch port left behind");
            assertFalse(Sh.run(Sh.inNs(ns, "ip", "-o", "link", "show")).out().contains("eth0"),
                    "no interface left in the container");

            for (int i = 0; i < etcd.size(); i++) {
                etcd.restart(i);
            }
            etcd.awaitHealthy(Duration.ofSeconds(30));
            Poll.require(Duration.ofSeconds(30), () -> "writes go through again once etcd is back; its log ends: "
                    + logTail(tb.dir().resolve("controller2/controller.log")),
                    () -> b.post("/api/v1/tenants/ec2/", "{\"tenantName\":\"ec2\"}").status() == 200);
            Poll.require(Duration.ofSeconds(10), () -> "the other controller sees them; its log ends: "
                    + logTail(tb.dir().resolve("controller.log")), () -> a.get("/api/v1/tenants/ec2/").status() == 200);
            assertEquals(404, a.get("/api/v1/endpoints/" + ns + "-eth0/").status(), "the failed ADD left nothing");
            Sh.Result again = tb.cni(h1, "ADD", ns, "/var/run/netns/" + ns, "eth0", tb.netconf("ec", "net", "g"),
                    null);
            assertTrue(again.ok(), again.out() + again.err());
            Pinger.Result r = ping.stop();
            assertEquals(0, r.lost(), "the datapath forwarded all along: " + r);
        }
    }
}
