package io.tenet.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.aci.apic.Mo;
import io.tenet.aci.fake.FakeApic;
import io.tenet.aci.mapping.AciMapping;
import io.tenet.controller.api.EventLog;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge against the fake APIC: every assertion reads the fake's object tree. */
class AciBridgeTest {
    private AciTestbed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new AciTestbed();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private Mo on(String dn) {
        Mo mo = bed.apic.get(dn);
        assertNotNull(mo, dn + " is not on the APIC");
        assertEquals(AciMapping.ANNOTATION, mo.attribute("annotation"), dn);
        return mo;
    }

    @Test
    void theTruthTableModelIsMirroredCompletely() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        String t = "uni/tn-tt";
        on(t);
        assertEquals("enforced", on(t + "/ctx-tenet-vrf").attribute("pcEnfPref"));
        assertEquals("tenet-vrf", on(t + "/BD-app/rsctx").attribute("tnFvCtxName"));
        assertEquals("10.36.0.1/24", on(t + "/BD-app/subnet-[10.36.0.1/24]").attribute("ip"));
        String web = t + "/ap-shop/epg-web";
        String client = t + "/ap-shop/epg-client";
        String db = t + "/ap-tenet-default/epg-db";
        for (String epg : new String[] {web, client, db}) {
            assertEquals("app", on(epg + "/rsbd").attribute("tnFvBDName"));
            on(epg + "/rsdomAtt-[uni/phys-tenet-phys]");
            String vlan = on(epg + "/rspathAtt-[topology/pod-1/paths-101/pathep-[eth1/14]]").attribute("encap");
            assertTrue(vlan.matches("vlan-\\d+"), vlan);
            assertEquals(vlan, on(epg + "/rsnodeAtt-[topology/pod-1/node-102]").attribute("encap"));
        }
        // web-in 1: in tcp/80 from client: web provides, client consumes
        assertEquals("tcp", on(t + "/flt-web-in:1/e-rule").attribute("prot"));
        assertEquals("http", on(t + "/flt-web-in:1/e-rule").attribute("dFromPort"));
        assertEquals("permit", on(t + "/brc-web-in:1/subj-rule/rssubjFiltAtt-web-in:1").attribute("action"));
        on(web + "/rsprov-web-in:1");
        on(client + "/rscons-web-in:1");
        // web-in 2: in tcp/22 from anyone, deny: every group of the VRF consumes a deny contract
        assertEquals("deny", on(t + "/brc-web-in:2/subj-rule/rssubjFiltAtt-web-in:2").attribute("action"));
        assertEquals("level1", on(t + "/brc-web-in:2/subj-rule/rssubjFiltAtt-web-in:2").attribute("priorityOverride"));
        on(web + "/rsprov-web-in:2");
        on(t + "/ctx-tenet-vrf/any/rsanyToCons-web-in:2");
        // client-out 1: out udp/53 to db, deny: client consumes, db provides
        on(client + "/rscons-client-out:1");
        on(db + "/rsprov-client-out:1");
        // client-out 2: out tcp/443 to network app: every group of app provides
        for (String epg : new String[] {web, client, db}) {
            on(epg + "/rsprov-client-out:2");
        }
        // db has no defaultDeny: open to the VRF; web and client are not
        on(db + "/rsprov-tenet-open");
        assertNull(bed.apic.get(web + "/rsprov-tenet-open"));
        on(t + "/ctx-tenet-vrf/any/rsanyToCons-tenet-open");
        // the external contract group: client consumes common's contract
        assertEquals("internet", on(client + "/rscons-internet").attribute("tnVzBrCPName"));
        JsonNode view = bed.bridgeView();
        assertEquals(0, view.path("unmapped").size(), view.toString());
        assertEquals(bed.desired().size(), view.path("lastSync").path("created").asInt() + 0, view.toString());
        assertTrue(view.path("apic").path("loggedIn").asBoolean(), view.toString());
        assertFalse(view.path("apic").path("tokenExpiry").asText().isEmpty(), view.toString());
    }

    @Test
    void oneRuleChangedChangesOnlyItsFilterEntry() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        Map<String, Mo> before = bed.tenetObjects();
        int writes = bed.apic.writes();
        int changed = bed.apic.changedObjects();
        int reads = bed.apic.reads();
        bed.ok("POST", "/api/v1/rules/tt:web-in:1/", "{\"policyName\":\"web-in\",\"ruleId\":\"1\",\"tenantName\":"
                + "\"tt\",\"direction\":\"in\",\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":8080,"
                + "\"action\":\"allow\",\"priority\":10}");
        bed.awaitConverged();
        Map<String, Mo> after = bed.tenetObjects();
        Map<String, Mo> differ = new TreeMap<>();
        after.forEach((dn, mo) -> {
            if (!mo.equals(before.get(dn))) {
                differ.put(dn, mo);
            }
        });
        assertEquals(before.keySet(), after.keySet());
        assertEquals(java.util.Set.of("uni/tn-tt/flt-web-in:1/e-rule"), differ.keySet());
        assertEquals("8080", differ.values().iterator().next().attribute("dToPort"));
        assertEquals(1, bed.apic.writes() - writes, "one POST");
        assertEquals(1, bed.apic.changedObjects() - changed, "one object changed on the APIC");
        assertEquals(1, bed.apic.reads() - reads, "one read: the subtree of the tenant the change touched");
    }

    @Test
    void driftOnTheApicIsRepairedByThePeriodicResync() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        String web = "uni/tn-tt/ap-shop/epg-web";
        Map<String, Mo> before = bed.tenetObjects();
        // someone deletes a Tenet group and edits a filter entry by hand on the APIC
        bed.apic.remove(web);
        bed.apic.seed(new Mo("vzEntry", "uni/tn-tt/flt-web-in:1/e-rule", Map.of("name", "rule", "annotation",
                AciMapping.ANNOTATION, "etherT", "ip", "prot", "udp", "dFromPort", "80", "dToPort", "80")));
        bed.bridge().resyncNow();
        bed.awaitConverged();
        assertEquals(before, bed.tenetObjects());
    }

    @Test
    void refusedCredentialsAreNotTriedAgainUntilTheSettingsChange() {
        bed.truthTableModel();
        bed.connect("wrong-Password-1", "");
        AciTestbed.await("the refusal is reported", () -> bed.bridgeView().path("state").asText()
                .startsWith("not connected"));
        int attempts = bed.apic.loginAttempts();
        int syncs = bed.bridgeView().path("syncs").asInt();
        bed.ok("POST", "/api/v1/tenants/more/", "{\"tenantName\":\"more\"}");
        bed.bridge().resyncNow();
        AciTestbed.await("the change and the resync were seen",
                () -> bed.bridgeView().path("syncs").asInt() >= syncs + 1);
        assertEquals(attempts, bed.apic.loginAttempts(), "no login tried with refused credentials");
        assertEquals(1, bed.events.query(0, EventLog.Severity.ERROR, "aci", 100).size());
        bed.connect("");
        bed.awaitConverged();
    }

    @Test
    void aDryRunComputesTheChangesAndSendsNone() {
        bed.truthTableModel();
        bed.connect(",\"dryRun\":true");
        AciTestbed.await("the dry run is reported",
                () -> bed.bridgeView().path("state").asText().startsWith("dry run"));
        assertEquals(0, bed.apic.writes());
        assertEquals(bed.desired().size(), bed.bridgeView().path("lastSync").path("created").asInt());
        assertTrue(bed.tenetObjects().isEmpty());
    }

    @Test
    void aDeletedGroupsObjectsGoAndNothingElse() {
        bed.truthTableModel();
        bed.ok("POST", "/api/v1/endpointGroups/tt:batch/", "{\"groupName\":\"batch\",\"tenantName\":\"tt\","
                + "\"networkName\":\"app\"}");
        // objects of other owners: a tenant, a group beside Tenet's, and a relation under a Tenet group
        bed.apic.seed(new Mo("fvTenant", "uni/tn-ops", Map.of("name", "ops")));
        bed.apic.seed(new Mo("fvAp", "uni/tn-tt/ap-ops", Map.of("name", "ops")));
        bed.apic.seed(new Mo("fvAEPg", "uni/tn-tt/ap-ops/epg-monitor", Map.of("name", "monitor")));
        bed.connect("");
        bed.awaitConverged();
        Map<String, Mo> before = bed.apic.tree();
        String batch = "uni/tn-tt/ap-tenet-default/epg-batch";
        assertTrue(before.containsKey(batch));
        bed.ok("DELETE", "/api/v1/endpointGroups/tt:batch/", null);
        bed.awaitConverged();
        Map<String, Mo> after = bed.apic.tree();
        Map<String, Mo> expected = new TreeMap<>(before);
        expected.keySet().removeIf(dn -> dn.equals(batch) || dn.startsWith(batch + "/"));
        assertEquals(expected, after, "only the group's subtree is gone");
        assertTrue(after.containsKey("uni/tn-ops/") || after.containsKey("uni/tn-ops"));
        assertTrue(after.containsKey("uni/tn-tt/ap-ops/epg-monitor"));
    }

    @Test
    void aTenetObjectHoldingOthersObjectsIsKeptAndItsOwnChildrenGo() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        String db = "uni/tn-tt/ap-tenet-default/epg-db";
        // the fabric's operators bind db on a path of their own
        String theirs = db + "/rspathAtt-[topology/pod-1/paths-103/pathep-[eth1/1]]";
        bed.apic.seed(new Mo("fvRsPathAtt", theirs, Map.of("tDn", "topology/pod-1/paths-103/pathep-[eth1/1]",
                "encap", "vlan-3000")));
        bed.ok("DELETE", "/api/v1/rules/tt:client-out:1/", null);
        bed.ok("DELETE", "/api/v1/rules/tt:client-out:2/", null);
        bed.ok("DELETE", "/api/v1/endpointGroups/tt:db/", null);
        AciTestbed.await("db's own objects are gone and the sync reported", () -> bed.apic.get(db + "/rsbd") == null
                && kept().size() == 1);
        assertNotNull(bed.apic.get(db), "the group stays: it holds an operator's binding");
        assertNotNull(bed.apic.get(theirs));
        assertNull(bed.apic.get(db + "/rsprov-tenet-open"));
        assertNull(bed.apic.get(db + "/rspathAtt-[topology/pod-1/paths-101/pathep-[eth1/14]]"));
        assertEquals(List.of(db), kept());
        assertNotNull(bed.apic.get("uni/tn-tt/ap-shop/epg-web"), "the others stay");
    }

    private List<String> kept() {
        List<String> out = new java.util.ArrayList<>();
        bed.bridgeView().path("lastSync").path("kept").forEach(k -> out.add(k.asText()));
        return out;
    }

    @Test
    void aRestartedControllerWritesNothingWhenNothingChanged() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        int writes = bed.apic.writes();
        int reads = bed.apic.reads();
        bed.restartController();
        AciTestbed.await("the restarted bridge has synced", () -> bed.bridgeView().path("syncs").asInt() >= 1
                && bed.bridgeView().path("state").asText().startsWith("in sync"));
        assertEquals(writes, bed.apic.writes(), "no write after the restart");
        assertTrue(bed.apic.reads() > reads, "it read the APIC back");
        assertEquals(bed.desired(), bed.tenetObjects());
        // and objects of items deleted while it was down are removed
        bed.restartController();
        bed.ok("DELETE", "/api/v1/appProfiles/tt:shop/", null);
        bed.awaitConverged();
        assertNull(bed.apic.get("uni/tn-tt/ap-shop"));
        assertNotNull(bed.apic.get("uni/tn-tt/ap-tenet-default/epg-web"));
    }

    @Test
    void anApicDownForAWhileConvergesWhenBackWithNothingLostOrDuplicated() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        bed.apic.down(true);
        bed.ok("POST", "/api/v1/endpointGroups/tt:batch/", "{\"groupName\":\"batch\",\"tenantName\":\"tt\","
                + "\"networkName\":\"app\"}");
        bed.ok("DELETE", "/api/v1/rules/tt:web-in:2/", null);
        AciTestbed.await("the bridge reports the outage", () -> bed.bridgeView().path("state").asText()
                .startsWith("retrying") && !bed.bridgeView().path("apic").path("reachable").asBoolean());
        assertTrue(bed.bridgeView().path("pendingRetry").asInt() > 0 || bed.bridgeView().path("syncs").asInt() > 1);
        assertEquals(1, bed.events.query(0, EventLog.Severity.WARNING, "aci", 100).size(), "the outage, told once");
        int changed = bed.apic.changedObjects();
        bed.apic.down(false);
        bed.awaitConverged();
        int created = (int) bed.desired().keySet().stream().filter(dn -> dn.contains("epg-batch")).count();
        // the batch group's objects, plus the deletion of rule 2's filter and contract trees (5 objects each
        // counted as the APIC removes them) and its relations
        assertTrue(bed.apic.changedObjects() - changed >= created, "everything was sent");
        assertNull(bed.apic.get("uni/tn-tt/brc-web-in:2"));
        assertEquals(bed.desired(), bed.tenetObjects());
        assertTrue(bed.events.query(0, EventLog.Severity.INFO, "aci", 100).stream()
                .anyMatch(e -> e.message().equals("APIC in sync again")));
    }

    @Test
    void aTokenThatExpiresMidSyncIsReplacedByOneLoginAndTheSyncCompletes() {
        bed.truthTableModel();
        bed.connect("");
        bed.awaitConverged();
        int logins = bed.apic.logins();
        int rejected = bed.apic.rejectedTokens();
        // a full resync reads 21 classes: the token stops working after the fifth, and the model changes meanwhile
        bed.apic.expireTokensAfterReads(5);
        int syncs = bed.bridgeView().path("syncs").asInt();
        bed.bridge().resyncNow();
        bed.scaleModel(1, 3, 2);
        AciTestbed.await("the resync ran", () -> bed.bridgeView().path("syncs").asInt() > syncs);
        bed.awaitConverged();
        assertEquals(1, bed.apic.rejectedTokens() - rejected, "one request met the expired token");
        assertEquals(logins + 1, bed.apic.logins(), "one login replaced it");
    }

    @Test
    void aValidationErrorOnOneObjectDoesNotBlockTheOthers() {
        bed.truthTableModel();
        String web = "uni/tn-tt/ap-shop/epg-web";
        bed.apic.refuse(web, "801", "property name of " + web + " failed validation");
        bed.connect("");
        AciTestbed.await("the refusal is reported", () -> bed.bridgeView().path("lastSync").path("errors").size() == 1);
        JsonNode error = bed.bridgeView().path("lastSync").path("errors").path(0);
        assertEquals(web, error.path("dn").asText());
        assertEquals("801", error.path("code").asText());
        Map<String, Mo> desired = bed.desired();
        Map<String, Mo> expected = new TreeMap<>(desired);
        expected.keySet().removeIf(dn -> dn.equals(web) || dn.startsWith(web + "/"));
        assertEquals(expected, bed.tenetObjects(), "everything but web and what lies under it");
        List<EventLog.Event> refusals = bed.events.query(0, EventLog.Severity.ERROR, "aci", 100);
        assertEquals(1, refusals.size(), refusals.toString());
        assertEquals(web, refusals.get(0).subject());
        assertTrue(refusals.get(0).message().contains("801"), refusals.toString());
        assertTrue(bed.bridgeView().path("pendingRetry").asInt() > 0, "web's children wait for it");
        // not sent again while it stays the same: a change elsewhere sends only that change
        int writes = bed.apic.writes();
        bed.ok("POST", "/api/v1/tenants/other/", "{\"tenantName\":\"other\"}");
        AciTestbed.await("the new tenant is made", () -> bed.apic.get("uni/tn-other/ctx-tenet-vrf") != null);
        assertEquals(1, bed.apic.writes() - writes, "one POST, for the new tenant; web was not sent again");
        AciTestbed.await("the sync is reported", () -> bed.bridgeView().path("lastSync").path("errors").size() == 1);
        assertEquals(1, bed.events.query(0, EventLog.Severity.ERROR, "aci", 100).size(), "told once");
        // fixed on the APIC's side: the periodic resync sends it again, and it goes through with its children
        bed.apic.accept(web);
        bed.bridge().resyncNow();
        bed.awaitConverged();
    }
}
