package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code netprofiles} as netctl writes them, named by groups, and every bad value refused naming its field: rates,
 * DSCP, burst, a group naming a missing profile, and deleting a profile a group names.
 */
class NetProfileApiTest extends RestApiHttpTestBase {
    private static final String PATH = "/api/v1/netprofiles/t9:gold/";

    @Test
    void netctlBodyWorksAndGroupsNameTheProfile() {
        JsonNode p = ok(post(PATH, "{\"DSCP\":46,\"bandwidth\":\"10Mbps\",\"burst\":64,\"key\":\"t9:gold\","
                + "\"profileName\":\"gold\",\"tenantName\":\"t9\",\"link-sets\":{},\"links\":{\"Tenant\":{}}}")).body();
        assertEquals("10Mbps", p.path("bandwidth").asText());
        assertEquals(46, p.path("DSCP").asInt());
        ok(post("/api/v1/endpointGroups/t9:g/", "{\"networkName\":\"n1\",\"netProfile\":\"gold\"}"));
        JsonNode oper = ok(send("GET", "/api/v1/inspect/netprofiles/t9:gold/", null)).body().path("Oper");
        assertEquals(10_000, oper.path("bandwidthKbps").asLong());
        assertEquals("g", oper.path("endpointGroups").path(0).asText());
        assertEquals("1gbps", ok(post(PATH, "{\"bandwidth\":\"1gbps\"}")).body().path("bandwidth").asText());
        assertEquals(1_000_000, ok(send("GET", "/api/v1/inspect/netprofiles/t9:gold/", null)).body().path("Oper")
                .path("bandwidthKbps").asLong());
        ok(post(PATH, "{\"bandwidth\":\"500 kbps\"}"));
        assertEquals(500, ok(send("GET", "/api/v1/inspect/netprofiles/t9:gold/", null)).body().path("Oper")
                .path("bandwidthKbps").asLong());
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        refused(400, "bandwidth", "POST", PATH, "{\"bandwidth\":\"fast\"}");
        refused(400, "bandwidth", "POST", PATH, "{\"bandwidth\":\"10 Tbps\"}");
        refused(400, "bandwidth", "POST", PATH, "{\"bandwidth\":\"0mbps\"}");
        refused(400, "bandwidth", "POST", PATH, "{\"bandwidth\":\"5000gbps\"}");
        refused(400, "DSCP", "POST", PATH, "{\"DSCP\":64}");
        refused(400, "DSCP", "POST", PATH, "{\"DSCP\":-1}");
        refused(400, "burst", "POST", PATH, "{\"burst\":-5}");
        refused(400, "tenantName", "POST", "/api/v1/netprofiles/nobody:gold/", "{}");
        refused(400, "netProfile", "POST", "/api/v1/endpointGroups/t9:g/", "{\"networkName\":\"n1\",\"netProfile\":\"none\"}");
        ok(post(PATH, "{\"bandwidth\":\"10Mbps\"}"));
        ok(post("/api/v1/endpointGroups/t9:g/", "{\"networkName\":\"n1\",\"netProfile\":\"gold\"}"));
        refused(409, "profileName", "DELETE", PATH, null);
    }
}
