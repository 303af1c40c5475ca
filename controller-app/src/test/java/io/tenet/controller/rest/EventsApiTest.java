package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.runtime.EventRecorder;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events}: model writes and switches coming, failing and going, as the recorder writes them,
 * with the query parameters; and the log's bound.
 */
class EventsApiTest {
    private MvStore store;
    private ModelManager model;
    private EventLog log;
    private EventRecorder recorder;
    private RestApi api;
    private final List<SwitchStatus> switches = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        store = MvStore.inMemory();
        model = new ModelManager(store);
        log = new EventLog();
        SwitchService service = new SwitchService() {
            @Override
            public List<SwitchStatus> switches() {
                return new ArrayList<>(switches);
            }

            @Override
            public List<InstalledFlow> flows(String node) {
                return List.of();
            }
        };
        recorder = new EventRecorder(model, service, log, Duration.ofMillis(20));
        api = new RestApi(model, service, new OperStatus(), log);
    }

    @AfterEach
    void stop() {
        recorder.close();
        model.close();
        store.close();
    }

    private JsonNode get(String path) {
        ApiResponse r = api.handle("GET", path, new byte[0]);
        assertEquals(200, r.status(), path + ": " + r.body());
        return r.body();
    }

    private void post(String path, String body) {
        ApiResponse r = api.handle("POST", path, body.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.status() / 100 == 2, r.body().toString());
    }

    private static void await(String what, BooleanSupplier c) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private boolean has(String path, String subject, String message) {
        for (JsonNode e : get(path)) {
            if (e.path("subject").asText().equals(subject) && e.path("message").asText().startsWith(message)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void modelWritesAreEventsByCollectionAndKey() {
        post("/api/v1/tenants/t1/", "{}");
        await("created", () -> has("/api/v1/events/", "tenants/t1", "created"));
        post("/api/v1/networks/t1:n/", "{\"subnet\":\"10.7.0.0/24\"}");
        await("the network", () -> has("/api/v1/events/", "networks/t1:n", "created"));
        post("/api/v1/networks/t1:n/", "{\"subnet\":\"10.7.0.0/24\",\"gateway\":\"10.7.0.1\"}");
        await("updated", () -> has("/api/v1/events/", "networks/t1:n", "updated"));
        assertEquals(200, api.handle("DELETE", "/api/v1/networks/t1:n/", new byte[0]).status());
        await("deleted", () -> has("/api/v1/events/", "networks/t1:n", "deleted"));
        JsonNode all = get("/api/v1/events/?source=model");
        assertTrue(all.get(0).path("message").asText().startsWith("model loaded"), all.toString());
        long first = all.get(1).path("seq").asLong();
        // since: only later events; limit: at most that many; one event by its number
        JsonNode later = get("/api/v1/events/?since=" + first + "&limit=1");
        assertEquals(1, later.size());
        assertEquals(first + 1, later.get(0).path("seq").asLong());
        assertEquals(all.get(1).path("subject").asText(), get("/api/v1/events/" + first + "/").path("subject")
                .asText());
        assertEquals(0, get("/api/v1/events/?severity=error").size());
        assertEquals(log.boot(), later.get(0).path("boot").asText(), "each event names the controller's boot");
    }

    @Test
    void switchesConnectingFailingRecoveringAndGoingAreEvents() {
        SwitchStatus ok = new SwitchStatus("0x11", "h1", "10.0.0.1:5000", "OF_14", 10, 0, 0, 10, 10, 1, 0, "");
        switches.add(ok);
        await("connected", () -> has("/api/v1/events/?source=switch", "0x11", "connected"));
        switches.set(0, new SwitchStatus("0x11", "h1", "10.0.0.1:5000", "OF_14", 10, 0, 0, 10, 10, 2, 0,
                "OFPBAC_BAD_OUT_PORT"));
        await("failed", () -> get("/api/v1/events/?severity=error").size() == 1);
        assertTrue(get("/api/v1/events/?severity=error").get(0).path("message").asText().contains("BAD_OUT_PORT"));
        switches.set(0, ok);
        await("recovered", () -> has("/api/v1/events/?source=switch", "0x11", "reconciled again"));
        // Gone and back between two looks: a new connection, from another source port.
        switches.set(0, new SwitchStatus("0x11", "h1", "10.0.0.1:5001", "OF_14", 10, 0, 0, 10, 10, 1, 0, ""));
        await("reconnected", () -> has("/api/v1/events/?severity=warning", "0x11", "disconnected and connected again"
                + " from 10.0.0.1:5001"));
        switches.clear();
        await("gone", () -> has("/api/v1/events/?severity=warning", "0x11", "disconnected"));
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        for (String[] c : new String[][] {{"since=-1", "since"}, {"limit=0", "limit"}, {"limit=1001", "limit"},
            {"severity=loud", "severity"}, {"colour=red", "colour"}, {"since=1&since=2", "since"},
            {"limit=x", "limit"}}) {
            ApiResponse r = api.handle("GET", "/api/v1/events/?" + c[0], new byte[0]);
            assertEquals(400, r.status(), c[0]);
            assertEquals(c[1], r.body().path("field").asText(), c[0] + ": " + r.body());
        }
        assertEquals(404, api.handle("GET", "/api/v1/events/999999/", new byte[0]).status());
        assertEquals(405, api.handle("POST", "/api/v1/events/1/", "{}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void theLogIsBoundedAndCountsWhatItDropped() {
        EventLog small = new EventLog(3, Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            small.append(EventLog.Severity.INFO, "model", "tenants/t" + i, "created");
        }
        List<EventLog.Event> kept = small.query(0, EventLog.Severity.INFO, null, 100);
        assertEquals(List.of(3L, 4L, 5L), kept.stream().map(EventLog.Event::seq).toList());
        assertEquals(2, small.dropped());
        assertFalse(small.query(5, EventLog.Severity.INFO, null, 100).iterator().hasNext());
    }
}
