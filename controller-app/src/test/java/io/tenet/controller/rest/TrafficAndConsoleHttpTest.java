package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.Traffic;
import io.tenet.controller.api.Traffic.Counts;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.embedded.MvStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/traffic/} as one document and as a server-sent event stream whose counters follow the switches,
 * and the console's files at {@code /ui/}, over the standalone server.
 */
class TrafficAndConsoleHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong sent = new AtomicLong(10);
    private MvStore store;
    private HttpApiServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        store = MvStore.inMemory();
        SwitchService switches = new SwitchService() {
            @Override
            public List<SwitchStatus> switches() {
                return List.of();
            }

            @Override
            public List<InstalledFlow> flows(String node) {
                return List.of();
            }

            @Override
            public Traffic traffic() {
                long n = sent.get();
                return new Traffic(Map.of("t9:web", new Counts(n, n * 100)), Map.of("t9:db", new Counts(n, n * 100)),
                        Map.of("t9:db", new Counts(3, 300)), Map.of("t9:p1:1 on t9:db", new Counts(2, 200)),
                        Map.of("t9:svc", new Counts(4, 400)));
            }
        };
        server = new HttpApiServer(new InetSocketAddress("127.0.0.1", 0), new RestApi(new ModelManager(store),
                switches, new OperStatus(), new EventLog()));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void trafficIsOneDocumentPerGroupRuleAndService() throws Exception {
        HttpResponse<String> r = get("/api/v1/traffic/");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = JSON.readTree(r.body());
        JsonNode groups = t.path("groups");
        assertEquals(2, groups.size(), r.body());
        assertEquals("t9:db", groups.get(0).path("group").asText());
        assertEquals(10, groups.get(0).path("inPackets").asLong());
        assertEquals(3, groups.get(0).path("deniedPackets").asLong());
        assertEquals(0, groups.get(0).path("outPackets").asLong());
        assertEquals(1000, groups.get(1).path("outBytes").asLong());
        JsonNode rule = t.path("rules").get(0);
        assertEquals("t9:p1:1", rule.path("rule").asText());
        assertEquals("t9:db", rule.path("group").asText());
        assertEquals(2, rule.path("packets").asLong());
        assertEquals(4, t.path("services").get(0).path("connections").asLong());
        assertEquals(10, JSON.readTree(get("/api/v1/traffic/t9:web/").body()).path("outPackets").asLong());
        assertEquals(404, get("/api/v1/traffic/t9:none/").statusCode());
    }

    @Test
    void badWatchParametersAreRefusedNamingThem() throws Exception {
        for (String[] c : new String[][] {{"interval=0&watch=true", "interval"}, {"watch=yes", "watch"},
            {"interval=x", "interval"}, {"since=3", "since"}}) {
            HttpResponse<String> r = get("/api/v1/traffic/?" + c[0]);
            assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
            assertEquals(c[1], JSON.readTree(r.body()).path("field").asText(), r.body());
        }
    }

    @Test
    void theStreamSendsTheCountersAgainAsTheyChange() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/v1/traffic/?watch=true&interval=1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals(EventStream.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            long first = outPackets(nextData(in));
            assertEquals(10, first);
            sent.set(25);
            long later = first;
            for (int i = 0; i < 5 && later == first; i++) {
                later = outPackets(nextData(in));
            }
            assertEquals(25, later, "the stream follows the counters");
        }
        // The stream held no request thread: the API still answers while it ran and after it ended.
        assertEquals(200, get("/api/v1/traffic/").statusCode());
    }

    private static String nextData(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                return line.substring(6);
            }
        }
        throw new AssertionError("the stream ended");
    }

    private static long outPackets(String json) throws IOException {
        for (JsonNode g : JSON.readTree(json).path("groups")) {
            if (g.path("group").asText().equals("t9:web")) {
                return g.path("outPackets").asLong();
            }
        }
        throw new AssertionError("no t9:web in " + json);
    }

    @Test
    void theConsoleIsServedFromTheJarAtUi() throws Exception {
        HttpResponse<String> page = get("/ui/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("app.js"), page.body());
        assertEquals(ConsoleAssets.SECURITY_POLICY, page.headers().firstValue("Content-Security-Policy").orElse(""));
        // Every module the page imports is served, as JavaScript.
        for (String module : List.of("app.js", "api.js", "dom.js", "topology.js", "objects.js", "traffic.js",
                "trace.js", "events.js", "console.css")) {
            HttpResponse<String> m = get("/ui/" + module);
            assertEquals(200, m.statusCode(), module);
            assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith(module.endsWith(".js")
                    ? "text/javascript" : "text/css"), module);
        }
        assertEquals(404, get("/ui/../pom.xml").statusCode());
        assertEquals(404, get("/ui/%2e%2e/RestApi.class").statusCode());
        assertEquals(404, get("/ui/io/tenet/controller/rest/RestApi.class").statusCode());
        assertEquals(404, get("/ui/missing.js").statusCode());
    }
}
