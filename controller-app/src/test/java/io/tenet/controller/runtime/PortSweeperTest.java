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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoints the CNI plugin made whose port stays missing from their node's connected switch for longer than the
 * port timeout are reclaimed (address freed, an event says so); a port that appears in time, a switch that is not
 * connected (or that this controller does not write to), and endpoints made through the REST API alone keep
 * them. The clock is the test's.
 */
class PortSweeperTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private MvStore store;
    private ModelManager model;
    private EventLog log;
    private RestApi api;
    private PortSweeper sweeper;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** The ports of each connected switch that this controller writes to, by node. */
    private final Map<String, Set<String>> ports = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        store = MvStore.inMemory();
        model = new ModelManager(store);
        log = new EventLog();
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
            public Optional<Set<String>> ports(String node) {
                return Optional.ofNullable(ports.get(node));
            }
        };
        api = new RestApi(model, switches, new OperStatus(), log);
        sweeper = new PortSweeper(model, switches, log, TIMEOUT, now::get);
        post("/api/v1/tenants/t/", "{\"tenantName\":\"t\"}");
        post("/api/v1/networks/t:n/", "{\"tenantName\":\"t\",\"networkName\":\"n\",\"subnet\":\"10.9.0.0/24\"}");
        post("/api/v1/nodes/h1/", "{\"tunnelIp\":\"192.168.9.1\",\"datapathId\":\"e1\"}");
        post("/api/v1/nodes/h2/", "{\"tunnelIp\":\"192.168.9.2\",\"datapathId\":\"e2\"}");
        cni("a", "h1");
        cni("b", "h1");
        cni("c", "h2");
        post("/api/v1/endpoints/rest-eth0/", "{\"tenantName\":\"t\",\"networkName\":\"n\",\"homingHost\":\"h1\","
                + "\"intfName\":\"tnrest\"}");
    }

    @AfterEach
    void stop() {
        sweeper.close();
        model.close();
        store.close();
    }

    private void cni(String name, String node) {
        post("/api/v1/endpoints/" + name + "-eth0/", "{\"tenantName\":\"t\",\"networkName\":\"n\",\"homingHost\":\""
                + node + "\",\"intfName\":\"tn" + name + "\",\"attributes\":{\"CNI_IFNAME\":\"eth0\"}}");
    }

    private void post(String path, String body) {
        ApiResponse r = api.handle("POST", path, body.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.status() / 100 == 2, path + ": " + r.body());
    }

    private boolean exists(String id) {
        for (JsonNode e : api.handle("GET", "/api/v1/endpoints/", new byte[0]).body()) {
            if (e.path("endpointID").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private int allocated() {
        return api.handle("GET", "/api/v1/inspect/networks/t:n/", new byte[0]).body().path("Oper")
                .path("allocatedAddressesCount").asInt();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anEndpointWhosePortNeverCameIsReclaimedAfterTheTimeoutAndOneWhosePortCameInTimeIsKept() {
        ports.put("h1", Set.of("tenet-tun0"));
        assertEquals(0, sweeper.look());
        advance(Duration.ofSeconds(50));
        ports.put("h1", Set.of("tenet-tun0", "tna"));
        assertEquals(0, sweeper.look(), "a's port came in time");
        int before = allocated();
        advance(Duration.ofSeconds(11));
        assertEquals(1, sweeper.look(), "b has had no port for 61 s");
        assertTrue(!exists("b-eth0") && exists("a-eth0"), "b reclaimed, a kept");
        assertTrue(exists("rest-eth0"), "an endpoint made through the REST API alone is never reclaimed");
        assertTrue(exists("c-eth0"), "h2's switch is not connected here: its endpoints are not judged");
        assertEquals(before - 1, allocated(), "b's address freed");
        List<EventLog.Event> events = log.query(0, EventLog.Severity.WARNING, "endpoint", 10);
        assertEquals(1, events.size());
        assertTrue(events.get(0).message().contains("no port tnb on node h1"), events.get(0).message());
        advance(Duration.ofSeconds(120));
        assertEquals(0, sweeper.look(), "nothing more to reclaim");
    }

    @Test
    void aPortThatGoesIsCountedFromWhenItWentAndASwitchThatLeavesStartsTheCountAgain() {
        ports.put("h1", Set.of("tna", "tnb"));
        ports.put("h2", Set.of("tnc"));
        assertEquals(0, sweeper.look());
        advance(Duration.ofSeconds(100));
        ports.put("h2", Set.of());
        assertEquals(0, sweeper.look(), "c's port just went");
        advance(Duration.ofSeconds(50));
        ports.remove("h2");
        assertEquals(0, sweeper.look(), "h2's switch left: nothing judged there");
        ports.put("h2", Set.of());
        assertEquals(0, sweeper.look(), "h2's switch is back, still without c's port");
        advance(Duration.ofSeconds(30));
        assertEquals(0, sweeper.look(), "back 30 s ago: the count started again");
        advance(Duration.ofSeconds(31));
        assertEquals(1, sweeper.look(), "61 s without c's port since h2's switch came back");
        assertTrue(!exists("c-eth0") && exists("a-eth0") && exists("b-eth0"));
    }
}
