package io.tenet.controller.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.TraceService.TraceRequest;
import io.tenet.controller.api.TraceService.TraceResult;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.rest.ApiResponse;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.store.embedded.MvStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tracer over the flows the compiler makes for the policy truth table of the system tests
 * (system-tests/src/test/resources/policy/truth-table.json, 5 endpoints on 3 hosts): every cell's computed
 * verdict is the table's, the deciding rule is named, and an allowed packet leaves by the destination's port. The
 * system test PolicyTruthTableTest holds the same verdicts against real traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketTracerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MvStore store;
    private ModelManager model;
    private RestApi api;
    private JsonNode scenario;
    private PacketTracer tracer;
    private final Map<String, CompiledSwitch> compiled = new HashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private JsonNode post(String path, String body) {
        ApiResponse r = api.handle("POST", path, body.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.status() / 100 == 2, path + ": " + r.status() + " " + r.body());
        return r.body();
    }

    @BeforeAll
    void setUp() throws IOException {
        scenario = JSON.readTree(Files.readString(Path.of("../system-tests/src/test/resources/policy/"
                + "truth-table.json")));
        store = MvStore.inMemory();
        model = new ModelManager(store);
        api = new RestApi(model, null);
        String t = scenario.path("tenant").asText();
        JsonNode net = scenario.path("network");
        String n = net.path("name").asText();
        post("/api/v1/tenants/" + t + "/", "{\"tenantName\":\"" + t + "\"}");
        post("/api/v1/networks/" + t + ":" + n + "/", "{\"tenantName\":\"" + t + "\",\"networkName\":\"" + n
                + "\",\"encap\":\"vxlan\",\"subnet\":\"" + net.path("subnet").asText() + "\",\"gateway\":\""
                + net.path("gateway").asText() + "\"}");
        scenario.path("policies").fieldNames().forEachRemaining(p -> post("/api/v1/policys/" + t + ":" + p + "/",
                "{}"));
        scenario.path("groups").fields().forEachRemaining(g -> {
            ObjectNode body = g.getValue().deepCopy();
            body.put("networkName", n);
            post("/api/v1/endpointGroups/" + t + ":" + g.getKey() + "/", body.toString());
        });
        scenario.path("policies").fields().forEachRemaining(p -> p.getValue().forEach(rule -> post("/api/v1/rules/"
                + t + ":" + p.getKey() + ":" + rule.path("ruleId").asText() + "/", rule.toString())));
        for (int h = 1; h <= 3; h++) {
            post("/api/v1/nodes/h" + h + "/", "{\"nodeName\":\"h" + h + "\",\"tunnelIp\":\"192.168.9." + h
                    + "\",\"datapathId\":\"" + h + "\"}");
        }
        int port = 10;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) scenario.path("endpoints")::fields) {
            post("/api/v1/endpoints/" + e.getKey() + "-eth0/", "{\"tenantName\":\"" + t + "\",\"networkName\":\"" + n
                    + "\",\"endpointGroup\":\"" + e.getValue().path("group").asText() + "\",\"homingHost\":\"h"
                    + e.getValue().path("host").asInt() + "\",\"intfName\":\"tn" + e.getKey() + "\"}");
            ports.put("tn" + e.getKey(), port++);
        }
        for (Node node : model.snapshot().get(ModelCollections.NODES).values()) {
            Map<String, Integer> p = new HashMap<>(Map.of(NodeView.TUNNEL_PORT, 1, NodeView.DNS_PORT, 2));
            for (Endpoint e : ModelIndexes.endpointsOn(model.snapshot(), node.name()).values()) {
                p.put(e.intfName(), ports.get(e.intfName()));
            }
            NodeView view = new NodeView(node, p);
            compiled.put(node.name(), new CompiledSwitch(view, DatapathCompiler.compileFromScratch(model.snapshot(),
                    view)));
        }
        tracer = new PacketTracer(model, node -> Optional.ofNullable(compiled.get(node)));
    }

    @AfterAll
    void tearDown() {
        store.close();
    }

    private TraceResult trace(String from, String to, String probe) {
        String[] p = probe.split("/");
        return tracer.trace(new TraceRequest(from + "-eth0", to, p[0], p.length > 1 ? Integer.parseInt(p[1]) : 0));
    }

    @Test
    void everyCellOfTheTruthTableIsComputedAsTheTableSays() {
        List<String> probes = new ArrayList<>();
        scenario.path("probes").forEach(p -> probes.add(p.asText()));
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (JsonNode row : scenario.path("expected")) {
            String[] c = row.asText().trim().split("\\s+");
            for (int i = 0; i < probes.size(); i++) {
                TraceResult r = trace(c[0], c[1] + "-eth0", probes.get(i));
                cells++;
                if (!r.verdict().equals(c[2 + i])) {
                    wrong.add(c[0] + ">" + c[1] + " " + probes.get(i) + ": want " + c[2 + i] + ", traced " + r.verdict()
                            + " (" + r.reason() + ")");
                }
            }
        }
        assertEquals(80, cells);
        assertEquals(List.of(), wrong);
    }

    @Test
    void aDeniedPacketNamesTheRuleThatDeniesIt() {
        // web-in rules 1 (allow tcp/22) and 2 (deny tcp) at equal priority: the deny wins, and is named.
        TraceResult ssh = trace("c1", "w1-eth0", "tcp/22");
        assertEquals("deny", ssh.verdict());
        assertEquals("tt:web-in:2", ssh.rule(), ssh.reason());
        assertNull(ssh.output());
        TraceResult dns = trace("w1", "d1-eth0", "udp/53");
        assertEquals("deny", dns.verdict());
        assertEquals("tt:web-out:1", dns.rule(), dns.reason());
        assertTrue(dns.tables().contains("h2/EGRESS_POLICY"), dns.tables().toString());
        assertTrue(dns.tables().stream().noneMatch(x -> x.startsWith("h3/")), "denied on the source's host");
        // A default deny decides without a rule.
        TraceResult toClient = trace("d1", "c1-eth0", "icmp");
        assertEquals("deny", toClient.verdict());
        assertNull(toClient.rule());
        assertTrue(toClient.reason().contains("denies by default"), toClient.reason());
    }

    @Test
    void anAllowedPacketAcrossHostsShowsItsOutputPortAndTheTablesOfBothHosts() {
        TraceResult r = trace("c1", "w1-eth0", "tcp/80");
        assertEquals("allow", r.verdict(), r.reason());
        assertEquals("tt:web-in:3", r.rule());
        assertNotNull(r.output());
        assertEquals("h2", r.output().node());
        assertEquals((int) ports.get("tnw1"), r.output().port());
        assertEquals("tnw1", r.output().portName());
        assertTrue(r.tables().contains("h1/CLASSIFIER") && r.tables().contains("h2/INGRESS_POLICY"),
                r.tables().toString());
        assertEquals(model.snapshot().get(ModelCollections.ENDPOINTS).get("w1-eth0").mac().toString(),
                r.destinationMac(), "resolved by the pipeline's ARP responder");
        TraceResult open = trace("c1", "o1-eth0", "udp/53");
        assertEquals("allow", open.verdict());
        assertNull(open.rule(), "o1 is in no group: no rule decides");
    }

    @Test
    void badRequestsNameTheirParameter() {
        assertEquals("from", assertThrows(ValidationException.class, () -> tracer.trace(new TraceRequest("nope", "x",
                "tcp", 80))).field());
        assertEquals("to", assertThrows(ValidationException.class, () -> trace("c1", "nope", "tcp/80")).field());
        assertEquals("protocol", assertThrows(ValidationException.class, () -> new TraceRequest("a", "b", "sctp", 1))
                .field());
        assertEquals("port", assertThrows(ValidationException.class, () -> new TraceRequest("a", "b", "tcp", 0))
                .field());
        ApiResponse r = new RestApi(model, null, new io.tenet.controller.api.OperStatus(),
                new io.tenet.controller.api.EventLog(), tracer).handle("GET", "/api/v1/trace?from=c1-eth0&to=w1-eth0"
                        + "&protocol=tcp&port=eighty", new byte[0]);
        assertEquals(400, r.status());
        assertEquals("port", r.body().path("field").asText(), r.body().toString());
    }

    @Test
    void theRestApiAnswersWithVerdictRuleAndTables() {
        RestApi withTracer = new RestApi(model, null, new io.tenet.controller.api.OperStatus(),
                new io.tenet.controller.api.EventLog(), tracer);
        ApiResponse r = withTracer.handle("GET", "/api/v1/trace?from=c1-eth0&to=w2-eth0&protocol=tcp&port=22",
                new byte[0]);
        assertEquals(200, r.status(), String.valueOf(r.body()));
        assertEquals("deny", r.body().path("verdict").asText());
        assertEquals("tt:web-in:2", r.body().path("rule").asText());
        assertTrue(r.body().path("tables").size() > 3, r.body().toString());
        ApiResponse ip = withTracer.handle("GET", "/api/v1/trace?from=c1-eth0&to=10.70.0.254&protocol=icmp",
                new byte[0]);
        assertEquals(200, ip.status(), String.valueOf(ip.body()));
    }
}
