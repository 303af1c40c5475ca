package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input is answered with a 4xx JSON error naming the field, and changes nothing: the model's version and
 * contents stay as they were. Requests go over real HTTP to the standalone server.
 */
class RestApiValidationTest extends RestApiHttpTestBase {
    @Test
    void contivClientsGetOneObjectWithItsKey() {
        JsonNode t = ok(send("GET", "/api/v1/tenants/t9/", null)).body();
        assertEquals("t9", t.path("key").asText());
        JsonNode n = ok(send("GET", "/api/v1/networks/t9:n1/", null)).body();
        assertEquals("t9:n1", n.path("key").asText());
        assertEquals("10.9.0.0/24", n.path("subnet").asText());
        JsonNode list = ok(send("GET", "/api/v1/networks/", null)).body();
        assertTrue(list.isArray() && list.size() == 1, list.toString());
        JsonNode inspect = ok(send("GET", "/api/v1/inspect/networks/t9:n1/", null)).body();
        assertEquals("n1", inspect.path("Config").path("networkName").asText());
        assertEquals(1, inspect.path("Oper").path("pktTag").asInt());
        assertEquals("10.9.0.1-10.9.0.253", inspect.path("Oper").path("availableIPAddresses").asText());
        assertEquals(0, inspect.path("Oper").path("numEndpoints").asInt());
    }

    /** The bodies that reached a 500 before: each is a 4xx naming its field, over real HTTP. */
    @Test
    void badBodiesNeverReachAServerError() {
        refused(400, "body", "POST", "/api/v1/tenants/t8/", "{");
        refused(400, "body", "POST", "/api/v1/tenants/t8/", "null");
        refused(400, "body", "POST", "/api/v1/tenants/t8/", "{\"tenantName\":\"t8\"} trailing");
        refused(400, "body", "POST", "/api/v1/tenants/t8/", "{\"tenantName\":\"t8\",\"tenantName\":\"t7\"}");
        refused(400, "tenantName", "POST", "/api/v1/tenants/t8/", "{\"tenantName\":8}");
        refused(400, "subnet", "POST", "/api/v1/networks/t9:n2/", "{\"subnet\":24}");
        ok(post("/api/v1/policys/t9:p1/", "{}"));
        // A null action is Contiv's default: allow.
        assertEquals("allow", ok(post("/api/v1/rules/t9:p1:1/", "{\"direction\":\"in\",\"action\":null}")).body()
                .path("action").asText());
        refused(405, "method", "DELETE", "/api/v1/switches/00:00:00:00:00:00:00:01/", null);
    }

    @Test
    void malformedJson() {
        refused(400, "body", "POST", "/api/v1/networks/t9:n2/", "{\"tenantName\":\"t9\",");
    }

    @Test
    void bodyThatIsNotAnObject() {
        refused(400, "body", "POST", "/api/v1/tenants/t8/", "[1,2]");
    }

    @ParameterizedTest
    @CsvSource({"10.9.1.0/33", "10.9.1/24", "banana", "10.9.1.1/24", "300.1.1.0/24"})
    void invalidCidr(String subnet) {
        refused(400, "subnet", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"" + subnet + "\"}");
    }

    @Test
    void gatewayOutsideTheSubnet() {
        refused(400, "gateway", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"10.8.0.0/24\",\"gateway\":\"10.9.0.1\"}");
    }

    @Test
    void subnetOverlappingAnotherOfTheTenant() {
        refused(409, "subnet", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"10.9.0.128/25\"}");
    }

    @Test
    void overlappingSubnetsInDifferentTenantsAreFine() {
        ok(post("/api/v1/tenants/t10/", "{\"tenantName\":\"t10\"}"));
        ok(post("/api/v1/networks/t10:n1/", "{\"tenantName\":\"t10\",\"networkName\":\"n1\",\"subnet\":\"10.9.0.0/24\"}"));
    }

    @Test
    void unknownTenant() {
        refused(400, "tenantName", "POST", "/api/v1/networks/nobody:n2/",
                "{\"tenantName\":\"nobody\",\"networkName\":\"n2\",\"subnet\":\"10.7.0.0/24\"}");
    }

    @Test
    void bodyNamesThatContradictTheKey() {
        refused(400, "networkName", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"other\",\"subnet\":\"10.7.0.0/24\"}");
    }

    @Test
    void invalidEncapAndTag() {
        refused(400, "encap", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"10.7.0.0/24\",\"encap\":\"gre\"}");
        refused(400, "pktTag", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"10.7.0.0/24\",\"encap\":\"vlan\",\"pktTag\":5000}");
        refused(409, "pktTag", "POST", "/api/v1/networks/t9:n2/",
                "{\"tenantName\":\"t9\",\"networkName\":\"n2\",\"subnet\":\"10.7.0.0/24\",\"pktTag\":1}");
    }

    @Test
    void deletingANetworkThatStillHasEndpoints() {
        ok(post("/api/v1/endpoints/c1-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\",\"homingHost\":\"h1\","
                + "\"intfName\":\"tn0123456789a\",\"containerID\":\"c1\"}"));
        refused(409, "networkName", "DELETE", "/api/v1/networks/t9:n1/", null);
        refused(409, "tenantName", "DELETE", "/api/v1/tenants/t9/", null);
        ok(send("DELETE", "/api/v1/endpoints/c1-eth0/", null));
        ok(send("DELETE", "/api/v1/networks/t9:n1/", null));
        refused(404, "key", "GET", "/api/v1/networks/t9:n1/", null);
    }

    @Test
    void endpointsGetTheLowestFreeAddressAndTheGatewayIsNeverGiven() {
        ok(post("/api/v1/networks/t9:small/", "{\"tenantName\":\"t9\",\"networkName\":\"small\","
                + "\"subnet\":\"10.6.0.0/30\",\"gateway\":\"10.6.0.1\"}"));
        Reply first = post("/api/v1/endpoints/a-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"small\","
                + "\"homingHost\":\"h1\",\"intfName\":\"tnaaaaaaaaaaa\"}");
        assertEquals(201, first.status());
        assertEquals("10.6.0.2", first.body().path("ipAddress").path(0).asText());
        assertEquals("02:02:0a:06:00:02", first.body().path("macAddress").asText());
        Reply repeat = post("/api/v1/endpoints/a-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"small\","
                + "\"homingHost\":\"h1\",\"intfName\":\"tnaaaaaaaaaaa\"}");
        assertEquals(200, repeat.status());
        assertEquals("10.6.0.2", repeat.body().path("ipAddress").path(0).asText());
        refused(409, "networkName", "POST", "/api/v1/endpoints/b-eth0/", "{\"tenantName\":\"t9\","
                + "\"networkName\":\"small\",\"homingHost\":\"h1\",\"intfName\":\"tnbbbbbbbbbbb\"}");
    }

    @Test
    void unknownCollectionsAndMethods() {
        refused(404, "path", "GET", "/api/v1/widgets/", null);
        refused(405, "method", "POST", "/api/v1/tenants/", "{}");
        refused(404, "path", "GET", "/elsewhere", null);
        refused(400, "endpointID", "POST", "/api/v1/endpoints/bad%20id/", "{}");
    }
}
