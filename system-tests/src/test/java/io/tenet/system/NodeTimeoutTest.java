package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.ControllerOptions;
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
 * With {@code --port-timeout PT4S}: an endpoint that a CNI ADD created but never gave a port (the plugin died in
 * between) is reclaimed, while those with their port, and one made through the REST API alone, stay.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(6);
    private static final Duration PORT_TIMEOUT = Duration.ofSeconds(4);
    private static final String TENANT = "nt";
    private static final String NET = "net";
    private Testbed tb;
    private Container a;
    private Container b;
    private Host away;
    private String controller;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(2, Testbed.Backend.STANDALONE, ControllerOptions.DEFAULTS.withNodeTimeout(TIMEOUT)
                .withPortTimeout(PORT_TIMEOUT));
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

    @Test
    @Order(3)
    void anEndpointWhoseAddNeverAttachedItsPortIsReclaimed() {
        Host h = tb.host(0);
        int before = tb.api().allocatedAddresses(TENANT, NET);
        // What a plugin that died after creating the endpoint and before making the interface leaves behind.
        tb.api().mustPost("/api/v1/endpoints/half-eth0/", "{\"tenantName\":\"" + TENANT + "\",\"networkName\":\""
                + NET + "\",\"homingHost\":\"" + tb.nodeName(h) + "\",\"intfName\":\"tnhalf\",\"containerID\":"
                + "\"half\",\"attributes\":{\"CNI_IFNAME\":\"eth0\"}}");
        tb.api().mustPost("/api/v1/endpoints/byhand-eth0/", "{\"tenantName\":\"" + TENANT + "\",\"networkName\":\""
                + NET + "\",\"homingHost\":\"" + tb.nodeName(h) + "\",\"intfName\":\"tnbyhand\"}");
        assertEquals(before + 2, tb.api().allocatedAddresses(TENANT, NET));
        Poll.require(Duration.ofSeconds(20), "the half-made endpoint reclaimed",
                () -> tb.api().get("/api/v1/endpoints/half-eth0/").status() == 404);
        assertEquals(before + 1, tb.api().allocatedAddresses(TENANT, NET), "its address freed");
        JsonNode events = tb.api().get("/api/v1/events/?source=endpoint").body();
        assertTrue(events.toString().contains("no port tnhalf"), events.toString());
        assertTrue(hasEndpoint(a), "a container with its port keeps its endpoint");
        assertEquals(200, tb.api().get("/api/v1/endpoints/byhand-eth0/").status(), "made through the API alone");
        assertEquals(200, tb.api().delete("/api/v1/endpoints/byhand-eth0/").status());
        assertTrue(tb.pingWithin(a, tb.addContainer(h, TENANT, NET).ip(), Duration.ofSeconds(10)),
                "traffic on the host as before");
    }
}
