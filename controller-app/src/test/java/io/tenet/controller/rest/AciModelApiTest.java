package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.collections.ModelCollections;
import org.junit.jupiter.api.Test;

/**
 * The ACI bridge's model, as Contiv's netctl writes it: the one {@code aciGw} object with Tenet's APIC settings
 * (secrets write-only, kept when a write leaves them out, never shown or logged), and {@code extContractsGroups}
 * named by endpoint groups (checked on write, kept while named); every bad value refused naming its field.
 */
class AciModelApiTest extends RestApiHttpTestBase {
    private static final String GW = "/api/v1/aciGws/aciGw/";
    private static final String NETCTL_GW = "{\"key\":\"aciGw\",\"name\":\"aciGw\",\"enforcePolicies\":\"yes\","
            + "\"includeCommonTenant\":\"no\",\"nodeBindings\":\"topology/pod-1/node-101,topology/pod-1/node-102\","
            + "\"pathBindings\":\"topology/pod-1/paths-101/pathep-[eth1/14]\",\"physicalDomain\":\"phys\"}";
    private static final String SECRET = "s3cret-Pa55";

    @Test
    void netctlsAciGwBodyWorksAndReadsBackInContivsForm() {
        JsonNode b = ok(post(GW, NETCTL_GW)).body();
        assertEquals("topology/pod-1/node-101,topology/pod-1/node-102", b.path("nodeBindings").asText());
        assertEquals("topology/pod-1/paths-101/pathep-[eth1/14]", b.path("pathBindings").asText());
        assertEquals("yes", b.path("enforcePolicies").asText());
        assertEquals("no", b.path("includeCommonTenant").asText());
        assertEquals("phys", b.path("physicalDomain").asText());
        assertFalse(b.path("apicPasswordSet").asBoolean());
        JsonNode oper = ok(send("GET", "/api/v1/inspect/aciGws/aciGw/", null)).body().path("Oper");
        assertFalse(oper.path("aciMode").asBoolean(), "networkInfraType is default");
        assertTrue(oper.path("bridge").asText().startsWith("not running"), oper.toString());
    }

    @Test
    void rulesWithAnAddressAreRefusedInAciModeNeverSilentlyDropped() {
        ok(send("DELETE", "/api/v1/networks/t9:n1/", null));
        ok(post("/api/v1/policys/t9:p/", "{\"policyName\":\"p\",\"tenantName\":\"t9\"}"));
        String in = "{\"policyName\":\"p\",\"ruleId\":\"1\",\"tenantName\":\"t9\",\"direction\":\"in\","
                + "\"fromIpAddress\":\"10.1.0.0/16\",\"action\":\"allow\",\"priority\":1}";
        String out = "{\"policyName\":\"p\",\"ruleId\":\"2\",\"tenantName\":\"t9\",\"direction\":\"out\","
                + "\"toIpAddress\":\"10.2.0.1\",\"action\":\"deny\",\"priority\":1}";
        ok(post("/api/v1/rules/t9:p:1/", in));
        refused(409, "networkInfraType", "POST", "/api/v1/globals/global/", "{\"networkInfraType\":\"aci\"}");
        assertEquals("default", ok(send("GET", "/api/v1/globals/global/", null)).body().path("networkInfraType")
                .asText());
        ok(send("DELETE", "/api/v1/rules/t9:p:1/", null));
        ok(post("/api/v1/globals/global/", "{\"networkInfraType\":\"aci\"}"));
        refused(400, "fromIpAddress", "POST", "/api/v1/rules/t9:p:1/", in);
        refused(400, "toIpAddress", "POST", "/api/v1/rules/t9:p:2/", out);
        ok(post("/api/v1/rules/t9:p:3/", "{\"policyName\":\"p\",\"ruleId\":\"3\",\"tenantName\":\"t9\","
                + "\"direction\":\"in\",\"protocol\":\"tcp\",\"port\":22,\"action\":\"deny\",\"priority\":5}"));
    }

    @Test
    void inAciModeEveryGroupOfAVlanNetworkHasAVlanOfItsOwn() {
        ok(send("DELETE", "/api/v1/networks/t9:n1/", null));
        ok(post("/api/v1/globals/global/", "{\"networkInfraType\":\"aci\",\"vlans\":\"100-110\"}"));
        ok(post("/api/v1/networks/t9:v/", "{\"encap\":\"vlan\",\"subnet\":\"10.9.1.0/24\"}"));
        int netTag = tagOf("t9:v");
        ok(post("/api/v1/networks/t9:x/", "{\"encap\":\"vxlan\",\"subnet\":\"10.9.2.0/24\"}"));
        java.util.Set<Integer> tags = new java.util.HashSet<>(java.util.List.of(netTag));
        for (String g : new String[] {"a", "b", "c"}) {
            ok(post("/api/v1/endpointGroups/t9:" + g + "/", "{\"networkName\":\"v\"}"));
            int vlan = ok(send("GET", "/api/v1/inspect/endpointGroups/t9:" + g + "/", null)).body().path("Oper")
                    .path("pktTag").asInt();
            assertTrue(vlan >= 100 && vlan <= 110, "from the pool: " + vlan);
            assertTrue(tags.add(vlan), "its own: " + vlan + " among " + tags);
        }
        // kept across writes; a VXLAN network's group has none
        ok(post("/api/v1/endpointGroups/t9:a/", "{\"networkName\":\"v\",\"defaultDeny\":true}"));
        assertEquals(model.snapshot().get(ModelCollections.GROUPS).get(new io.tenet.controller.api.ScopedKey("t9", "a"))
                .vlan(), ok(send("GET", "/api/v1/inspect/endpointGroups/t9:a/", null)).body().path("Oper")
                .path("pktTag").asInt());
        ok(post("/api/v1/endpointGroups/t9:onx/", "{\"networkName\":\"x\"}"));
        assertEquals(0, ok(send("GET", "/api/v1/inspect/endpointGroups/t9:onx/", null)).body().path("Oper")
                .path("pktTag").asInt());
        // a network cannot take a group's VLAN, and new networks skip them
        int groupVlan = model.snapshot().get(ModelCollections.GROUPS).get(new io.tenet.controller.api.ScopedKey("t9",
                "b")).vlan();
        refused(409, "pktTag", "POST", "/api/v1/networks/t9:w/", "{\"encap\":\"vlan\",\"subnet\":\"10.9.3.0/24\","
                + "\"pktTag\":" + groupVlan + "}");
        ok(post("/api/v1/networks/t9:w/", "{\"encap\":\"vlan\",\"subnet\":\"10.9.3.0/24\"}"));
        int next = tagOf("t9:w");
        assertTrue(tags.add(next), next + " among " + tags);
        JsonNode globals = ok(send("GET", "/api/v1/inspect/globals/global/", null)).body().path("Oper");
        assertEquals(tags.size(), expand(globals.path("vlansInUse").asText()), "groups' VLANs are in use: " + globals);
    }

    private static int expand(String ranges) {
        int n = 0;
        for (String r : ranges.split(",")) {
            String[] p = r.split("-");
            n += p.length == 1 ? 1 : Integer.parseInt(p[1]) - Integer.parseInt(p[0]) + 1;
        }
        return n;
    }

    private int tagOf(String network) {
        return ok(send("GET", "/api/v1/inspect/networks/" + network + "/", null)).body().path("Oper").path("pktTag")
                .asInt();
    }

    @Test
    void secretsAreWriteOnlyKeptWhenLeftOutAndNeverShown() {
        String withSecret = "{\"apicUrls\":[\"https://apic1.example.net\",\"https://10.0.0.2:8443/\"],"
                + "\"apicUsername\":\"admin\",\"apicPassword\":\"" + SECRET + "\",\"dryRun\":true}";
        JsonNode b = ok(post(GW, withSecret)).body();
        assertTrue(b.path("apicPasswordSet").asBoolean());
        assertEquals(2, b.path("apicUrls").size());
        for (String path : new String[] {GW, "/api/v1/aciGws/", "/api/v1/inspect/aciGws/aciGw/"}) {
            assertFalse(ok(send("GET", path, null)).body().toString().contains(SECRET), path + " shows the secret");
        }
        AciGw stored = model.snapshot().get(ModelCollections.ACI_GWS).get(AciGw.NAME);
        assertEquals(SECRET, stored.apicPassword(), "kept for the bridge");
        assertFalse(stored.toString().contains(SECRET), "masked for logs: " + stored);

        assertTrue(ok(post(GW, "{\"apicUrls\":[\"https://apic1.example.net\"],\"apicUsername\":\"admin\"}")).body()
                .path("apicPasswordSet").asBoolean(), "a write without the password keeps it");
        assertEquals(SECRET, model.snapshot().get(ModelCollections.ACI_GWS).get(AciGw.NAME).apicPassword());
        refused(400, "apicPassword", "POST", GW, "{\"apicUrls\":[\"https://apic1.example.net\"],"
                + "\"apicUsername\":\"admin\",\"apicPassword\":\"\"}");
        assertFalse(ok(post(GW, "{\"apicPassword\":\"\"}")).body().path("apicPasswordSet").asBoolean(),
                "an empty password clears it (no APIC named, so none is needed)");
    }

    @Test
    void badAciGwValuesAreRefusedNamingTheField() {
        refused(404, "name", "POST", "/api/v1/aciGws/other/", "{}");
        refused(400, "pathBindings", "POST", GW, "{\"pathBindings\":\"eth1/14\"}");
        refused(400, "nodeBindings", "POST", GW, "{\"nodeBindings\":\"node-101\"}");
        refused(400, "physicalDomain", "POST", GW, "{\"physicalDomain\":\"a b\"}");
        refused(400, "enforcePolicies", "POST", GW, "{\"enforcePolicies\":\"maybe\"}");
        refused(400, "apicUrls", "POST", GW, "{\"apicUrls\":[\"http://apic1\"],\"apicUsername\":\"a\","
                + "\"apicPassword\":\"p\"}");
        refused(400, "apicUrls", "POST", GW, "{\"apicUrls\":[\"https://apic1/api/aaaLogin.json\"],"
                + "\"apicUsername\":\"a\",\"apicPassword\":\"p\"}");
        refused(400, "apicUrls", "POST", GW, "{\"apicUrls\":[\"https://ap ic\"],\"apicUsername\":\"a\","
                + "\"apicPassword\":\"p\"}");
        refused(400, "apicUsername", "POST", GW, "{\"apicUrls\":[\"https://apic1\"],\"apicPassword\":\"p\"}");
        refused(400, "apicCertName", "POST", GW, "{\"apicPrivateKey\":\"-----BEGIN PRIVATE KEY-----\\nMII\\n"
                + "-----END PRIVATE KEY-----\\n\"}");
        refused(400, "apicPrivateKey", "POST", GW, "{\"apicPrivateKey\":\"secret\",\"apicCertName\":\"c\"}");
        refused(400, "apicPrivateKey", "POST", GW, "{\"apicPassword\":\"p\",\"apicCertName\":\"c\","
                + "\"apicPrivateKey\":\"-----BEGIN PRIVATE KEY-----\\nMII\\n-----END PRIVATE KEY-----\\n\"}");
        refused(400, "apicCaCert", "POST", GW, "{\"apicCaCert\":\"not a certificate\"}");
        refused(400, "dryRun", "POST", GW, "{\"dryRun\":\"yes\"}");
        assertEquals(404, send("GET", GW, null).status(), "nothing half-made is left behind");
    }

    @Test
    void externalContractsGroupsAreNamedByEndpointGroupsAndKeptWhileNamed() {
        String path = "/api/v1/extContractsGroups/t9:ext1/";
        JsonNode b = ok(post(path, "{\"contractsGroupName\":\"ext1\",\"contractsType\":\"consumed\",\"contracts\":"
                + "[\"uni/tn-common/brc-default\",\"uni/tn-t9/brc-web\"],\"tenantName\":\"t9\"}")).body();
        assertEquals("consumed", b.path("contractsType").asText());
        assertEquals(2, b.path("contracts").size());
        refused(400, "extContractsGrps", "POST", "/api/v1/endpointGroups/t9:app/", "{\"networkName\":\"n1\","
                + "\"extContractsGrps\":[\"nope\"]}");
        ok(post("/api/v1/endpointGroups/t9:app/", "{\"networkName\":\"n1\",\"extContractsGrps\":[\"ext1\"]}"));
        assertEquals("app", ok(send("GET", "/api/v1/inspect/extContractsGroups/t9:ext1/", null)).body()
                .path("Oper").path("endpointGroups").path(0).asText());
        refused(409, "contractsGroupName", "DELETE", path, null);
        ok(send("DELETE", "/api/v1/endpointGroups/t9:app/", null));
        ok(send("DELETE", path, null));
    }

    @Test
    void badExternalContractsGroupsAreRefusedNamingTheField() {
        String path = "/api/v1/extContractsGroups/t9:ext2/";
        refused(400, "contractsType", "POST", path, "{\"contracts\":[\"uni/tn-common/brc-default\"]}");
        refused(400, "contractsType", "POST", path, "{\"contractsType\":\"both\",\"contracts\":"
                + "[\"uni/tn-common/brc-default\"]}");
        refused(400, "contracts", "POST", path, "{\"contractsType\":\"provided\",\"contracts\":[]}");
        refused(400, "contracts", "POST", path, "{\"contractsType\":\"provided\",\"contracts\":[\"default\"]}");
        refused(400, "contracts", "POST", path, "{\"contractsType\":\"provided\",\"contracts\":"
                + "[\"uni/tn-common/brc-a\",\"uni/tn-common/brc-a\"]}");
        refused(400, "tenantName", "POST", "/api/v1/extContractsGroups/t7:ext2/", "{\"contractsType\":\"provided\","
                + "\"contracts\":[\"uni/tn-common/brc-a\"]}");
    }

    /** The settings, secret included, and a contracts group come back whole from the store after a restart. */
    @Test
    void theAciModelSurvivesARestartOfTheStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        AciGw gw = new AciGw(java.util.List.of("topology/pod-1/paths-101/pathep-[eth1/14]"), java.util.List.of(),
                "phys", true, false, java.util.List.of(AciGw.url("https://apic1.example.net")), "admin", SECRET, "",
                "", "", false);
        io.tenet.controller.api.ExtContractsGroup ext = new io.tenet.controller.api.ExtContractsGroup(
                new io.tenet.controller.api.ScopedKey("t1", "ext"), io.tenet.controller.api.ExtContractsGroup.Type.PROVIDED,
                java.util.List.of("uni/tn-common/brc-default"));
        try (io.tenet.controller.store.embedded.MvStore store = io.tenet.controller.store.embedded.MvStore.open(dir);
                io.tenet.controller.model.ModelManager m = new io.tenet.controller.model.ModelManager(store)) {
            m.put(ModelCollections.TENANTS, new io.tenet.controller.api.Tenant("t1", ""));
            m.put(ModelCollections.ACI_GWS, gw);
            m.put(ModelCollections.EXT_CONTRACTS_GROUPS, ext);
        }
        try (io.tenet.controller.store.embedded.MvStore store = io.tenet.controller.store.embedded.MvStore.open(dir);
                io.tenet.controller.model.ModelManager m = new io.tenet.controller.model.ModelManager(store)) {
            assertEquals(gw, m.snapshot().get(ModelCollections.ACI_GWS).get(AciGw.NAME));
            assertEquals(ext, m.snapshot().get(ModelCollections.EXT_CONTRACTS_GROUPS).get(ext.key()));
        }
    }
}
