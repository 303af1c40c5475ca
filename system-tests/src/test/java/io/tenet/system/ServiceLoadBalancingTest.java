package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.testbed.Poll;
import io.tenet.testbed.ServiceScripts;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A service over three providers on three simulated hosts, with real TCP and UDP traffic: clients on every host
 * reach the VIP and their connections are spread over every provider, a provider reaches itself through it
 * (hairpin), a service without providers refuses at once, providers come and go (labels, CNI DEL and ADD) without
 * disturbing what runs on the others, and policy applies to the provider behind the VIP.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceLoadBalancingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TCP_PORT = 8080;
    private static final int UDP_PORT = 8081;
    /** Calls per client and protocol; with 3 providers by hash, the chance one gets none is 3 x (2/3)^30 = 2e-5. */
    private static final int CALLS = 30;
    private static Testbed tb;
    private static final List<Container> providers = new ArrayList<>();
    private static final List<Container> clients = new ArrayList<>();
    private static final List<Process> processes = new ArrayList<>();
    private static String vip;
    private static String emptyVip;
    private static String stickyVip;
    /** The affinity timeout of the sticky service, in seconds. */
    private static final int STICKY_SECONDS = 2;

    @BeforeAll
    static void setUp() throws Exception {
        tb = TestbedSupport.start(3);
        tb.api().createTenant("ts");
        tb.api().createNetwork("ts", "net", "10.91.0.0/24", "10.91.0.254");
        for (int i = 0; i < 3; i++) {
            providers.add(addProvider(i));
        }
        for (int i = 0; i < 3; i++) {
            clients.add(tb.addContainer(tb.host(i), "ts", "net"));
        }
        JsonNode svc = tb.api().mustPost("/api/v1/serviceLBs/ts:web/", "{\"networkName\":\"net\",\"ports\":[\"80:"
                + TCP_PORT + ":TCP\",\"81:" + UDP_PORT + ":UDP\"],\"selectors\":[\"app=web\"],\"serviceName\":\"web\","
                + "\"tenantName\":\"ts\"}");
        vip = svc.path("ipAddress").asText();
        emptyVip = tb.api().mustPost("/api/v1/serviceLBs/ts:none/", "{\"networkName\":\"net\",\"ports\":[\"80:"
                + TCP_PORT + ":TCP\",\"81:" + UDP_PORT + ":UDP\"],\"selectors\":[\"app=nobody\"],\"serviceName\":\"none\","
                + "\"tenantName\":\"ts\"}").path("ipAddress").asText();
        stickyVip = tb.api().mustPost("/api/v1/serviceLBs/ts:sticky/", "{\"networkName\":\"net\",\"ports\":[\"82:"
                + TCP_PORT + ":TCP\",\"83:" + UDP_PORT + ":UDP\"],\"selectors\":[\"app=web\"],\"serviceName\":\"sticky\","
                + "\"tenantName\":\"ts\",\"sessionAffinity\":\"clientIP\",\"affinityTimeout\":" + STICKY_SECONDS + "}")
                .path("ipAddress").asText();
    }

    /** A provider on host {@code host}, labelled {@code app=web} by CNI_ARGS, with its server started. */
    private static Container addProvider(int host) throws IOException {
        Container p = tb.addContainer(tb.host(host), "ts", "net", "", "TENET_LABELS=app:web");
        // ip netns exec runs python in place, so destroying the process stops the server.
        processes.add(new ProcessBuilder(Sh.inNs(p.ns(), "/usr/bin/python3", "-c", ServiceScripts.SERVER, p.ip(),
                Integer.toString(TCP_PORT), Integer.toString(UDP_PORT), p.name())).start());
        Poll.require(Duration.ofSeconds(10), p.name() + " listening", () -> Sh.run(Sh.inNs(p.ns(), "ss", "-ltnH",
                "sport = :" + TCP_PORT)).out().contains(":" + TCP_PORT));
        return p;
    }

    @AfterAll
    static void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (tb != null) {
            tb.close();
        }
    }

    /** Writes the endpoint of {@code c} again with label {@code app=<app>}. */
    private static void label(Container c, String app) {
        JsonNode ep = tb.api().get("/api/v1/endpoints/" + c.containerId() + "-eth0/").body();
        ObjectNode body = JSON.createObjectNode();
        for (String f : List.of("tenantName", "networkName", "homingHost", "intfName", "containerID")) {
            body.put(f, ep.path(f).asText());
        }
        body.putObject("labels").put("app", app);
        tb.api().mustPost("/api/v1/endpoints/" + c.containerId() + "-eth0/", body.toString());
    }

    /** One line per call: who answered (refused, timeout), then the seconds it took. */
    private static List<String[]> calls(Container from, String proto, String host, int port, int n) {
        Sh.Result r = Sh.run(Sh.inNs(from.ns(), "/usr/bin/python3", "-c", ServiceScripts.CLIENT, proto, host,
                Integer.toString(port), Integer.toString(n)));
        List<String[]> out = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            if (!line.isBlank()) {
                out.add(line.strip().split(" "));
            }
        }
        assertEquals(n, out.size(), "one line per call: " + r.out() + r.err());
        return out;
    }

    private static Map<String, Integer> tally(List<String[]> calls) {
        Map<String, Integer> seen = new TreeMap<>();
        calls.forEach(c -> seen.merge(c[0], 1, Integer::sum));
        return seen;
    }

    private static String answer(Container from, String proto) {
        return calls(from, proto, vip, proto.equals("tcp") ? 80 : 81, 1).get(0)[0];
    }

    private static boolean isProvider(String name) {
        return providers.stream().anyMatch(p -> p.name().equals(name));
    }

    private static Process start(Container from, String mode, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(Sh.inNs(from.ns(), "/usr/bin/python3", "-c", ServiceScripts.CLIENT, mode, vip,
                Integer.toString(port))).redirectOutput(log.toFile()).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Groups, the reject meter, the controller action, masked source ports and both translations read back as
     * they were written: audits (every 2 s in the testbed) find nothing to change.
     */
    @Test
    @Order(0)
    void auditsOfServiceFlowsChangeNothing() {
        for (Container c : clients) {
            Poll.require(Duration.ofSeconds(15), "the VIP answers " + c.name(), () -> isProvider(answer(c, "tcp")));
        }
        Map<String, long[]> before = switchCounters();
        Poll.require(Duration.ofSeconds(20), "two audits on every switch", () -> switchCounters().entrySet().stream()
                .allMatch(e -> e.getValue()[1] >= before.get(e.getKey())[1] + 2));
        Map<String, long[]> after = switchCounters();
        for (String node : before.keySet()) {
            assertEquals(before.get(node)[0], after.get(node)[0], "flow, group and meter mods sent to " + node
                    + " by audits of an unchanged model");
        }
    }

    /** Per node: state mods sent (flows, groups, meters) and reconciliations, from /api/v1/switches/. */
    private static Map<String, long[]> switchCounters() {
        Map<String, long[]> out = new TreeMap<>();
        for (JsonNode sw : tb.api().get("/api/v1/switches/").body()) {
            out.put(sw.path("nodeName").asText(), new long[] {sw.path("stateModsSent").asLong(),
                sw.path("reconciliations").asLong()});
        }
        assertEquals(3, out.size(), "three switches: " + out.keySet());
        return out;
    }

    @Test
    @Order(1)
    void tcpAndUdpToTheVipAreSpreadOverEveryProviderFromEveryHost() {
        for (Container c : clients) {
            for (String proto : List.of("tcp", "udp")) {
                Poll.require(Duration.ofSeconds(15), "the VIP answers " + proto + " from " + c.name(),
                        () -> isProvider(answer(c, proto)));
                Map<String, Integer> seen = tally(calls(c, proto, vip, proto.equals("tcp") ? 80 : 81, CALLS));
                assertEquals(CALLS, providers.stream().mapToInt(p -> seen.getOrDefault(p.name(), 0)).sum(),
                        "every " + proto + " call from " + c.name() + " answered by a provider: " + seen);
                for (Container p : providers) {
                    assertTrue(seen.getOrDefault(p.name(), 0) > 0, p.name() + " got no " + proto + " call from "
                            + c.name() + ": " + seen);
                }
            }
        }
    }

    @Test
    @Order(2)
    void aProviderCallingItsOwnServiceIsAnsweredEvenByItself() {
        Container self = providers.get(0);
        for (String proto : List.of("tcp", "udp")) {
            Map<String, Integer> seen = tally(calls(self, proto, vip, proto.equals("tcp") ? 80 : 81, CALLS));
            assertEquals(CALLS, providers.stream().mapToInt(p -> seen.getOrDefault(p.name(), 0)).sum(),
                    "every " + proto + " call from provider " + self.name() + " answered: " + seen);
            assertTrue(seen.getOrDefault(self.name(), 0) > 0, self.name() + " never reached itself over " + proto
                    + " (hairpin): " + seen);
        }
    }

    /** The flows a host learned for a client of the sticky service (table 55), as ovs-ofctl shows them. */
    private static List<String> remembered(Container client) {
        List<String> out = new ArrayList<>();
        for (String line : tb.ofctl(client.host(), "dump-flows", "br-int", "table=55").split("\n")) {
            if (line.contains("nw_src=" + client.ip() + ",") && line.contains("nw_dst=" + stickyVip)) {
                out.add(line.strip());
            }
        }
        return out;
    }

    @Test
    @Order(2)
    void clientIpAffinityHoldsAcrossRequestsAndLapsesAfterItsTimeout() {
        for (Container c : clients) {
            for (String proto : List.of("tcp", "udp")) {
                int port = proto.equals("tcp") ? 82 : 83;
                Poll.require(Duration.ofSeconds(15), "the sticky VIP answers " + proto + " from " + c.name(),
                        () -> isProvider(calls(c, proto, stickyVip, port, 1).get(0)[0]));
                Map<String, Integer> seen = tally(calls(c, proto, stickyVip, port, 12));
                assertEquals(1, seen.size(), "every " + proto + " call from " + c.name() + " to one provider: " + seen);
                assertTrue(isProvider(seen.keySet().iterator().next()), seen.toString());
            }
            List<String> learned = remembered(c);
            assertEquals(1, learned.size(), "one remembered provider for " + c.name() + ": " + learned);
            assertTrue(learned.get(0).contains("cookie=0x7d"), "learned under its own owner byte: " + learned);
        }
        // Without new connections the remembered provider expires, and a new connection is balanced afresh: over
        // some lapses a TCP client of the sticky service meets more than one provider.
        Container c = clients.get(0);
        java.util.Set<String> chosen = new java.util.TreeSet<>();
        for (int lapse = 0; lapse < 12 && chosen.size() < 2; lapse++) {
            Poll.require(Duration.ofSeconds(STICKY_SECONDS + 8), "the remembered provider of " + c.name()
                    + " expires", () -> remembered(c).isEmpty());
            chosen.add(calls(c, "tcp", stickyVip, 82, 1).get(0)[0]);
        }
        assertTrue(chosen.size() > 1, "after its affinity lapsed, " + c.name() + " was balanced again: " + chosen);
        assertTrue(chosen.stream().allMatch(ServiceLoadBalancingTest::isProvider), chosen.toString());
    }

    @Test
    @Order(2)
    void aServiceWithoutProvidersRefusesAtOnce() {
        for (Container c : clients) {
            Poll.require(Duration.ofSeconds(15), "the empty service refuses " + c.name(),
                    () -> calls(c, "tcp", emptyVip, 80, 1).get(0)[0].equals("refused"));
            for (String proto : List.of("tcp", "udp")) {
                for (String[] call : calls(c, proto, emptyVip, proto.equals("tcp") ? 80 : 81, 5)) {
                    assertEquals("refused", call[0], proto + " from " + c.name() + " to an empty service");
                    assertTrue(Double.parseDouble(call[1]) < 1.0, proto + " refused after " + call[1] + " s");
                }
            }
        }
    }

    @Test
    @Order(3)
    void aProviderWhoseLabelsStopMatchingGetsNoNewConnection() {
        Container leaving = providers.get(2);
        label(leaving, "other");
        try {
            Poll.require(Duration.ofSeconds(10), "the service's groups without " + leaving.name(), () ->
                    !tb.ofctl(tb.host(0), "dump-groups", "br-int").contains(leaving.ip() + ":"));
            Map<String, Integer> seen = tally(calls(clients.get(0), "tcp", vip, 80, 20));
            assertEquals(null, seen.get(leaving.name()), "a provider without the label was chosen: " + seen);
            assertEquals(20, providers.stream().mapToInt(p -> seen.getOrDefault(p.name(), 0)).sum(),
                    "every call answered: " + seen);
        } finally {
            label(leaving, "web");
        }
        Poll.require(Duration.ofSeconds(10), leaving.name() + " back in the service's groups", () ->
                tb.ofctl(tb.host(0), "dump-groups", "br-int").contains(leaving.ip() + ":" + TCP_PORT));
    }

    @Test
    @Order(4)
    void providersComeAndGoWithoutDisturbingTheOthers() throws Exception {
        Container client = clients.get(0);
        Path udpLog = tb.dir().resolve("udp-stream.log");
        start(client, "udp-stream", 81, udpLog);
        Poll.require(Duration.ofSeconds(10), "the UDP stream answered", () -> lines(udpLog).stream()
                .anyMatch(ServiceLoadBalancingTest::isProvider));
        List<String> first = lines(udpLog);
        String pinned = first.get(first.size() - 1);
        Container removed = providers.stream().filter(p -> p.name().equals(pinned)).findFirst().orElseThrow();
        // A long-lived TCP connection, on another provider than the one that goes.
        Path tcpLog = null;
        String streamProvider = null;
        for (int attempt = 0; attempt < 20 && (streamProvider == null || streamProvider.equals(pinned)); attempt++) {
            tcpLog = tb.dir().resolve("tcp-stream-" + attempt + ".log");
            Process stream = start(clients.get(1), "tcp-stream", 80, tcpLog);
            Path log = tcpLog;
            Poll.require(Duration.ofSeconds(10), "the TCP stream connected", () -> lines(log).size() > 1);
            streamProvider = lines(tcpLog).get(0).replace("provider ", "");
            if (streamProvider.equals(pinned)) {
                stream.destroyForcibly();
            }
        }
        assertFalse(pinned.equals(streamProvider), "a TCP stream on another provider than " + pinned);
        Path stream = tcpLog;
        // A client that loops on short requests through it all.
        Path loopLog = tb.dir().resolve("loop.log");
        Process loop = new ProcessBuilder(Sh.inNs(clients.get(2).ns(), "/usr/bin/python3", "-c", ServiceScripts.CLIENT, "tcp", vip,
                "80", "100000")).redirectOutput(loopLog.toFile()).redirectErrorStream(true).start();
        processes.add(loop);
        Poll.require(Duration.ofSeconds(10), "the loop running", () -> lines(loopLog).size() > 5);

        assertTrue(tb.deleteContainer(removed).ok(), "CNI DEL of " + removed.name());
        providers.remove(removed);
        int udpBefore = lines(udpLog).size();
        Poll.require(Duration.ofSeconds(10), "the UDP stream moved off " + pinned, () -> {
            List<String> l = lines(udpLog);
            return l.size() > udpBefore && isProvider(l.get(l.size() - 1));
        });
        Container added = addProvider(2);
        providers.add(added);
        Poll.require(Duration.ofSeconds(10), "the new provider " + added.name() + " receives connections",
                () -> lines(loopLog).stream().anyMatch(l -> l.startsWith(added.name() + " ")));
        int loopAfter = lines(loopLog).size();
        Poll.require(Duration.ofSeconds(10), "the loop goes on", () -> lines(loopLog).size() > loopAfter + 20);
        loop.destroyForcibly();
        int streamAfter = lines(stream).size();
        Poll.require(Duration.ofSeconds(10), "the TCP stream goes on", () -> lines(stream).size() > streamAfter + 10
                || lines(stream).contains("broken"));

        List<String> loopCalls = lines(loopLog);
        long failed = loopCalls.stream().filter(l -> !isProvider(l.split(" ")[0]) && !l.startsWith(removed.name() + " "))
                .count();
        // Only a call in flight to the removed provider when it went may fail: the loop makes one call at a time.
        assertTrue(failed <= 1, failed + " of " + loopCalls.size() + " calls failed: " + loopCalls);
        List<String> streamLines = lines(stream);
        assertFalse(streamLines.contains("broken"), "the TCP stream to " + streamProvider + " was cut");
        List<String> udp = lines(udpLog);
        assertTrue(udp.subList(udpBefore, udp.size()).stream().anyMatch(ServiceLoadBalancingTest::isProvider),
                "the UDP stream answered by a live provider after " + pinned + " went: " + udp);
    }

    @Test
    @Order(5)
    void policyAppliesToTheProviderBehindTheVip() throws IOException {
        tb.api().createPolicy("ts", "api-in");
        tb.api().createGroup("ts", "front", "net", null, false);
        tb.api().createGroup("ts", "other", "net", null, false);
        tb.api().mustPost("/api/v1/rules/ts:api-in:1/", "{\"direction\":\"in\",\"priority\":10,"
                + "\"fromEndpointGroup\":\"front\",\"protocol\":\"tcp\",\"port\":" + TCP_PORT + ",\"action\":\"allow\"}");
        tb.api().createGroup("ts", "api", "net", "api-in", true);
        Container api = tb.addContainer(tb.host(2), "ts", "net", "api", "TENET_LABELS=app:api");
        processes.add(new ProcessBuilder(Sh.inNs(api.ns(), "/usr/bin/python3", "-c", ServiceScripts.SERVER, api.ip(),
                Integer.toString(TCP_PORT), Integer.toString(UDP_PORT), api.name())).start());
        Container front = tb.addContainer(tb.host(0), "ts", "net", "front");
        Container other = tb.addContainer(tb.host(1), "ts", "net", "other");
        String apiVip = tb.api().mustPost("/api/v1/serviceLBs/ts:api/", "{\"networkName\":\"net\",\"ports\":[\"80:"
                + TCP_PORT + ":TCP\"],\"selectors\":[\"app=api\"],\"serviceName\":\"api\",\"tenantName\":\"ts\"}")
                .path("ipAddress").asText();
        Poll.require(Duration.ofSeconds(15), "front reaches api through the VIP",
                () -> calls(front, "tcp", apiVip, 80, 1).get(0)[0].equals(api.name()));
        assertEquals(List.of(api.name()), List.of(calls(front, "tcp", apiVip, 80, 1).get(0)[0]));
        assertEquals("timeout", calls(other, "tcp", apiVip, 80, 1).get(0)[0], "other through the VIP");
        assertEquals("timeout", calls(other, "tcp", api.ip(), TCP_PORT, 1).get(0)[0], "other directly: same verdict");
        assertEquals(api.name(), calls(front, "tcp", api.ip(), TCP_PORT, 1).get(0)[0], "front directly");
    }
}
