package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code Bgps} as Contiv's netctl writes them (AS numbers as strings), Tenet's fields with their defaults, every bad
 * value refused naming its field, and what inspect shows before and after the host's agent reports.
 */
class BgpsApiTest extends RestApiHttpTestBase {
    private static final String PATH = "/api/v1/Bgps/host1/";
    private static final String NETCTL = "{\"as\":\"65011\",\"hostname\":\"host1\",\"key\":\"host1\",\"neighbor\":"
            + "\"192.168.77.250\",\"neighbor-as\":\"65000\",\"routerip\":\"192.168.77.11/24\",\"link-sets\":{},"
            + "\"links\":{}}";

    @Test
    void netctlBodyWorksWithTenetDefaults() {
        JsonNode b = ok(post(PATH, NETCTL)).body();
        assertEquals("65011", b.path("as").asText());
        assertEquals("65000", b.path("neighbor-as").asText());
        assertEquals("192.168.77.11/24", b.path("routerip").asText());
        assertEquals(90, b.path("holdTime").asInt());
        assertEquals(30, b.path("keepalive").asInt());
        assertEquals("hosts", b.path("advertise").asText());
        JsonNode numbers = ok(post(PATH, "{\"as\":4200000011,\"neighbor-as\":65000,\"neighbor\":\"192.168.77.250\","
                + "\"routerip\":\"192.168.77.11/24\",\"holdTime\":9,\"keepalive\":3,\"advertise\":\"networks\"}"))
                .body();
        assertEquals("4200000011", numbers.path("as").asText(), "4-octet AS numbers");
        assertEquals("networks", numbers.path("advertise").asText());
        JsonNode oper = ok(send("GET", "/api/v1/inspect/Bgps/host1/", null)).body().path("Oper");
        assertEquals("Idle", oper.path("state").asText());
        assertEquals(0, oper.path("routesLearned").size());
    }

    @Test
    void aReportShowsInInspect() {
        ok(post(PATH, NETCTL));
        ok(post("/api/v1/bgpReports/host1/", "{\"uplinkMac\":\"5a:6e:1f:00:00:0b\",\"sessions\":[{\"neighbor\":"
                + "\"192.168.77.250\",\"as\":65000,\"state\":\"Established\",\"since\":\"2026-12-03T18:00:00Z\"}],"
                + "\"routes\":[{\"prefix\":\"203.0.113.0/24\",\"nextHops\":[{\"ip\":\"192.168.77.250\",\"mac\":"
                + "\"7e:42:c5:00:00:fa\"}]}]}"));
        JsonNode oper = ok(send("GET", "/api/v1/inspect/Bgps/host1/", null)).body().path("Oper");
        assertEquals("Established", oper.path("state").asText());
        assertEquals("203.0.113.0/24", oper.path("routesLearned").path(0).path("prefix").asText());
        assertEquals("7e:42:c5:00:00:fa", oper.path("routesLearned").path(0).path("nextHops").path(0).path("mac")
                .asText());
    }

    /** Two top-of-rack switches: Tenet's neighbors besides Contiv's neighbor, each with a session in inspect. */
    @Test
    void moreNeighborsAreKeptAndEachHasItsSessionInInspect() {
        JsonNode b = ok(post(PATH, "{\"as\":\"65011\",\"neighbor-as\":\"65000\",\"neighbor\":\"192.168.77.250\","
                + "\"routerip\":\"192.168.77.11/24\",\"neighbors\":[{\"neighbor\":\"192.168.77.251\","
                + "\"neighbor-as\":\"65001\"}]}")).body();
        assertEquals("192.168.77.251", b.path("neighbors").path(0).path("neighbor").asText());
        assertEquals("65001", b.path("neighbors").path(0).path("neighbor-as").asText());
        ok(post("/api/v1/bgpReports/host1/", "{\"uplinkMac\":\"5a:6e:1f:00:00:0b\",\"sessions\":[{\"neighbor\":"
                + "\"192.168.77.251\",\"as\":65001,\"state\":\"Established\"}],\"routes\":[]}"));
        JsonNode sessions = ok(send("GET", "/api/v1/inspect/Bgps/host1/", null)).body().path("Oper").path("sessions");
        assertEquals(2, sessions.size(), sessions.toString());
        assertEquals("Idle", sessions.path(0).path("state").asText(), "no report of the first neighbour's session");
        assertEquals("Established", sessions.path(1).path("state").asText());
        assertEquals(0, ok(post(PATH, NETCTL)).body().path("neighbors").size(), "netctl's body clears them");
    }

    /** A host that learned 20,000 routes reports them in one body of about 1.9 MB; other writes stay within 1 MiB. */
    @Test
    void aReportOfTwentyThousandRoutesIsAcceptedWhereOtherBodiesStopAtOneMebibyte() {
        StringBuilder b = new StringBuilder("{\"uplinkMac\":\"5a:6e:1f:00:00:0b\",\"routes\":[");
        for (int i = 0; i < 20_000; i++) {
            b.append(i == 0 ? "" : ",").append("{\"prefix\":\"100.64.").append(i / 250).append('.').append(i % 250)
                    .append("/32\",\"nextHops\":[{\"ip\":\"192.168.77.250\",\"mac\":\"7e:42:c5:00:00:fa\"}]}");
        }
        String body = b.append("]}").toString();
        assertTrue(body.length() > RestApi.MAX_BODY, "larger than other bodies may be: " + body.length());
        ok(post("/api/v1/bgpReports/host1/", body));
        assertEquals(20_000, ok(send("GET", "/api/v1/bgpReports/host1/", null)).body().path("routes").size());
        refused(413, "body", "POST", "/api/v1/tenants/t8/", "{\"tenantName\":\"t8\",\"pad\":\""
                + "x".repeat(RestApi.MAX_BODY) + "\"}");
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        String base = "\"neighbor\":\"192.168.77.250\",\"neighbor-as\":\"65000\",\"routerip\":\"192.168.77.11/24\"";
        refused(400, "as", "POST", PATH, "{" + base + "}");
        refused(400, "as", "POST", PATH, "{\"as\":\"0\"," + base + "}");
        refused(400, "as", "POST", PATH, "{\"as\":\"4294967296\"," + base + "}");
        refused(400, "as", "POST", PATH, "{\"as\":\"65001.5\"," + base + "}");
        refused(400, "neighbor-as", "POST", PATH, "{\"as\":\"65011\",\"neighbor-as\":\"x\",\"neighbor\":"
                + "\"192.168.77.250\",\"routerip\":\"192.168.77.11/24\"}");
        refused(400, "routerip", "POST", PATH, "{\"as\":\"65011\",\"neighbor-as\":\"65000\",\"neighbor\":"
                + "\"192.168.77.250\",\"routerip\":\"192.168.77.11\"}");
        refused(400, "routerip", "POST", PATH, "{\"as\":\"65011\",\"neighbor-as\":\"65000\",\"neighbor\":"
                + "\"192.168.77.250\",\"routerip\":\"192.168.777.11/24\"}");
        refused(400, "neighbor", "POST", PATH, "{\"as\":\"65011\",\"neighbor-as\":\"65000\",\"neighbor\":"
                + "\"192.168.77.11\",\"routerip\":\"192.168.77.11/24\"}");
        refused(400, "holdTime", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"holdTime\":2}");
        refused(400, "keepalive", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"holdTime\":9,\"keepalive\":9}");
        refused(400, "advertise", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"advertise\":\"all\"}");
        refused(400, "password", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"password\":\"s3cret\"}");
        refused(400, "hostname", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"hostname\":\"host2\"}");
        refused(400, "uplinkMac", "POST", "/api/v1/bgpReports/host1/", "{\"routes\":[]}");
        refused(400, "routes", "POST", "/api/v1/bgpReports/host1/", "{\"uplinkMac\":\"5a:6e:1f:00:00:0b\","
                + "\"routes\":[{\"prefix\":\"10.0.0.0/8\",\"nextHops\":[]}]}");
        refused(400, "prefix", "POST", "/api/v1/bgpReports/host1/", "{\"uplinkMac\":\"5a:6e:1f:00:00:0b\","
                + "\"routes\":[{\"prefix\":\"10.0.0.1/8\",\"nextHops\":[{\"ip\":\"1.2.3.4\"}]}]}");
        refused(400, "neighbors", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"neighbors\":[{\"neighbor\":"
                + "\"192.168.77.250\",\"neighbor-as\":\"65000\"}]}");
        refused(400, "neighbors", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"neighbors\":[{\"neighbor\":"
                + "\"192.168.77.11\",\"neighbor-as\":\"65000\"}]}");
        refused(400, "neighbors", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"neighbors\":[{\"neighbor\":"
                + "\"192.168.77.251\",\"neighbor-as\":\"0\"}]}");
        refused(400, "neighbors", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"neighbors\":[{\"neighbor\":"
                + "\"192.168.77.2510\",\"neighbor-as\":\"65001\"}]}");
        refused(400, "neighbors", "POST", PATH, "{\"as\":\"65011\"," + base + ",\"neighbors\":\"192.168.77.251\"}");
        assertEquals(404, send("GET", PATH, null).status(), "nothing half-made is left behind");
    }

    /** A host's settings with more neighbours come back whole from the store after a restart. */
    @Test
    void moreNeighborsSurviveARestartOfTheStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        io.tenet.controller.api.Bgp b = new io.tenet.controller.api.Bgp("host1",
                io.tenet.controller.api.Ipv4.parse("192.168.77.11"), 24, 65011, 65000,
                io.tenet.controller.api.Ipv4.parse("192.168.77.250"), 9, 3, io.tenet.controller.api.Bgp.Advertise.HOSTS,
                java.util.List.of(new io.tenet.controller.api.Bgp.Neighbor(
                        io.tenet.controller.api.Ipv4.parse("192.168.77.251"), 65001)));
        try (io.tenet.controller.store.embedded.MvStore store = io.tenet.controller.store.embedded.MvStore.open(dir);
                io.tenet.controller.model.ModelManager m = new io.tenet.controller.model.ModelManager(store)) {
            m.put(io.tenet.controller.collections.ModelCollections.BGPS, b);
        }
        try (io.tenet.controller.store.embedded.MvStore store = io.tenet.controller.store.embedded.MvStore.open(dir);
                io.tenet.controller.model.ModelManager m = new io.tenet.controller.model.ModelManager(store)) {
            assertEquals(b, m.snapshot().get(io.tenet.controller.collections.ModelCollections.BGPS).get("host1"));
        }
    }

    /** A record stored before {@code moreNeighbors} existed reads back with none. */
    @Test
    void aRecordStoredBeforeMoreNeighborsReadsBackWithNone() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        var bgps = io.tenet.controller.collections.ModelCollections.BGPS;
        String stored = bgps.encode(json, new io.tenet.controller.api.Bgp("host1",
                io.tenet.controller.api.Ipv4.parse("192.168.77.11"), 24, 65011, 65000,
                io.tenet.controller.api.Ipv4.parse("192.168.77.250"), 9, 3, io.tenet.controller.api.Bgp.Advertise.HOSTS));
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(stored);
        old.remove("moreNeighbors");
        assertEquals(java.util.List.of(), bgps.decode(json, old.toString()).moreNeighbors());
    }
}
