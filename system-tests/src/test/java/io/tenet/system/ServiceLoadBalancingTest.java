package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A service over three providers on two simulated hosts, with real TCP traffic: clients on both hosts reach the
 * VIP, their connections are spread over every provider, and a provider whose labels stop matching gets no new
 * connection once the change is realized.
 */
@Tag("system")
class ServiceLoadBalancingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = 8080;
    private static final String SERVER = String.join("\n", "import socketserver, sys",
            "class H(socketserver.BaseRequestHandler):",
            "    def handle(self):",
            "        self.request.sendall((sys.argv[3] + '\\n').encode())",
            "socketserver.ThreadingTCPServer.allow_reuse_address = True",
            "socketserver.ThreadingTCPServer((sys.argv[1], int(sys.argv[2])), H).serve_forever()");
    private static Testbed tb;
    private static final List<Container> providers = new ArrayList<>();
    private static final List<Process> servers = new ArrayList<>();
    private static Container client0;
    private static Container client1;
    private static String vip;

    @BeforeAll
    static void setUp() throws Exception {
        tb = TestbedSupport.start(2);
        tb.api().createTenant("ts");
        tb.api().createNetwork("ts", "net", "10.91.0.0/24", "10.91.0.254");
        for (int i = 0; i < 3; i++) {
            Container p = tb.addContainer(tb.host(i == 0 ? 0 : 1), "ts", "net");
            label(p, "web");
            providers.add(p);
            // Each provider answers every connection with its name (ip netns exec runs python in place, so
            // destroying the process stops the server).
            servers.add(new ProcessBuilder(Sh.inNs(p.ns(), "/usr/bin/python3", "-c", SERVER, p.ip(), Integer.toString(PORT),
                    p.name())).start());
        }
        client0 = tb.addContainer(tb.host(0), "ts", "net");
        client1 = tb.addContainer(tb.host(1), "ts", "net");
        JsonNode svc = tb.api().mustPost("/api/v1/serviceLBs/ts:web/", "{\"networkName\":\"net\",\"ports\":[\"80:"
                + PORT + ":TCP\"],\"selectors\":[\"app=web\"],\"serviceName\":\"web\",\"tenantName\":\"ts\"}");
        vip = svc.path("ipAddress").asText();
    }

    @AfterAll
    static void tearDown() {
        servers.forEach(Process::destroyForcibly);
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

    /** Who answers one connection from {@code from} to the VIP's port 80 (empty when nothing does). */
    private static String call(Container from) {
        return Sh.run(Map.of(), "", Sh.inNs(from.ns(), "nc", "-w", "2", vip, "80")).out().strip();
    }

    private static Map<String, Integer> calls(Container from, int n) {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            seen.merge(call(from), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void connectionsToTheVipAreSpreadOverEveryProviderFromEveryHost() {
        for (Container c : List.of(client0, client1)) {
            Poll.require(Duration.ofSeconds(15), "the VIP answers " + c.name(), () -> !call(c).isEmpty());
            Map<String, Integer> seen = calls(c, 30);
            assertEquals(30, seen.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .mapToInt(Map.Entry::getValue).sum(), "every connection answered: " + seen);
            for (Container p : providers) {
                // 30 connections over 3 providers by hash: each gets some (the chance one gets none is 2e-5).
                assertTrue(seen.getOrDefault(p.name(), 0) > 0, p.name() + " got no connection from " + c.name()
                        + ": " + seen);
            }
        }
    }

    @Test
    void aProviderWhoseLabelsStopMatchingGetsNoNewConnection() {
        Container leaving = providers.get(2);
        Poll.require(Duration.ofSeconds(15), "the VIP answers", () -> !call(client0).isEmpty());
        label(leaving, "other");
        try {
            Poll.require(Duration.ofSeconds(10), "the service's group without " + leaving.name(), () ->
                    !tb.ofctl(tb.host(0), "dump-groups", "br-int").contains(leaving.ip() + ":" + PORT));
            Map<String, Integer> seen = calls(client0, 20);
            assertEquals(null, seen.get(leaving.name()), "a removed provider was chosen: " + seen);
            assertEquals(20, seen.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                    .mapToInt(Map.Entry::getValue).sum(), "every connection answered: " + seen);
        } finally {
            label(leaving, "web");
        }
    }
}
