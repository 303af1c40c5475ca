package io.tenet.controller.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.rest.ApiResponse;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose switch stays away longer than the node timeout loses its endpoints (addresses freed, an event
 * says so); one that comes back sooner, or any node before a whole timeout since the controller started, keeps
 * them. The clock is the test's.
 */
class NodeReaperTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private MvStore store;
    private ModelManager model;
    private EventLog log;
    private RestApi api;
    private NodeReaper reaper;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<SwitchStatus> connected = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = MvStore.inMemory();
        model = new ModelManager(store);
        log = new EventLog();
        SwitchService switches = new SwitchService() {
            @Override
            public List<SwitchStatus> switches() {
                return new ArrayList<>(connected);
            }

            @Override
            public List<InstalledFlow> flows(String node) {
                return List.of();
            }
        };
        api = new RestApi(model, switches, new OperStatus(), log);
        reaper = new NodeReaper(model, switches, log, TIMEOUT, now::get);
        post("/api/v1/tenants/t/", "{\"tenantName\":\"t\"}");
        post("/api/v1/networks/t:n/", "{\"tenantName\":\"t\",\"networkName\":\"n\",\"subnet\":\"10.9.0.0/24\"}");
        for (String node : new String[] {"h1", "h2"}) {
            post("/api/v1/nodes/" + node + "/", "{\"tunnelIp\":\"192.168.9." + node.charAt(1) + "\",\"datapathId\":\"e"
                    + node.charAt(1) + "\"}");
            for (int i = 0; i < 3; i++) {
                post("/api/v1/endpoints/" + node + "c" + i + "-eth0/", "{\"tenantName\":\"t\",\"networkName\":\"n\","
                        + "\"homingHost\":\"" + node + "\",\"intfName\":\"tn" + node + "c" + i + "\"}");
            }
        }
    }

    @AfterEach
    void stop() {
        reaper.close();
        model.close();
        store.close();
    }

    private void post(String path, String body) {
        ApiResponse r = api.handle("POST", path, body.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.status() / 100 == 2, path + ": " + r.body());
    }

    private void connect(String... nodes) {
        connected.clear();
        for (String n : nodes) {
            connected.add(new SwitchStatus("0xe" + n.charAt(1), n, "10.0.0." + n.charAt(1) + ":5000", "OF_14", 10, 0,
                    0, 0, 0, 1, 0, ""));
        }
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private int endpointsOn(String node) {
        int n = 0;
        for (JsonNode e : api.handle("GET", "/api/v1/endpoints/", new byte[0]).body()) {
            n += e.path("homingHost").asText().equals(node) ? 1 : 0;
        }
        return n;
    }

    private int allocated() {
        return api.handle("GET", "/api/v1/inspect/networks/t:n/", new byte[0]).body().path("Oper")
                .path("allocatedAddressesCount").asInt();
    }

    @Test
    void aNodeAwayLongerThanTheTimeoutLosesItsEndpointsAndOneBackSoonerKeepsThem() {
        connect("h1", "h2");
        assertEquals(0, reaper.look());
        int before = allocated();
        connect("h1");
        advance(Duration.ofSeconds(9));
        assertEquals(0, reaper.look(), "away 9 s of 10");
        connect("h1", "h2");
        assertEquals(0, reaper.look(), "back in time");
        connect("h1");
        advance(Duration.ofSeconds(9));
        assertEquals(0, reaper.look(), "away again, counted from its return");
        advance(Duration.ofSeconds(2));
        assertEquals(3, reaper.look(), "away 11 s");
        assertEquals(0, endpointsOn("h2"));
        assertEquals(3, endpointsOn("h1"), "the connected node keeps its endpoints");
        assertEquals(before - 3, allocated(), "their addresses freed");
        assertEquals(1, log.query(0, EventLog.Severity.WARNING, "node", 10).size());
        assertTrue(log.query(0, EventLog.Severity.WARNING, "node", 10).get(0).message().contains("3 endpoint(s)"));
        advance(Duration.ofSeconds(30));
        assertEquals(0, reaper.look(), "nothing more to reclaim");
        assertEquals(1, log.query(0, EventLog.Severity.WARNING, "node", 10).size(), "reported once");
    }

    @Test
    void afterAControllerStartAWholeTimeoutPassesFirst() {
        connect();
        assertEquals(0, reaper.look(), "no switch connected yet: as just after a start");
        advance(Duration.ofSeconds(10));
        assertEquals(0, reaper.look());
        connect("h1");
        advance(Duration.ofSeconds(1));
        assertEquals(3, reaper.look(), "h2 never came back within a timeout of the start");
        assertEquals(3, endpointsOn("h1"));
    }
}
