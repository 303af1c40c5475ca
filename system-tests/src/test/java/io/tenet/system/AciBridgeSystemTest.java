package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.aci.fake.FakeApic;
import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ACI mode on two hosts: each group's members' packets carry the group's own VLAN on the uplink, and the ACI
 * bridge in the standalone controller (found on its class path, as an operator installs it) mirrors the model to
 * the fake APIC with those VLANs in its path bindings; the controller killed and started again writes nothing to
 * the APIC because nothing changed, and keeps mirroring what changes afterwards.
 */
@Tag("system")
class AciBridgeSystemTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Testbed tb;
    private static FakeApic apic;

    @BeforeAll
    static void setUp() throws Exception {
        apic = new FakeApic(Clock.systemUTC());
        apic.addUser("tenet", "pw-Tenet-1");
        tb = TestbedSupport.start(2);
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
        if (apic != null) {
            apic.close();
        }
    }

    private static JsonNode bridge() {
        return tb.api().get("/api/v1/inspect/aciGws/aciGw/").body().path("Oper").path("bridge");
    }

    private static int groupVlan(String group) {
        return tb.api().get("/api/v1/inspect/endpointGroups/ac:" + group + "/").body().path("Oper").path("pktTag")
                .asInt();
    }

    private static boolean seen(Capture c, int vlan, Container from, Container to, String kind) {
        return c.lines().stream().anyMatch(l -> l.contains("vlan " + vlan) && l.contains(from.ip() + " > " + to.ip())
                && l.contains(kind));
    }

    @Test
    void theStandaloneControllerMirrorsTheModelAndARestartWritesNothing() throws Exception {
        tb.api().mustPost("/api/v1/globals/global/", "{\"name\":\"global\",\"networkInfraType\":\"aci\"}");
        tb.api().createTenant("ac");
        tb.api().createNetwork("ac", "app", "vlan", "10.61.0.0/24", "10.61.0.1");
        tb.api().createPolicy("ac", "web-in");
        tb.api().createGroup("ac", "web", "app", "web-in", true);
        tb.api().createGroup("ac", "client", "app", null, false);
        tb.api().mustPost("/api/v1/rules/ac:web-in:1/", "{\"policyName\":\"web-in\",\"ruleId\":\"1\",\"tenantName\":"
                + "\"ac\",\"direction\":\"in\",\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":80,"
                + "\"action\":\"allow\",\"priority\":10}");
        tb.api().mustPost("/api/v1/aciGws/aciGw/", "{\"name\":\"aciGw\",\"pathBindings\":"
                + "\"topology/pod-1/paths-101/pathep-[eth1/14]\",\"physicalDomain\":\"tenet-phys\","
                + "\"apicUrls\":[\"" + apic.url() + "\"],\"apicUsername\":\"tenet\",\"apicPassword\":\"pw-Tenet-1\","
                + "\"apicCaCert\":" + new ObjectMapper().valueToTree(apic.caPem()) + "}");
        String web = "uni/tn-ac/ap-tenet-default/epg-web";
        Poll.require(WAIT, () -> "the model on the APIC; bridge: " + bridge(), () -> apic.get(web + "/rsprov-web-in:1")
                != null && apic.get("uni/tn-ac/ap-tenet-default/epg-client/rscons-web-in:1") != null
                && bridge().path("state").asText().equals("in sync"));
        int webVlan = groupVlan("web");
        int clientVlan = groupVlan("client");
        assertTrue(webVlan != clientVlan && webVlan > 0 && clientVlan > 0, webVlan + " " + clientVlan);
        assertEquals("vlan-" + webVlan, apic.get(web + "/rspathAtt-[topology/pod-1/paths-101/pathep-[eth1/14]]")
                .attribute("encap"));
        assertEquals("vlan-" + clientVlan, apic.get("uni/tn-ac/ap-tenet-default/epg-client/rspathAtt-[topology/pod-1"
                + "/paths-101/pathep-[eth1/14]]").attribute("encap"));
        assertEquals("http", apic.get("uni/tn-ac/flt-web-in:1/e-rule").attribute("dFromPort"));
        assertTrue(bridge().path("apic").path("loggedIn").asBoolean(), bridge().toString());

        // the datapath: each group's packets leave their host with the group's own VLAN
        Container w = tb.addContainer(tb.host(0), "ac", "app", "web");
        Container c = tb.addContainer(tb.host(1), "ac", "app", "client");
        try (Capture atWeb = Capture.start(tb.dir(), w.host().ns(), "eth1", "vlan " + webVlan + " and icmp");
                Capture atClient = Capture.start(tb.dir(), c.host().ns(), "eth1", "vlan " + clientVlan + " and icmp")) {
            assertTrue(tb.pingWithin(w, c.ip(), Duration.ofSeconds(10)), "web -> client across hosts");
            Poll.require(Duration.ofSeconds(5), () -> "web's echo request with vlan " + webVlan + " on its uplink ("
                    + atWeb.lines() + ") and client's reply with vlan " + clientVlan + " on its own ("
                    + atClient.lines() + ")", () -> seen(atWeb, webVlan, w, c, "echo request")
                            && seen(atClient, clientVlan, c, w, "echo reply"));
        }

        // the controller's event log tells the switches that connected and the model's writes
        Poll.require(WAIT, () -> "both switches in the event log: " + tb.api().get("/api/v1/events/?source=switch"),
                () -> {
                    JsonNode events = tb.api().get("/api/v1/events/?source=switch").body();
                    int connected = 0;
                    for (JsonNode e : events) {
                        connected += e.path("message").asText().startsWith("connected") ? 1 : 0;
                    }
                    return connected == 2;
                });
        boolean ruleWritten = false;
        for (JsonNode e : tb.api().get("/api/v1/events/?source=model&limit=1000").body()) {
            ruleWritten |= e.path("subject").asText().equals("rules/ac:web-in:1");
        }
        assertTrue(ruleWritten, "the rule's write is in the event log");

        int writes = apic.writes();
        int reads = apic.reads();
        tb.killController();
        tb.startController();
        Poll.require(WAIT, () -> "the restarted controller's bridge in sync: " + bridge(), () -> {
            JsonNode b = bridge();
            return b.path("syncs").asInt() >= 1 && b.path("state").asText().equals("in sync");
        });
        assertEquals(writes, apic.writes(), "no write after the restart");
        assertTrue(apic.reads() > reads, "the restarted bridge read the APIC back");

        tb.api().mustPost("/api/v1/rules/ac:web-in:1/", "{\"policyName\":\"web-in\",\"ruleId\":\"1\",\"tenantName\":"
                + "\"ac\",\"direction\":\"in\",\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":8443,"
                + "\"action\":\"allow\",\"priority\":10}");
        Poll.require(WAIT, "the changed rule on the APIC", () -> "8443".equals(apic.get("uni/tn-ac/flt-web-in:1/e-rule")
                .attribute("dFromPort")));
        assertEquals(writes + 1, apic.writes(), "one write for one rule");
        assertNotNull(apic.get(web));
    }
}
