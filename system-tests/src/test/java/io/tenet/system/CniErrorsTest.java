package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every CNI failure is the spec's error JSON with its code and a message that says what to fix, and leaves
 * nothing behind: no veth, no switch port, no allocated address.
 */
@Tag("system")
class CniErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Testbed tb;
    private static Host h;
    private static String ns;

    @BeforeAll
    static void start() {
        tb = TestbedSupport.start(1);
        h = tb.host(0);
        tb.api().createTenant("e");
        tb.api().createNetwork("e", "net", "10.40.0.0/24", "10.40.0.254");
        ns = tb.prefix() + "-cx";
        tb.addNs(ns);
    }

    @AfterAll
    static void stop() {
        if (tb != null) {
            tb.close();
        }
    }

    @AfterEach
    void nothingWasLeftBehind() {
        assertEquals(List.of(), leftovers());
    }

    private static List<String> leftovers() {
        List<String> out = new ArrayList<>();
        for (String line : Sh.run(Sh.inNs(h.ns(), "ip", "-o", "link", "show")).out()
                .split("\n")) {
            String[] w = line.split(":\\s+");
            if (w.length > 1 && (w[1].startsWith("tn") || w[1].startsWith("tt"))) {
                out.add("link " + w[1]);
            }
        }
        for (String port : tb.vsctl(h, "list-ports", "br-int").split("\n")) {
            // The node's own ports (tunnel, node DNS, uplink patch) are tenet-node init's, not any container's.
            if (!port.isBlank() && !port.equals("tenet-tun0") && !port.equals("tenet-dns0")
                    && !port.equals("tenet-phy0")) {
                out.add("port " + port);
            }
        }
        JsonNode eps = tb.api().get("/api/v1/endpoints/").body();
        eps.forEach(e -> out.add("endpoint " + e.path("key").asText()));
        return out;
    }

    private static JsonNode error(Sh.Result r, int code) {
        assertFalse(r.ok(), "the plugin must exit non-zero: " + r.out());
        try {
            JsonNode e = JSON.readTree(r.out());
            assertEquals(code, e.path("code").asInt(), r.out());
            assertTrue(e.path("msg").asText().length() > 10, r.out());
            assertTrue(e.has("cniVersion"), r.out());
            return e;
        } catch (java.io.IOException e) {
            throw new AssertionError("not error JSON: " + r.out() + r.err(), e);
        }
    }

    private static Sh.Result add(String containerId, String netns, String ifName, String netconf) {
        return tb.cni(h, "ADD", containerId, netns, ifName, netconf, null);
    }

    @Test
    void unknownNetworkIsRefusedByTheController() {
        JsonNode e = error(add("c1", "/var/run/netns/" + ns, "eth0", tb.netconf("e", "nope")), 100);
        assertTrue(e.path("msg").asText().contains("e:nope"), e.toString());
    }

    @Test
    void missingNetnsVariable() {
        error(add("c2", "", "eth0", tb.netconf("e", "net")), 4);
    }

    @Test
    void namespaceThatDoesNotExist() {
        error(add("c3", "/var/run/netns/" + tb.prefix() + "-absent", "eth0", tb.netconf("e", "net")), 3);
    }

    @Test
    void malformedNetconf() {
        error(add("c4", "/var/run/netns/" + ns, "eth0", "{\"cniVersion\": "), 6);
    }

    @Test
    void missingNetworkField() {
        JsonNode e = error(add("c5", "/var/run/netns/" + ns, "eth0",
                "{\"cniVersion\":\"1.0.0\",\"type\":\"tenet-cni\",\"tenant\":\"e\"}"), 7);
        assertTrue(e.path("msg").asText().contains("network"), e.toString());
    }

    @Test
    void unsupportedVersion() {
        error(add("c6", "/var/run/netns/" + ns, "eth0", tb.netconf("e", "net").replace("1.0.0", "9.9.9")), 1);
    }

    @Test
    void unreachableControllerMeansTryAgainLater() {
        String conf = tb.netconf("e", "net").replaceAll("\"api\":\"[^\"]*\"", "\"api\":\"http://"
                + tb.managementAddress() + ":1\"");
        error(add("c7", "/var/run/netns/" + ns, "eth0", conf), 11);
    }

    @Test
    void aFailureAfterTheAddressWasGivenUndoesEverything() {
        // "lo" already exists in the container: renaming the veth to it fails after allocation and veth creation.
        JsonNode e = error(add("c8", "/var/run/netns/" + ns, "lo", tb.netconf("e", "net")), 101);
        assertTrue(e.path("details").asText().contains("nothing was left"), e.toString());
        JsonNode oper = tb.api().get("/api/v1/inspect/networks/e:net/").body().path("Oper");
        assertEquals(0, oper.path("allocatedAddressesCount").asInt());
    }

    @Test
    void versionNeedsNoConfig() throws Exception {
        Sh.Result r = tb.cni(h, "VERSION", "", "", "", "", null);
        assertTrue(r.ok(), r.out());
        JsonNode v = JSON.readTree(r.out());
        assertTrue(v.path("supportedVersions").toString().contains("1.0.0"), r.out());
    }

    @Test
    void cniArgsOverrideTheNetconfAndPodArgsAndLabelsAreRecorded() throws Exception {
        String conf = tb.netconf("e", "wrong").replaceFirst("\\}$", ",\"labels\":{\"app\":\"db\",\"zone\":\"a\"}}");
        Sh.Result r = tb.cni(h, "ADD", "c9", "/var/run/netns/" + ns, "eth0", conf,
                "IgnoreUnknown=1;TENET_NETWORK=net;K8S_POD_NAME=web-1;K8S_POD_NAMESPACE=default;"
                        + "TENET_LABELS=app:web,tier:front");
        assertTrue(r.ok(), r.out());
        JsonNode ep = tb.api().get("/api/v1/endpoints/c9-eth0/").body();
        assertEquals("net", ep.path("networkName").asText());
        assertEquals("web-1", ep.path("attributes").path("K8S_POD_NAME").asText());
        assertEquals("web", ep.path("labels").path("app").asText(), "TENET_LABELS wins over the netconf: " + ep);
        assertEquals("front", ep.path("labels").path("tier").asText());
        assertEquals("a", ep.path("labels").path("zone").asText());
        Sh.Result bad = tb.cni(h, "ADD", "c8", "/var/run/netns/" + ns, "eth0", conf, "TENET_LABELS=app");
        error(bad, 4);
        // A label the controller refuses is the plugin's error too, and leaves nothing behind: labels are written
        // once the interface is up (so that a provider gets connections only then), and the refusal undoes both.
        String ns8 = tb.prefix() + "-c8";
        tb.addNs(ns8);
        error(tb.cni(h, "ADD", "c8", "/var/run/netns/" + ns8, "eth0", conf, "TENET_LABELS=app:a b"), 100);
        assertEquals(404, tb.api().get("/api/v1/endpoints/c8-eth0/").status());
        assertFalse(Sh.run(Sh.inNs(ns8, "ip", "link", "show", "eth0")).ok(), "the container interface is gone");
        Sh.Result del = tb.cni(h, "DEL", "c9", "/var/run/netns/" + ns, "eth0", conf, "TENET_NETWORK=net");
        assertTrue(del.ok(), del.out());
    }

    @Test
    void withoutAnAgentThePluginDoesTheWorkItself() throws Exception {
        Path alone = tb.dir().resolve("no-agent");
        Files.createDirectories(alone);
        Files.copy(h.dir().resolve("tenet/node.json"), alone.resolve("node.json"));
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", h.ns(), "env"));
        Map<String, String> env = new java.util.HashMap<>(h.env());
        env.put("TENET_RUNDIR", alone.toString());
        env.put("CNI_CONTAINERID", "c10");
        env.put("CNI_NETNS", "/var/run/netns/" + ns);
        env.put("CNI_IFNAME", "eth1");
        env.put("CNI_COMMAND", "ADD");
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(TestbedSupport.home().resolve("bin/tenet-cni").toString());
        Sh.Result r = Sh.run(Map.of(), tb.netconf("e", "net"), argv);
        assertTrue(r.ok(), r.out() + r.err());
        assertTrue(Sh.run(Sh.inNs(ns, "ip", "link", "show", "eth1")).ok());
        argv.set(argv.indexOf("CNI_COMMAND=ADD"), "CNI_COMMAND=DEL");
        Sh.Result del = Sh.run(Map.of(), tb.netconf("e", "net"), argv);
        assertTrue(del.ok(), del.out() + del.err());
    }
}
