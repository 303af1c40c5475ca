package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * CNI 1.1's GC and STATUS through the real tenet-cni: GC frees the endpoints (addresses) and removes the host ends
 * (veth, br-int port) of the attachments the runtime no longer lists, including a host end the controller has
 * lost, and touches nothing of another CNI network's or of the valid attachments; bad GC input changes nothing;
 * STATUS answers 0 while an ADD can be served and the spec's code 50 while the controller is down.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CniGcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "g";
    private static final String NET = "net";
    private Testbed tb;
    private Host h;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(1);
        h = tb.host(0);
        tb.api().createTenant(TENANT);
        tb.api().createNetwork(TENANT, NET, "10.64.0.0/24", "10.64.0.254");
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** The netconf of CNI network {@code name} (1.1.0), with the GC list when {@code valid} is not null. */
    private String netconf(String name, String valid) {
        String base = tb.netconf(TENANT, NET).replace("\"cniVersion\":\"1.0.0\"", "\"cniVersion\":\"1.1.0\"")
                .replace("\"name\":\"tenet\"", "\"name\":\"" + name + "\"");
        return valid == null ? base : base.substring(0, base.length() - 1) + ",\"cni.dev/valid-attachments\":"
                + valid + "}";
    }

    private static String attachment(Container c) {
        return "{\"containerID\":\"" + c.containerId() + "\",\"ifname\":\"eth0\"}";
    }

    private Sh.Result gc(String name, String valid) {
        return tb.cni(h, "GC", "", "", "", netconf(name, valid), null);
    }

    /** Endpoint ids at the controller, and the host's container ports on br-int. */
    private Set<String> endpoints() {
        Set<String> out = new TreeSet<>();
        tb.api().get("/api/v1/endpoints/").body().forEach(e -> out.add(e.path("endpointID").asText()));
        return out;
    }

    private Set<String> ports() {
        Set<String> out = new TreeSet<>();
        for (String p : tb.vsctl(h, "list-ports", "br-int").split("\n")) {
            if (p.startsWith("tn")) {
                out.add(p);
            }
        }
        return out;
    }

    private String hostEnd(Container c) {
        return tb.vsctl(h, "--bare", "--columns=name", "find", "interface", "external_ids:tenet-endpoint="
                + c.containerId() + "-eth0").strip();
    }

    private int allocated() {
        return tb.api().allocatedAddresses(TENANT, NET);
    }

    @Test
    @Order(1)
    void gcRemovesWhatTheRuntimeNoLongerListsAndNothingElse() {
        Container a = tb.addContainer(h, TENANT, NET);
        Container b = tb.addContainer(h, TENANT, NET);
        Container stale = tb.addContainer(h, TENANT, NET);
        Container lost = tb.addContainer(h, TENANT, NET);
        String lostPort = hostEnd(lost);
        // The controller lost this one's endpoint (as after a shim died between its calls): only its host end is left.
        int deleted = tb.api().delete("/api/v1/endpoints/" + lost.containerId() + "-eth0/").status();
        assertEquals(2, deleted / 100, "status " + deleted);
        // Another CNI network's attachment, which this network's GC must not touch.
        String otherId = tb.prefix() + "-other";
        tb.addNs(otherId);
        Sh.Result other = tb.cni(h, "ADD", otherId, "/var/run/netns/" + otherId, "eth0", netconf("tenet-b", null),
                null);
        assertTrue(other.ok(), other.out());
        int before = allocated();
        String staleEnd = hostEnd(stale);
        assertTrue(ports().contains(staleEnd) && ports().contains(lostPort), ports().toString());

        Sh.Result r = gc("tenet", "[" + attachment(a) + "," + attachment(b) + "]");
        assertTrue(r.ok(), r.out() + r.err());

        Set<String> eps = endpoints();
        assertTrue(eps.contains(a.containerId() + "-eth0") && eps.contains(b.containerId() + "-eth0"), eps.toString());
        assertTrue(eps.contains(otherId + "-eth0"), "another network's endpoint kept: " + eps);
        assertFalse(eps.contains(stale.containerId() + "-eth0"), "the stale endpoint freed: " + eps);
        assertEquals(before - 1, allocated(), "its address back in the pool");
        assertFalse(ports().contains(staleEnd), "the stale host end removed: " + ports());
        assertFalse(ports().contains(lostPort), "the host end the controller had lost removed: " + ports());
        assertFalse(Sh.run(Sh.inNs(h.ns(), "ip", "link", "show", lostPort)).ok(), "its veth removed");
        assertTrue(ports().contains(hostEnd(a)) && ports().contains(hostEnd(b)), ports().toString());
        assertTrue(tb.pingWithin(a, b.ip(), Duration.ofSeconds(10)), "the valid attachments still work");
        // GC again with the same list: nothing more to do.
        assertTrue(gc("tenet", "[" + attachment(a) + "," + attachment(b) + "]").ok());
        assertEquals(eps, endpoints());
    }

    @Test
    @Order(2)
    void badGcInputIsRefusedAndRemovesNothing() throws Exception {
        Set<String> eps = endpoints();
        Set<String> ports = ports();
        for (String[] c : new String[][] {{"tenet", null}, {"tenet", "{}"}, {"tenet", "[{\"containerID\":1}]"},
            {"", "[]"}}) {
            Sh.Result r = c[0].isEmpty() ? tb.cni(h, "GC", "", "", "", netconf("x", "[]").replace("\"name\":\"x\",", ""),
                    null) : gc(c[0], c[1]);
            assertFalse(r.ok(), r.out());
            JsonNode e = JSON.readTree(r.out());
            assertEquals(7, e.path("code").asInt(), r.out());
            assertEquals(eps, endpoints());
            assertEquals(ports, ports());
        }
    }

    @Test
    @Order(3)
    void statusIsReadyWhileTheControllerAnswersAndCode50WhileItIsDown() throws Exception {
        Sh.Result up = tb.cni(h, "STATUS", "", "", "", netconf("tenet", null), null);
        assertTrue(up.ok(), up.out() + up.err());
        assertEquals("", up.out().strip());
        tb.killController();
        try {
            Sh.Result down = tb.cni(h, "STATUS", "", "", "", netconf("tenet", null), null);
            assertFalse(down.ok());
            JsonNode e = JSON.readTree(down.out());
            assertEquals(50, e.path("code").asInt(), down.out());
            assertTrue(e.path("msg").asText().contains("controller"), down.out());
        } finally {
            tb.startController();
        }
        Poll.require(Duration.ofSeconds(30), "ready again", () -> tb.cni(h, "STATUS", "", "", "",
                netconf("tenet", null), null).ok());
        JsonNode version = JSON.readTree(tb.cni(h, "VERSION", "", "", "", "{\"cniVersion\":\"1.1.0\"}", null).out());
        assertTrue(version.path("supportedVersions").toString().contains("\"1.1.0\""), version.toString());
    }
}
