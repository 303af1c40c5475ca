package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Endpoint groups, policies, rules and application profiles over HTTP: Contiv's validation (in rules name their
 * peer with from-fields only, out rules with to-fields only, one peer kind per rule, references must exist,
 * what is in use cannot be deleted), each refusal a 4xx naming the field and changing nothing.
 */
class PolicyApiValidationTest extends RestApiHttpTestBase {
    private void group(String name, String policies) {
        ok(post("/api/v1/endpointGroups/t9:" + name + "/", "{\"groupName\":\"" + name + "\",\"networkName\":\"n1\","
                + "\"policies\":[" + policies + "],\"tenantName\":\"t9\",\"link-sets\":{}}"));
    }

    private void setUpPolicy() {
        ok(post("/api/v1/policys/t9:p1/", "{\"policyName\":\"p1\",\"tenantName\":\"t9\"}"));
        group("web", "\"p1\"");
        group("db", "");
    }

    @Test
    void contivNetctlRuleBodiesAreAcceptedAndInspectShowsTheRulesInForce() {
        setUpPolicy();
        ok(post("/api/v1/rules/t9:p1:1/", "{\"action\":\"allow\",\"direction\":\"in\",\"fromEndpointGroup\":\"db\","
                + "\"policyName\":\"p1\",\"port\":80,\"priority\":1,\"protocol\":\"tcp\",\"ruleId\":\"1\","
                + "\"tenantName\":\"t9\",\"link-sets\":{}}"));
        JsonNode inspect = ok(send("GET", "/api/v1/inspect/endpointGroups/t9:web/", null)).body();
        assertEquals("p1", inspect.path("Config").path("policies").path(0).asText());
        assertEquals("t9:p1:1", inspect.path("Oper").path("rules").path(0).path("key").asText());
        assertTrue(inspect.path("Oper").path("groupTag").asInt() > 0);
        JsonNode policy = ok(send("GET", "/api/v1/inspect/policys/t9:p1/", null)).body();
        assertEquals("web", policy.path("Oper").path("endpointGroups").path(0).asText());
        assertEquals(1, ok(send("GET", "/api/v1/rules/", null)).body().size());
    }

    @Test
    void inRulesTakeFromFieldsOnlyAndOutRulesToFieldsOnly() {
        setUpPolicy();
        refused(400, "toEndpointGroup", "POST", "/api/v1/rules/t9:p1:2/",
                "{\"direction\":\"in\",\"toEndpointGroup\":\"db\",\"priority\":1,\"action\":\"allow\"}");
        refused(400, "fromIpAddress", "POST", "/api/v1/rules/t9:p1:2/",
                "{\"direction\":\"out\",\"fromIpAddress\":\"10.1.0.1\",\"priority\":1,\"action\":\"allow\"}");
    }

    @Test
    void aRuleNamesOnePeerKindAndValidValues() {
        setUpPolicy();
        refused(400, "fromEndpointGroup", "POST", "/api/v1/rules/t9:p1:3/", "{\"direction\":\"in\","
                + "\"fromEndpointGroup\":\"db\",\"fromIpAddress\":\"10.0.0.0/8\",\"priority\":1,\"action\":\"allow\"}");
        refused(400, "priority", "POST", "/api/v1/rules/t9:p1:3/",
                "{\"direction\":\"in\",\"priority\":101,\"action\":\"allow\"}");
        refused(400, "port", "POST", "/api/v1/rules/t9:p1:3/",
                "{\"direction\":\"in\",\"priority\":1,\"protocol\":\"icmp\",\"port\":80,\"action\":\"allow\"}");
        refused(400, "protocol", "POST", "/api/v1/rules/t9:p1:3/",
                "{\"direction\":\"in\",\"priority\":1,\"protocol\":\"sctp-ish\",\"action\":\"allow\"}");
        refused(400, "action", "POST", "/api/v1/rules/t9:p1:3/",
                "{\"direction\":\"in\",\"priority\":1,\"action\":\"maybe\"}");
        refused(400, "direction", "POST", "/api/v1/rules/t9:p1:3/", "{\"direction\":\"sideways\",\"priority\":1}");
        refused(400, "fromIpAddress", "POST", "/api/v1/rules/t9:p1:3/",
                "{\"direction\":\"in\",\"priority\":1,\"fromIpAddress\":\"10.0.0.1/40\",\"action\":\"allow\"}");
    }

    @Test
    void referencesMustExist() {
        setUpPolicy();
        refused(400, "fromEndpointGroup", "POST", "/api/v1/rules/t9:p1:4/",
                "{\"direction\":\"in\",\"fromEndpointGroup\":\"ghost\",\"priority\":1,\"action\":\"allow\"}");
        refused(400, "policyName", "POST", "/api/v1/rules/t9:nopolicy:1/",
                "{\"direction\":\"in\",\"priority\":1,\"action\":\"allow\"}");
        refused(400, "policies", "POST", "/api/v1/endpointGroups/t9:app/",
                "{\"networkName\":\"n1\",\"policies\":[\"nopolicy\"]}");
        refused(400, "networkName", "POST", "/api/v1/endpointGroups/t9:app/", "{\"networkName\":\"nonet\"}");
        refused(400, "endpointGroups", "POST", "/api/v1/appProfiles/t9:shop/", "{\"endpointGroups\":[\"web\",\"ghost\"]}");
        refused(400, "endpointGroup", "POST", "/api/v1/endpoints/c9-eth0/", "{\"tenantName\":\"t9\","
                + "\"networkName\":\"n1\",\"endpointGroup\":\"ghost\",\"homingHost\":\"h1\",\"intfName\":\"tn0\"}");
        ok(post("/api/v1/appProfiles/t9:shop/", "{\"endpointGroups\":[\"web\",\"db\"]}"));
    }

    @Test
    void whatIsInUseCannotBeDeleted() {
        setUpPolicy();
        ok(post("/api/v1/rules/t9:p1:1/", "{\"direction\":\"in\",\"fromEndpointGroup\":\"db\",\"priority\":1,"
                + "\"action\":\"allow\"}"));
        refused(409, "policyName", "DELETE", "/api/v1/policys/t9:p1/", null);
        refused(409, "groupName", "DELETE", "/api/v1/endpointGroups/t9:db/", null);
        ok(post("/api/v1/endpoints/c1-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\",\"endpointGroup\":"
                + "\"web\",\"homingHost\":\"h1\",\"intfName\":\"tnc1\"}"));
        group("web", "");
        refused(409, "groupName", "DELETE", "/api/v1/endpointGroups/t9:web/", null);
        // Detached, the policy goes, and its rules with it.
        ok(send("DELETE", "/api/v1/policys/t9:p1/", null));
        assertEquals(0, ok(send("GET", "/api/v1/rules/", null)).body().size());
    }

    @Test
    void anEndpointChangesGroupWithoutChangingItsAddress() {
        setUpPolicy();
        JsonNode first = ok(post("/api/v1/endpoints/c1-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\","
                + "\"endpointGroup\":\"web\",\"homingHost\":\"h1\",\"intfName\":\"tnc1\"}")).body();
        JsonNode moved = ok(post("/api/v1/endpoints/c1-eth0/", "{\"tenantName\":\"t9\",\"networkName\":\"n1\","
                + "\"endpointGroup\":\"db\",\"homingHost\":\"h1\",\"intfName\":\"tnc1\"}")).body();
        assertEquals("db", moved.path("endpointGroup").asText());
        assertEquals(first.path("ipAddress").path(0).asText(), moved.path("ipAddress").path(0).asText());
        assertEquals(1, ok(send("GET", "/api/v1/inspect/endpointGroups/t9:db/", null)).body().path("Oper")
                .path("numEndpoints").asInt());
    }
}
