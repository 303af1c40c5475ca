package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Ports;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A host set up with several controllers, the first of them down: {@code tenet-node init --controller} with a
 * comma-separated list gives the switch one connection per controller (it connects to the one that runs), and
 * {@code --api} with a list lets registration and CNI calls use whichever controller answers. Malformed lists are
 * refused before anything changes.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerListTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Testbed tb;
    private Host h;
    private String deadController;
    private String liveController;
    private String deadApi;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(1);
        h = tb.host(0);
        tb.api().createTenant("cl");
        tb.api().createNetwork("cl", "net", "10.66.0.0/24", "10.66.0.254");
        String mgmt = tb.managementAddress();
        deadController = "tcp:" + mgmt + ":" + Ports.free();
        liveController = "tcp:" + mgmt + ":" + tb.openflowPort();
        deadApi = "http://" + mgmt + ":" + Ports.free();
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private String targets() {
        return tb.vsctl(h, "get-controller", "br-int");
    }

    @Test
    void theSwitchAndTheShimUseWhicheverControllerRuns() throws Exception {
        Sh.Result init = tb.nodeInit(h, deadController + "," + liveController, deadApi + "," + tb.api().base());
        assertTrue(init.ok(), init.out() + init.err());
        String targets = targets();
        assertTrue(targets.contains(deadController) && targets.contains(liveController), targets);
        assertEquals("1000", tb.vsctl(h, "--bare", "--columns=max_backoff", "find", "controller", "target=\""
                + deadController + "\"").strip(), "each controller record has the short back-off");
        Poll.require(Duration.ofSeconds(20), "connected to the running controller", () -> tb.vsctl(h, "--bare",
                "--columns=is_connected", "find", "controller", "target=\"" + liveController + "\"").strip()
                .equals("true"));
        tb.waitForSwitches();
        // A CNI ADD whose netconf lists the dead controller's API first.
        String ns = tb.prefix() + "-cl1";
        tb.addNs(ns);
        String netconf = tb.netconf("cl", "net").replace("\"api\":\"" + tb.api().base() + "\"", "\"api\":\""
                + deadApi + "," + tb.api().base() + "\"");
        Sh.Result add = tb.cni(h, "ADD", ns, "/var/run/netns/" + ns, "eth0", netconf, null);
        assertTrue(add.ok(), add.out() + add.err());
        assertEquals(200, tb.api().get("/api/v1/endpoints/" + ns + "-eth0/").status());
        assertTrue(tb.cni(h, "DEL", ns, "/var/run/netns/" + ns, "eth0", netconf, null).ok());
        assertEquals(404, tb.api().get("/api/v1/endpoints/" + ns + "-eth0/").status());
    }

    @Test
    void malformedListsAreRefusedAndChangeNothing() throws Exception {
        String before = targets();
        for (String[] c : new String[][] {{liveController + ",nonsense", tb.api().base(), "--controller entry"},
            {liveController + ",", tb.api().base(), "--controller entry"},
            {liveController, tb.api().base() + ",ftp://x", "controller API address"}}) {
            Sh.Result r = tb.nodeInit(h, c[0], c[1]);
            assertFalse(r.ok(), String.join(" ", c));
            assertTrue(r.err().contains(c[2]), r.err());
            assertEquals(before, targets(), "the bridge's controllers unchanged");
        }
        String ns = tb.prefix() + "-cl2";
        tb.addNs(ns);
        String netconf = tb.netconf("cl", "net").replace("\"api\":\"" + tb.api().base() + "\"", "\"api\":\"nope\"");
        Sh.Result add = tb.cni(h, "ADD", ns, "/var/run/netns/" + ns, "eth0", netconf, null);
        assertFalse(add.ok());
        assertEquals(7, JSON.readTree(add.out()).path("code").asInt(), add.out());
        assertTrue(add.out().contains("api"), add.out());
    }
}
