package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.controller.api.Global;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.embedded.MvStore;
import org.junit.jupiter.api.Test;

/**
 * {@code globals}: Contiv's defaults on a fresh store, netctl's {@code global set} body, the guards that keep the
 * forwarding mode and tag pools fixed while networks exist, tags allocated from and checked against the pools,
 * the tags in use in inspect, and every bad value refused naming its field without changing anything.
 */
class GlobalsApiTest extends RestApiHttpTestBase {
    private static final String PATH = "/api/v1/globals/global/";

    private void deleteNetwork() {
        ok(send("DELETE", "/api/v1/networks/t9:n1/", null));
    }

    @Test
    void aFreshStoreHoldsContivsDefaults() {
        try (MvStore fresh = MvStore.inMemory()) {
            ModelManager m = new ModelManager(fresh);
            assertEquals(Global.DEFAULT,
                    m.snapshot().get(ModelCollections.GLOBALS).get("global"));
        }
        JsonNode g = ok(send("GET", PATH, null)).body();
        assertEquals("global", g.path("key").asText());
        assertEquals("bridge", g.path("fwdMode").asText());
        assertEquals("proxy", g.path("arpMode").asText());
        assertEquals("1-4094", g.path("vlans").asText());
        assertEquals("1-10000", g.path("vxlans").asText());
        assertEquals("172.19.0.0/16", g.path("pvtSubnet").asText());
        assertEquals("default", g.path("networkInfraType").asText());
        assertEquals(1, ok(send("GET", "/api/v1/globals/", null)).body().size());
        JsonNode oper = ok(send("GET", "/api/v1/inspect/globals/global/", null)).body().path("Oper");
        assertEquals(1, oper.path("numNetworks").asInt());
        assertEquals("1", oper.path("vxlansInUse").asText(), "the base network took VNI 1");
        assertEquals(2, oper.path("freeVXLANsStart").asInt());
    }

    @Test
    void netctlGlobalSetWorksWithoutNetworksAndTagsComeFromTheNewPools() {
        deleteNetwork();
        ok(post(PATH, "{\"arpMode\":\"flood\",\"fwdMode\":\"routing\",\"key\":\"global\",\"name\":\"global\","
                + "\"networkInfraType\":\"default\",\"pvtSubnet\":\"172.20.0.0/16\",\"vlans\":\"100-199,300\","
                + "\"vxlans\":\"5000-5001\"}"));
        JsonNode g = ok(send("GET", PATH, null)).body();
        assertEquals("routing", g.path("fwdMode").asText());
        assertEquals("flood", g.path("arpMode").asText());
        assertEquals("100-199,300", g.path("vlans").asText());
        // Stored: a model opened on the same store reads them back.
        Global stored = new ModelManager(store).snapshot()
                .get(ModelCollections.GLOBALS).get("global");
        assertEquals("100-199,300", stored.vlans().toString());
        assertEquals(Global.FwdMode.ROUTING, stored.fwdMode());
        ok(post("/api/v1/networks/t9:a/", "{\"subnet\":\"10.1.0.0/24\"}"));
        ok(post("/api/v1/networks/t9:b/", "{\"subnet\":\"10.2.0.0/24\",\"encap\":\"vlan\"}"));
        assertEquals(5000, ok(send("GET", "/api/v1/inspect/networks/t9:a/", null)).body().path("Oper").path("pktTag").asInt());
        assertEquals(100, ok(send("GET", "/api/v1/inspect/networks/t9:b/", null)).body().path("Oper").path("pktTag").asInt());
        ok(post("/api/v1/networks/t9:c/", "{\"subnet\":\"10.3.0.0/24\"}"));
        refused(409, "pktTag", "POST", "/api/v1/networks/t9:d/", "{\"subnet\":\"10.4.0.0/24\"}");
        refused(400, "pktTag", "POST", "/api/v1/networks/t9:d/", "{\"subnet\":\"10.4.0.0/24\",\"encap\":\"vlan\","
                + "\"pktTag\":250}");
        ok(post("/api/v1/networks/t9:d/", "{\"subnet\":\"10.4.0.0/24\",\"encap\":\"vlan\",\"pktTag\":300}"));
        JsonNode oper = ok(send("GET", "/api/v1/inspect/globals/global/", null)).body().path("Oper");
        assertEquals("100,300", oper.path("vlansInUse").asText());
        assertEquals("5000-5001", oper.path("vxlansInUse").asText());
        assertEquals(-1, oper.path("freeVXLANsStart").asInt());
    }

    @Test
    void modesAndPoolsCannotChangeWhileNetworksExist() {
        refused(409, "fwdMode", "POST", PATH, "{\"fwdMode\":\"routing\"}");
        refused(409, "vlans", "POST", PATH, "{\"vlans\":\"1-100\"}");
        refused(409, "vxlans", "POST", PATH, "{\"vxlans\":\"1-20000\"}");
        refused(409, "networkInfraType", "POST", PATH, "{\"networkInfraType\":\"aci\"}");
        // What may change live does.
        assertEquals("flood", ok(post(PATH, "{\"arpMode\":\"flood\",\"nameserver\":\"10.0.0.53\"}")).body()
                .path("arpMode").asText());
        assertEquals("10.0.0.53", ok(send("GET", PATH, null)).body().path("nameserver").asText());
        deleteNetwork();
        assertEquals("routing", ok(post(PATH, "{\"fwdMode\":\"routing\"}")).body().path("fwdMode").asText());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        deleteNetwork();
        refused(400, "vlans", "POST", PATH, "{\"vlans\":\"1-5000\"}");
        refused(400, "vlans", "POST", PATH, "{\"vlans\":\"0-10\"}");
        refused(400, "vlans", "POST", PATH, "{\"vlans\":\"20-10\"}");
        refused(400, "vlans", "POST", PATH, "{\"vlans\":\"1-100,50-60\"}");
        refused(400, "vlans", "POST", PATH, "{\"vlans\":\"one-ten\"}");
        refused(400, "vxlans", "POST", PATH, "{\"vxlans\":\"1-16777216\"}");
        refused(400, "fwdMode", "POST", PATH, "{\"fwdMode\":\"l3\"}");
        refused(400, "arpMode", "POST", PATH, "{\"arpMode\":\"none\"}");
        refused(400, "networkInfraType", "POST", PATH, "{\"networkInfraType\":\"nsx\"}");
        refused(400, "pvtSubnet", "POST", PATH, "{\"pvtSubnet\":\"172.19.0.0\"}");
        refused(400, "nameserver", "POST", PATH, "{\"nameserver\":\"dns.example\"}");
        refused(400, "name", "POST", PATH, "{\"name\":\"other\"}");
        refused(404, "name", "POST", "/api/v1/globals/other/", "{}");
        refused(409, "name", "DELETE", PATH, null);
    }
}
