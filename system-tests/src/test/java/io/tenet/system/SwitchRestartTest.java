package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.Api;
import io.tenet.testbed.SwitchFaults;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A host's Open vSwitch daemons crash and come back while containers talk across hosts: after ovs-vswitchd
 * (whose userspace datapath loses every flow and group) the controller sees the switch reconnect and puts the
 * whole pipeline back; after ovsdb-server no packet is lost and nothing is rewritten. Asserted on the switch's
 * tables (equal to what they were), on policy (still enforced, never open) and on a continuous ping's losses.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchRestartTest {
    private static final String TENANT = "sr";
    private static final String NET = "n1";
    private static final Duration BACK = Duration.ofSeconds(30);
    private Testbed tb;
    private Container web;
    private Container db;
    private Container other;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(2);
        Api api = tb.api();
        api.createTenant(TENANT);
        api.createNetwork(TENANT, NET, "10.62.0.0/24", "10.62.0.254");
        api.createGroup(TENANT, "web", NET, null, false);
        api.createGroup(TENANT, "other", NET, null, false);
        api.createPolicy(TENANT, "p-db");
        api.mustPost("/api/v1/rules/" + TENANT + ":p-db:1/", "{\"direction\":\"in\",\"priority\":10,"
                + "\"fromEndpointGroup\":\"web\",\"protocol\":\"icmp\",\"action\":\"allow\"}");
        api.createGroup(TENANT, "db", NET, "p-db", true);
        web = tb.addContainer(tb.host(0), TENANT, NET, "web");
        other = tb.addContainer(tb.host(0), TENANT, NET, "other");
        db = tb.addContainer(tb.host(1), TENANT, NET, "db");
        assertTrue(tb.pingWithin(web, db.ip(), BACK), "web reaches db across hosts");
        assertFalse(tb.ping(other, db.ip()), "other does not reach db");
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** The switch's flows (without counters) and groups, sorted: what a restart must give back. */
    private String tables(Host h) {
        String flows = Arrays.stream(tb.ofctl(h, "dump-flows", "br-int", "--no-stats").split("\n"))
                .map(String::strip).filter(l -> l.startsWith("cookie=")).sorted().collect(Collectors.joining("\n"));
        String groups = Arrays.stream(tb.ofctl(h, "dump-groups", "br-int").split("\n")).map(String::strip)
                .filter(l -> l.startsWith("group_id=")).sorted().collect(Collectors.joining("\n"));
        return flows + "\n" + groups;
    }

    @Test
    @Order(1)
    void afterVswitchdCrashesTheWholePipelineComesBackAndTrafficResumes() throws IOException {
        Host h = db.host();
        String before = tables(h);
        assertTrue(before.contains("cookie=0x7e"), before);
        SwitchFaults.Outage o = SwitchFaults.vswitchdCrash(h, web, db);
        System.out.println("ovs-vswitchd crash: " + o);
        assertTrue(o.ping().lost() > 0, "the crash did stop the datapath: " + o);
        assertTrue(o.reconnectToTrafficMs() >= 0, "traffic came back after the reconnect, not before: " + o);
        Poll.require(BACK, "the switch's going in the event log", () -> {
            for (JsonNode e : tb.api().get("/api/v1/events/?source=switch&severity=warning").body()) {
                if (e.path("message").asText().startsWith("disconnected") && e.path("message").asText()
                        .contains("node " + tb.nodeName(h))) {
                    return true;
                }
            }
            return false;
        });
        Poll.require(BACK, "the switch's tables as they were", () -> tables(h).equals(before));
        assertTrue(tb.ping(web, db.ip()), "policy's allow restored");
        assertFalse(tb.ping(other, db.ip()), "policy's default deny restored (never open)");
        Container late = tb.addContainer(h, TENANT, NET, "db");
        assertTrue(tb.pingWithin(web, late.ip(), BACK), "a container added after the restart is reached");
    }

    @Test
    @Order(2)
    void afterOvsdbServerCrashesNoPacketIsLostAndNothingIsRewritten() throws IOException {
        Host h = db.host();
        String before = tables(h);
        long flowMods = flowModsSent(h);
        SwitchFaults.Outage o = SwitchFaults.ovsdbCrash(h, web, db);
        System.out.println("ovsdb-server crash: " + o);
        assertEquals(0, o.ping().lost(), "no ping lost: " + o);
        assertEquals(before, tables(h), "tables untouched");
        assertEquals(flowMods, flowModsSent(h), "nothing rewritten");
        Container late = tb.addContainer(h, TENANT, NET, "db");
        assertTrue(tb.pingWithin(web, late.ip(), BACK), "a container plugged in through the new ovsdb-server");
    }

    private long flowModsSent(Host h) {
        for (JsonNode sw : tb.api().get("/api/v1/switches/").body()) {
            if (sw.path("nodeName").asText().equals(tb.nodeName(h))) {
                return sw.path("flowModsSent").asLong();
            }
        }
        throw new IllegalStateException("no switch of " + tb.nodeName(h));
    }
}
