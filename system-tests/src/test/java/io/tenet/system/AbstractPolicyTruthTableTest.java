package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Api;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Prometheus;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Group-based policy probed with real traffic, over a network of the encapsulation a subclass names (the same
 * table must hold for every one). The scenario file (src/test/resources/policy/truth-table.json)
 * declares groups, policies, rules and endpoints on 3 hosts, and the expected verdict of every (source,
 * destination, protocol/port) cell; every cell is probed with TCP, UDP or ICMP, on one host and across hosts. Then:
 * spoofing, an established connection cut by a new deny (and left alone by an unrelated change), and a group
 * membership change realized without restarting anything.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractPolicyTruthTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REALIZED = Duration.ofSeconds(20);
    Testbed tb;
    JsonNode scenario;
    String tenant;
    final Map<String, Container> endpoints = new LinkedHashMap<>();
    private final List<Process> listeners = new ArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();

    /** The encapsulation of the scenario's network: {@code vxlan} or {@code vlan}. */
    abstract String encap();

    @BeforeAll
    void setUp() throws IOException {
        try (var in = AbstractPolicyTruthTableTest.class.getResourceAsStream("/policy/truth-table.json")) {
            scenario = JSON.readTree(in);
        }
        tb = TestbedSupport.start(3);
        Api api = tb.api();
        tenant = scenario.path("tenant").asText();
        JsonNode net = scenario.path("network");
        api.createTenant(tenant);
        api.createNetwork(tenant, net.path("name").asText(), encap(), net.path("subnet").asText(),
                net.path("gateway").asText());
        scenario.path("policies").fields().forEachRemaining(p -> api.mustPost("/api/v1/policys/" + tenant + ":"
                + p.getKey() + "/", "{}"));
        scenario.path("groups").fields().forEachRemaining(g -> {
            com.fasterxml.jackson.databind.node.ObjectNode body = g.getValue().deepCopy();
            body.put("networkName", net.path("name").asText());
            api.mustPost("/api/v1/endpointGroups/" + tenant + ":" + g.getKey() + "/", body.toString());
        });
        scenario.path("policies").fields().forEachRemaining(p -> p.getValue().forEach(rule -> api.mustPost(
                "/api/v1/rules/" + tenant + ":" + p.getKey() + ":" + rule.path("ruleId").asText() + "/",
                rule.toString())));
        scenario.path("endpoints").fields().forEachRemaining(e -> endpoints.put(e.getKey(), tb.addContainer(
                tb.host(e.getValue().path("host").asInt() - 1), tenant, net.path("name").asText(),
                e.getValue().path("group").asText())));
        for (Container c : endpoints.values()) {
            listen(c, "tcp", 80);
            listen(c, "tcp", 22);
            listen(c, "udp", 53);
        }
    }

    @AfterAll
    void tearDown() {
        listeners.forEach(Process::destroyForcibly);
        if (tb != null) {
            tb.close();
        }
    }

    /** A listener inside the container; UDP ones write what they receive to a file the probes read. */
    private void listen(Container c, String proto, int port) throws IOException {
        List<String> argv = new ArrayList<>(Sh.inNs(c.ns(), "nc", "-l", "-k"));
        if (proto.equals("udp")) {
            argv.add("-u");
        }
        argv.addAll(List.of(c.ip(), Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(udpLog(c, port).toFile()));
        listeners.add(pb.start());
        Poll.require(Duration.ofSeconds(5), proto + "/" + port + " listener in " + c.name(), () -> Sh.run(Sh.inNs(
                c.ns(), "ss", proto.equals("udp") ? "-lunH" : "-ltnH", "sport = :" + port))
                .out().contains(":" + port));
    }

    private Path udpLog(Container c, int port) {
        return tb.dir().resolve(c.name() + "-" + port + ".log");
    }

    /** One probe of a cell: true when the traffic got through. */
    boolean probe(Container from, Container to, String probe) {
        if (probe.equals("icmp")) {
            return tb.ping(from, to.ip());
        }
        String[] p = probe.split("/");
        int port = Integer.parseInt(p[1]);
        if (p[0].equals("tcp")) {
            return Sh.run(Sh.inNs(from.ns(), "nc", "-z", "-w", "1", to.ip(), p[1])).ok();
        }
        String token = "probe-" + tokens.incrementAndGet();
        Sh.run(Map.of(), token + "\n", Sh.inNs(from.ns(), "nc", "-u", "-w", "1", "-q", "0", to.ip(), p[1]));
        return Poll.until(Duration.ofMillis(1500), () -> {
            try {
                return Files.readString(udpLog(to, port)).contains(token);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Observes a cell; an expected allow gets three tries, so a slow probe never passes for a deny. */
    String observe(Container from, Container to, String probe, String expected) {
        int tries = expected.equals("allow") ? 3 : 1;
        for (int i = 0; i < tries; i++) {
            if (probe(from, to, probe)) {
                return "allow";
            }
        }
        return "deny";
    }

    /** The verdict GET /api/v1/trace computes from the compiled flows for a probe of a cell. */
    String traced(Container from, Container to, String probe) {
        String[] p = probe.split("/");
        Api.Reply r = tb.api().get("/api/v1/trace?from=" + from.containerId() + "-eth0&to=" + to.containerId()
                + "-eth0&protocol=" + p[0] + (p.length > 1 ? "&port=" + p[1] : ""));
        assertEquals(200, r.status(), r.toString());
        return r.body().path("verdict").asText();
    }

    /**
     * Every cell probed with real traffic and traced through the compiled flows (GET /api/v1/trace) in the same
     * pass: the observed verdict, the traced one and the table's must all agree.
     */
    @Test
    @Order(1)
    void everyCellOfTheTruthTableHoldsOnOneHostAndAcrossHosts() {
        // Realized: the first allowed cell answers.
        Poll.require(REALIZED, "policy realized", () -> probe(endpoints.get("c1"), endpoints.get("w1"), "tcp/80"));
        List<String> probes = new ArrayList<>();
        scenario.path("probes").forEach(p -> probes.add(p.asText()));
        StringBuilder expectedTable = new StringBuilder();
        StringBuilder observedTable = new StringBuilder();
        StringBuilder tracedTable = new StringBuilder();
        String header = String.format("%-8s", "") + String.join("", probes.stream().map(p -> String.format("%-8s", p))
                .toList());
        expectedTable.append(header).append('\n');
        observedTable.append(header).append('\n');
        tracedTable.append(header).append('\n');
        int wrong = 0;
        int mistraced = 0;
        for (JsonNode row : scenario.path("expected")) {
            String[] cells = row.asText().trim().split("\\s+");
            Container from = endpoints.get(cells[0]);
            Container to = endpoints.get(cells[1]);
            expectedTable.append(String.format("%-8s", cells[0] + ">" + cells[1]));
            observedTable.append(String.format("%-8s", cells[0] + ">" + cells[1]));
            tracedTable.append(String.format("%-8s", cells[0] + ">" + cells[1]));
            for (int i = 0; i < probes.size(); i++) {
                String want = cells[2 + i];
                String got = observe(from, to, probes.get(i), want);
                expectedTable.append(String.format("%-8s", want));
                observedTable.append(String.format("%-8s", got.equals(want) ? got : got.toUpperCase()));
                if (!got.equals(want)) {
                    wrong++;
                }
                String trace = traced(from, to, probes.get(i));
                tracedTable.append(String.format("%-8s", trace.equals(got) ? trace : trace.toUpperCase()));
                if (!trace.equals(got)) {
                    mistraced++;
                }
            }
            expectedTable.append('\n');
            observedTable.append('\n');
            tracedTable.append('\n');
        }
        assertEquals(0, wrong, "cells that differ (upper case in the observed matrix)\nexpected:\n" + expectedTable
                + "observed:\n" + observedTable);
        assertEquals(0, mistraced, "traced verdicts that differ from the traffic (upper case)\nobserved:\n"
                + observedTable + "traced:\n" + tracedTable);
    }

    @Test
    @Order(2)
    void aContainerCannotSendFromAnAddressOrMacThatIsNotItsOwn() {
        Container c1 = endpoints.get("c1");
        Container d1 = endpoints.get("d1");
        assertTrue(tb.pingWithin(c1, d1.ip(), REALIZED), "the honest ping works");
        Sh.check("ip", "netns", "exec", c1.ns(), "ip", "addr", "add", "10.70.0.200/24", "dev", "eth0");
        try {
            assertFalse(Sh.run("ip", "netns", "exec", c1.ns(), "ping", "-c", "2", "-W", "1", "-I", "10.70.0.200",
                    d1.ip()).ok(), "a ping from a spoofed address got through");
        } finally {
            Sh.check("ip", "netns", "exec", c1.ns(), "ip", "addr", "del", "10.70.0.200/24", "dev", "eth0");
        }
        Sh.check("ip", "netns", "exec", c1.ns(), "ip", "link", "set", "eth0", "address", "02:aa:bb:cc:dd:ee");
        try {
            Sh.run("ip", "netns", "exec", c1.ns(), "ip", "neigh", "flush", "all");
            assertFalse(tb.ping(c1, d1.ip()), "a ping from a spoofed MAC got through");
        } finally {
            Sh.check("ip", "netns", "exec", c1.ns(), "ip", "link", "set", "eth0", "address", c1.mac());
        }
        assertTrue(tb.pingWithin(c1, d1.ip(), REALIZED), "the honest ping works again");
    }

    @Test
    @Order(3)
    void aNewDenyCutsAnEstablishedConnectionAndAnUnrelatedChangeLeavesItAlone() throws Exception {
        Container c1 = endpoints.get("c1");
        Container w1 = endpoints.get("w1");
        Api api = tb.api();
        api.mustPost("/api/v1/rules/" + tenant + ":web-in:10/", "{\"direction\":\"in\",\"priority\":30,"
                + "\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":8080,\"action\":\"allow\"}");
        Path received = tb.dir().resolve("stream.log");
        ProcessBuilder server = new ProcessBuilder(Sh.inNs(w1.ns(), "nc", "-l", w1.ip(), "8080"));
        server.redirectOutput(received.toFile()).redirectErrorStream(true);
        Process srv = server.start();
        listeners.add(srv);
        Poll.require(Duration.ofSeconds(5), "stream listener", () -> Sh.run(Sh.inNs(w1.ns(), "ss", "-ltnH",
                "sport = :8080")).out().contains(":8080"));
        Process client = new ProcessBuilder(Sh.inNs(c1.ns(), "sh", "-c", "while true; do echo tick; sleep 0.1; done"
                + " | nc " + w1.ip() + " 8080")).start();
        listeners.add(client);
        Poll.require(REALIZED, "ticks arriving", () -> size(received) > 20);
        // An unrelated rule: the stream keeps flowing.
        api.mustPost("/api/v1/rules/" + tenant + ":web-in:11/", "{\"direction\":\"in\",\"priority\":30,"
                + "\"fromEndpointGroup\":\"client\",\"protocol\":\"udp\",\"port\":9999,\"action\":\"allow\"}");
        long before = size(received);
        Poll.require(Duration.ofSeconds(5), "ticks still arriving after an unrelated change",
                () -> size(received) > before + 50);
        // A deny of higher priority for this port: once realized (new connections refused), nothing more arrives.
        api.mustPost("/api/v1/rules/" + tenant + ":web-in:12/", "{\"direction\":\"in\",\"priority\":40,"
                + "\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":8080,\"action\":\"deny\"}");
        Poll.require(REALIZED, "new connections to 8080 refused", () -> !Sh.run(Sh.inNs(c1.ns(), "nc", "-z", "-w",
                "1", w1.ip(), "8080")).ok());
        long cut = size(received);
        assertFalse(Poll.until(Duration.ofSeconds(3), () -> size(received) > cut + 10),
                "the established connection still delivers after the deny");
        client.destroyForcibly();
        srv.destroyForcibly();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    @Order(4)
    void aGroupMembershipChangeIsRealizedWithoutRestartingAnything() {
        Container d1 = endpoints.get("d1");
        Container o1 = endpoints.get("o1");
        assertTrue(Poll.until(REALIZED, () -> probe(d1, o1, "icmp")), "o1 is open before");
        String body = "{\"tenantName\":\"" + tenant + "\",\"networkName\":\"app\",\"endpointGroup\":\"web\","
                + "\"homingHost\":\"" + tb.nodeName(o1.host()) + "\",\"intfName\":\""
                + o1.result().path("interfaces").path(0).path("name").asText() + "\"}";
        JsonNode ep = tb.api().mustPost("/api/v1/endpoints/" + o1.containerId() + "-eth0/", body);
        assertEquals("web", ep.path("endpointGroup").asText());
        assertEquals(o1.ip(), ep.path("ipAddress").path(0).asText(), "same address");
        // As a web member, o1 now admits clients on tcp/80 only, and db not at all.
        Poll.require(REALIZED, "d1 -> o1 denied", () -> !probe(d1, o1, "icmp"));
        Container c1 = endpoints.get("c1");
        assertTrue(Poll.until(REALIZED, () -> probe(c1, o1, "tcp/80")), "client -> o1 tcp/80 allowed");
        assertFalse(probe(c1, o1, "udp/53"), "client -> o1 udp/53 denied");
    }

    @Test
    @Order(5)
    void metricsParseAndTheRealizationHistogramCountsEachChangeOnTheSwitchesItTouches() {
        String base = tb.api().base();
        Map<String, Double> first = Prometheus.scrape(base);
        assertEquals(3.0, first.get("tenet_switches_connected"), first.toString());
        long members = 0;
        for (JsonNode e : tb.api().get("/api/v1/endpoints/").body()) {
            members += e.path("networkName").asText().equals("app") && e.path("tenantName").asText().equals(tenant)
                    ? 1 : 0;
        }
        assertEquals((double) members, Prometheus.sum(first, "tenet_endpoints", "network=\"" + tenant + ":app\""));
        assertEquals((double) members, Prometheus.sum(first, "tenet_ipam_addresses_allocated", "network=\"" + tenant
                + ":app\""));
        // w1's host holds web's rules: each new web rule is one realization there, counted once.
        String node = tb.nodeName(endpoints.get("w1").host());
        String count = "tenet_realization_seconds_count";
        String label = "node=\"" + node + "\"";
        for (int i = 0; i < 3; i++) {
            double before = Prometheus.sum(Prometheus.scrape(base), count, label);
            tb.api().mustPost("/api/v1/rules/" + tenant + ":web-in:" + (30 + i) + "/", "{\"direction\":\"in\","
                    + "\"priority\":15,\"fromEndpointGroup\":\"db\",\"protocol\":\"tcp\",\"port\":" + (7000 + i)
                    + ",\"action\":\"allow\"}");
            Poll.require(REALIZED, "change " + i + " counted on " + node, () -> Prometheus.sum(Prometheus.scrape(base),
                    count, label) >= before + 1);
            Map<String, Double> after = Prometheus.scrape(base);
            assertEquals(before + 1, Prometheus.sum(after, count, label), "one change, one realization");
            assertEquals(after.get(count + "{" + label + "}"),
                    after.get("tenet_realization_seconds_bucket{le=\"+Inf\"," + label + "}"), after.toString());
        }
        Map<String, Double> last = Prometheus.scrape(base);
        assertTrue(Prometheus.sum(last, "tenet_rest_requests_total", "status=\"200\"")
                > Prometheus.sum(first, "tenet_rest_requests_total", "status=\"200\""), "REST requests counted");
        assertTrue(Prometheus.sum(last, "tenet_switch_flow_mods_total", label) > 0, last.toString());
    }

    @Test
    @Order(6)
    void trafficCountersRiseWhileAContainerSendsAndTheDenyingRuleIsCounted() {
        String base = tb.api().base();
        String client = "group=\"" + tenant + ":client\"";
        String web = "group=\"" + tenant + ":web\"";
        Map<String, Double> before = Prometheus.scrape(base);
        double sent = Prometheus.sum(before, "tenet_group_packets_total", "direction=\"out\"," + client);
        double delivered = Prometheus.sum(before, "tenet_group_packets_total", "direction=\"in\"," + web);
        double sshDenied = Prometheus.sum(before, "tenet_rule_packets_total", web + ",rule=\"" + tenant
                + ":web-in:2\"");
        Container c1 = endpoints.get("c1");
        Container w1 = endpoints.get("w1");
        assertTrue(Sh.run(Sh.inNs(c1.ns(), "ping", "-c", "20", "-i", "0.05", "-W", "1", w1.ip())).ok(), "c1 pings w1");
        assertFalse(probe(c1, w1, "tcp/22"), "tcp/22 is denied");
        Map<String, Double> after = Prometheus.scrape(base);
        assertTrue(Prometheus.sum(after, "tenet_group_packets_total", "direction=\"out\"," + client) >= sent + 20,
                "client's out counter: " + after);
        assertTrue(Prometheus.sum(after, "tenet_group_packets_total", "direction=\"in\"," + web) >= delivered + 20,
                "web's in counter: " + after);
        assertTrue(Prometheus.sum(after, "tenet_rule_packets_total", web + ",rule=\"" + tenant + ":web-in:2\"")
                > sshDenied, "the deny of tcp/22 counted its drop: " + after);
    }
}
