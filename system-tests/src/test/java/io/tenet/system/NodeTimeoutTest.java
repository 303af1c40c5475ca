package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The node timeout on a real controller ({@code --node-timeout PT6S}): a host whose switch leaves the controller
 * and comes back within it keeps its endpoints and traffic; one that stays away longer has them reclaimed (their
 * addresses freed, an event), and once back, CNI GC clears the host ends left behind and new containers work.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final String TENANT = "nt";
    private static final String NET = "net";
    private Testbed tb;
    private Container a;
    private Container b;
    private Host away;
    private String controller;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(2, TIMEOUT);
        tb.api().createTenant(TENANT);
        tb.api().createNetwork(TENANT, NET, "10.67.0.0/24", "10.67.0.254");
        a = tb.addContainer(tb.host(0), TENANT, NET);
        b = tb.addContainer(tb.host(1), TENANT, NET);
        away = tb.host(1);
        controller = tb.vsctl(away, "get-controller", "br-int").strip();
        assertTrue(tb.pingWithin(a, b.ip(), Duration.ofSeconds(20)));
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private boolean connected(Host h) {
        for (JsonNode sw : tb.api().get("/api/v1/switches/").body()) {
            if (sw.path("nodeName").asText().equals(tb.nodeName(h))) {
                return true;
            }
        }
        return false;
    }

    private boolean hasEndpoint(Container c) {
        return tb.api().get("/api/v1/endpoints/" + c.containerId() + "-eth0/").status() == 200;
    }

    @Test
    @Order(1)
    void aNodeBackWithinTheTimeoutKeepsItsEndpoints() {
        tb.vsctl(away, "del-controller", "br-int");
        Poll.require(Duration.ofSeconds(10), "the switch gone", () -> !connected(away));
        long gone = System.nanoTime();
        // Back after half the timeout (as a short outage would be), measured from when the controller saw it go.
        Poll.require(Duration.ofSeconds(10), "half the timeout", () -> System.nanoTime() - gone
                > TIMEOUT.toNanos() / 2);
        tb.vsctl(away, "set-controller", "br-int", controller);
        Poll.require(Duration.ofSeconds(10), "the switch back", () -> connected(away));
        Poll.require(Duration.ofSeconds(10), "past the timeout since it went", () -> System.nanoTime() - gone
                > TIMEOUT.toNanos() + Duration.ofSeconds(2).toNanos());
        assertTrue(hasEndpoint(b), "the endpoint kept");
        assertTrue(tb.pingWithin(a, b.ip(), Duration.ofSeconds(10)));
    }

    @Test
    @Order(2)
    void aNodeAwayLongerLosesThemAndGcClearsItsHostEndsWhenItReturns() {
        int before = tb.api().allocatedAddresses(TENANT, NET);
        tb.vsctl(away, "del-controller", "br-int");
        Poll.require(Duration.ofSeconds(30), "the away node's endpoint reclaimed", () -> !hasEndpoint(b));
        assertTrue(hasEndpoint(a), "the other node's endpoint kept");
        assertEquals(before - 1, tb.api().allocatedAddresses(TENANT, NET), "its address freed");
        boolean reported = false;
        for (JsonNode e : tb.api().get("/api/v1/events/?source=node").body()) {
            reported |= e.path("subject").asText().equals(tb.nodeName(away)) && e.path("message").asText()
                    .contains("1 endpoint(s) reclaimed");
        }
        assertTrue(reported, "the event log says so");
        tb.vsctl(away, "set-controller", "br-int", controller);
        Poll.require(Duration.ofSeconds(10), "the switch back", () -> connected(away));
        // The runtime knows the container is gone with its endpoint: GC with no valid attachment clears the host.
        String gc = tb.netconf(TENANT, NET).replace("\"cniVersion\":\"1.0.0\"", "\"cniVersion\":\"1.1.0\"");
        Sh.Result r = tb.cni(away, "GC", "", "", "", gc.substring(0, gc.length() - 1)
                + ",\"cni.dev/valid-attachments\":[]}", null);
        assertTrue(r.ok(), r.out() + r.err());
        assertTrue(tb.vsctl(away, "list-ports", "br-int").lines().noneMatch(p -> p.startsWith("tn")),
                tb.vsctl(away, "list-ports", "br-int"));
        Container c = tb.addContainer(away, TENANT, NET);
        assertTrue(tb.pingWithin(a, c.ip(), Duration.ofSeconds(20)), "a new container on the returned node works");
    }
}
