package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code serviceLBs} and endpoint labels over HTTP: Contiv's netctl body as it is, VIPs asked for or allocated
 * (never an endpoint's address, nor an endpoint ever a VIP's), providers evaluated from labels as endpoints come,
 * go and change labels, and every invalid body refused with a 4xx naming the field and changing nothing.
 */
class ServiceApiTest extends RestApiHttpTestBase {
    private static final String NETCTL_BODY = "{\"ipAddress\":\"\",\"key\":\"t9:svc1\",\"networkName\":\"n1\","
            + "\"ports\":[\"80:8080:TCP\"],\"selectors\":[\"app=web\"],\"serviceName\":\"svc1\",\"tenantName\":\"t9\","
            + "\"link-sets\":{},\"links\":{\"Network\":{},\"Tenant\":{}}}";

    private void endpoint(String id, String labels) {
        ok(post("/api/v1/endpoints/" + id + "/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\",\"homingHost\":\"h1\","
                + "\"intfName\":\"tn" + id.replace("-", "") + "\",\"labels\":" + labels + "}"));
    }

    private List<String> providers(String key) {
        JsonNode inspect = ok(send("GET", "/api/v1/inspect/serviceLBs/" + key + "/", null)).body();
        List<String> out = new ArrayList<>();
        inspect.path("Oper").path("providers").forEach(p -> out.add(p.path("endpointID").asText()));
        return out;
    }

    @Test
    void netctlBodyWorksUnchangedAndTheVipIsAllocatedFromTheSubnet() {
        endpoint("c1-eth0", "{\"app\":\"web\"}");
        JsonNode created = ok(post("/api/v1/serviceLBs/t9:svc1/", NETCTL_BODY)).body();
        String vip = created.path("ipAddress").asText();
        assertEquals("10.9.0.2", vip, "the lowest free address after the endpoint's 10.9.0.1");
        JsonNode inspect = ok(send("GET", "/api/v1/inspect/serviceLBs/t9:svc1/", null)).body();
        assertEquals(vip, inspect.path("Oper").path("serviceVip").asText());
        assertEquals("80:8080:TCP", inspect.path("Oper").path("ports").path(0).asText());
        assertEquals(List.of("c1-eth0"), providers("t9:svc1"));
        assertEquals("h1", inspect.path("Oper").path("providers").path(0).path("homingHost").asText());
        // Written again without a VIP, it keeps its own; the next endpoint skips it.
        assertEquals(vip, ok(post("/api/v1/serviceLBs/t9:svc1/", NETCTL_BODY)).body().path("ipAddress").asText());
        endpoint("c2-eth0", "{}");
        JsonNode c2 = ok(send("GET", "/api/v1/endpoints/c2-eth0/", null)).body();
        assertNotEquals(vip, c2.path("ipAddress").path(0).asText());
        assertEquals(1, ok(send("GET", "/api/v1/serviceLBs/", null)).body().size());
    }

    @Test
    void providersFollowLabelsAsEndpointsComeGoAndChange() {
        ok(post("/api/v1/serviceLBs/t9:svc1/", "{\"networkName\":\"n1\",\"ports\":[\"80:8080:TCP\",\"53:5353:UDP\"],"
                + "\"selectors\":[\"app=web\",\"tier=front\"],\"ipAddress\":\"10.9.0.100\"}"));
        assertEquals(List.of(), providers("t9:svc1"));
        endpoint("c1-eth0", "{\"app\":\"web\",\"tier\":\"front\",\"extra\":\"x\"}");
        endpoint("c2-eth0", "{\"app\":\"web\"}");
        assertEquals(List.of("c1-eth0"), providers("t9:svc1"), "every selector must match; extra labels do not hurt");
        endpoint("c2-eth0", "{\"app\":\"web\",\"tier\":\"front\"}");
        assertEquals(List.of("c1-eth0", "c2-eth0"), providers("t9:svc1"));
        JsonNode listed = ok(send("GET", "/api/v1/endpoints/", null)).body();
        assertEquals("front", listed.path(1).path("labels").path("tier").asText());
        endpoint("c1-eth0", "{\"app\":\"db\"}");
        assertEquals(List.of("c2-eth0"), providers("t9:svc1"));
        ok(send("DELETE", "/api/v1/endpoints/c2-eth0/", null));
        assertEquals(List.of(), providers("t9:svc1"));
    }

    @Test
    void invalidBodiesAreRefusedNamingTheField() {
        endpoint("c1-eth0", "{\"app\":\"web\"}");
        String path = "/api/v1/serviceLBs/t9:bad/";
        refused(400, "ports", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:8080\"],\"selectors\":[\"a=b\"]}");
        refused(400, "ports", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:8080:SCTP\"],\"selectors\":[\"a=b\"]}");
        refused(400, "ports", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"0:8080:TCP\"],\"selectors\":[\"a=b\"]}");
        refused(400, "ports", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:8080:TCP\",\"80:9090:tcp\"],"
                + "\"selectors\":[\"a=b\"]}");
        refused(400, "ports", "POST", path, "{\"networkName\":\"n1\",\"ports\":[],\"selectors\":[\"a=b\"]}");
        refused(400, "selectors", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"ab\"]}");
        refused(400, "selectors", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b c\"]}");
        refused(400, "selectors", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[]}");
        refused(400, "selectors", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],"
                + "\"selectors\":[\"a=b\",\"a=c\"]}");
        refused(400, "ipAddress", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b\"],"
                + "\"ipAddress\":\"10.10.0.1\"}");
        refused(409, "ipAddress", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b\"],"
                + "\"ipAddress\":\"10.9.0.1\"}");
        refused(409, "ipAddress", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b\"],"
                + "\"ipAddress\":\"10.9.0.254\"}");
        refused(400, "networkName", "POST", path, "{\"networkName\":\"nonet\",\"ports\":[\"80:80:TCP\"],"
                + "\"selectors\":[\"a=b\"]}");
        refused(400, "sessionAffinity", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],"
                + "\"selectors\":[\"a=b\"],\"sessionAffinity\":\"sticky\"}");
        refused(400, "affinityTimeout", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],"
                + "\"selectors\":[\"a=b\"],\"sessionAffinity\":\"clientIP\",\"affinityTimeout\":0}");
        refused(400, "labels", "POST", "/api/v1/endpoints/c3-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\","
                + "\"homingHost\":\"h1\",\"intfName\":\"tnc3\",\"labels\":{\"app\":\"a b\"}}");
        // A VIP taken by a service is refused to an endpoint asking for it.
        ok(post("/api/v1/serviceLBs/t9:svc2/", "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b\"],"
                + "\"ipAddress\":\"10.9.0.50\"}"));
        refused(409, "ipAddress", "POST", "/api/v1/endpoints/c4-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\","
                + "\"homingHost\":\"h1\",\"intfName\":\"tnc4\",\"ipAddress\":\"10.9.0.50\"}");
        refused(409, "ipAddress", "POST", path, "{\"networkName\":\"n1\",\"ports\":[\"80:80:TCP\"],\"selectors\":[\"a=b\"],"
                + "\"ipAddress\":\"10.9.0.50\"}");
        refused(409, "networkName", "DELETE", "/api/v1/networks/t9:n1/", null);
    }
}
