package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.store.etcd.EtcdCluster;
import io.tenet.testbed.Api;
import io.tenet.testbed.KarafInstance;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tenet installed into a stock Apache Karaf 4.4 from its features repository, resolved offline from the local
 * Maven repository: every bundle active, the REST API on Karaf's HTTP service, a real OVS bridge programmed over
 * OpenFlow, bad configuration refused with one log line naming the key, the console at /ui/ and as a tab of
 * Karaf's web console, and an uninstall that leaves no bundle, thread or socket behind.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeatureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Testbed tb;
    private static KarafInstance karaf;
    private static OvsInstance ovs;
    private static Api api;
    private static int ofPort;
    private static final String DPID = "00000000000000bb";

    @BeforeAll
    static void start() throws Exception {
        tb = TestbedSupport.start(0, Testbed.Backend.NONE);
        int http = freePort();
        ofPort = freePort();
        karaf = KarafInstance.unpack(Path.of(System.getProperty("tenet.karaf.tarball")), tb.dir().resolve("stock"),
                tb.managementAddress(), http);
        // Offline: bundles come from the local Maven repository only.
        KarafInstance.setProperty(karaf.home().resolve("etc/org.ops4j.pax.url.mvn.cfg"), Map.of(
                "org.ops4j.pax.url.mvn.repositories", "",
                "org.ops4j.pax.url.mvn.offline", "true",
                "org.ops4j.pax.url.mvn.localRepository", System.getProperty("tenet.m2")));
        writeConfig(Map.of());
        karaf.start();
        karaf.waitForShell(Duration.ofSeconds(90));
        api = new Api("http://" + tb.managementAddress() + ":" + http);
    }

    @AfterAll
    static void stop() {
        if (ovs != null) {
            ovs.stop();
        }
        if (karaf != null) {
            karaf.close();
        }
        if (tb != null) {
            tb.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The controller's settings for this test, with some keys overridden. */
    private static void writeConfig(Map<String, String> overrides) throws Exception {
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("bind", tb.managementAddress(),
                "openflowPort", Integer.toString(ofPort), "dataDir", tb.dir().resolve("stock-data").toString(),
                "store", "embedded", "auditIntervalSeconds", "2"));
        cfg.putAll(overrides);
        StringBuilder b = new StringBuilder();
        cfg.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        java.nio.file.Files.writeString(karaf.home().resolve("etc/io.tenet.controller.cfg"), b.toString());
    }

    private static String shell(String... commands) {
        Sh.Result r = karaf.client(commands);
        return r.out() + r.err();
    }

    private static List<String> tenetBundles() {
        return shell("bundle:list -s --no-format -t 0").lines().filter(l -> l.contains("io.tenet")).toList();
    }

    /** The state of the controller component in {@code scr:list}: ACTIVE, FAILED (activation), ... or "absent". */
    private static String controllerState() {
        // scr:list prints nothing in batch mode unless piped; Karaf's grep colours its match, hence the stripping.
        List<String> lines = shell("scr:list | grep -A 1 \"io.tenet.controller in\"").replaceAll("\u001B\\[[0-9;]*m", "")
                .lines().map(String::strip).toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("io.tenet.controller in bundle")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("State:(\\w+)").matcher(lines.get(i + 1));
                return m.find() ? m.group(1) : lines.get(i + 1);
            }
        }
        return "absent";
    }

    @Test
    @Order(1)
    void theFeatureInstallsAndEveryTenetBundleIsActive() {
        String out = shell("feature:repo-add mvn:io.tenet/tenet-features/" + System.getProperty("tenet.version")
                + "/xml/features", "feature:install tenet");
        assertFalse(out.contains("Error"), out);
        Poll.require(WAIT, () -> "Tenet bundles active: " + tenetBundles(), () -> {
            List<String> b = tenetBundles();
            return b.size() == 4 && b.stream().allMatch(l -> l.contains("Active"))
                    && b.stream().anyMatch(l -> l.contains("io.tenet.bgp"))
                    && b.stream().anyMatch(l -> l.contains("io.tenet.aci"));
        });
    }

    @Test
    @Order(2)
    void theRestApiAnswersOnKarafsHttpService() {
        Poll.require(WAIT, "REST on Karaf's HTTP port", () -> api.get("/api/v1/tenants/").status() == 200);
        api.createTenant("k");
        assertEquals("k", api.get("/api/v1/tenants/k/").body().path("tenantName").asText());
        Api.Reply bad = api.post("/api/v1/networks/k:n/", "{\"subnet\":\"10.0.0.0/33\"}");
        assertEquals(400, bad.status());
        assertEquals("subnet", bad.body().path("field").asText());
        // the ACI bridge's component is active and shows its state in aciGws inspect (idle: not in ACI mode)
        assertEquals(200, api.post("/api/v1/aciGws/aciGw/", "{}").status());
        Poll.require(WAIT, "the ACI bridge's state in aciGws inspect", () -> api.get("/api/v1/inspect/aciGws/aciGw/")
                .body().path("Oper").path("bridge").path("state").asText().startsWith("idle: globals"));
    }

    @Test
    @Order(3)
    void aRealOvsBridgeConnectsAndReceivesItsFlows() throws Exception {
        String ns = tb.prefix() + "-kovs";
        tb.addNs(ns);
        tb.attachManagement(ns, 80);
        ovs = OvsInstance.start(ns, tb.dir().resolve("kovs"));
        ovs.vsctl("add-br", "br-int", "--", "set", "bridge", "br-int", "datapath_type=netdev", "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=" + DPID);
        ovs.vsctl("set-controller", "br-int", "tcp:" + tb.managementAddress() + ":" + ofPort);
        api.mustPost("/api/v1/nodes/knode/", "{\"tunnelIp\":\"192.168.9.9\",\"datapathId\":\"" + DPID + "\"}");
        Poll.require(WAIT, "pipeline flows on br-int", () -> ovs.ofctl("dump-flows", "br-int")
                .contains("cookie=0x7e01000000000000"));
        String switches = shell("tenet:switches");
        assertTrue(switches.contains("knode") && switches.contains("OF_14"), switches);
        String flows = shell("tenet:flows knode");
        assertTrue(flows.contains("pipeline") && flows.contains("table=50,priority=0"), flows);
        String json = shell("tenet:nodes --json");
        assertTrue(json.contains("\"nodeName\" : \"knode\""), json);
        api.mustPost("/api/v1/Bgps/knode/", "{\"as\":\"65011\",\"neighbor-as\":\"65000\",\"neighbor\":"
                + "\"192.168.9.250\",\"routerip\":\"192.168.9.9/24\"}");
        String bgp = shell("tenet:bgp --routes");
        assertTrue(bgp.contains("knode") && bgp.contains("192.168.9.250") && bgp.contains("Idle")
                && bgp.contains("Next hop MAC"), bgp);
        // /metrics on Karaf's HTTP service, parsed by Prometheus's own parser; the switch's first pipeline counted.
        var metrics = io.tenet.testbed.Prometheus.scrape(api.base());
        assertEquals(1.0, metrics.get("tenet_switches_connected"), metrics.toString());
        assertTrue(io.tenet.testbed.Prometheus.sum(metrics, "tenet_realization_seconds_count", "node=\"knode\"") >= 1,
                metrics.toString());
        String trace = shell("tenet:trace nobody 10.0.0.1 tcp 80");
        assertTrue(trace.contains("Cannot trace (from)"), trace);
    }

    @Test
    @Order(4)
    void anInvalidValueIsRefusedWithOneLineNamingTheKeyAndPickedUpLiveWhenFixed() throws Exception {
        writeConfig(Map.of("openflowPort", "sixty-six"));
        Poll.require(WAIT, "the log line naming openflowPort",
                () -> karaf.log().contains("invalid setting openflowPort in io.tenet.controller"));
        Poll.require(WAIT, () -> "the controller component failed: " + controllerState(),
                () -> controllerState().startsWith("FAILED"));
        assertTrue(Sh.run("ss", "-ltnH", "sport = :" + ofPort).out().isBlank(), "nothing listens on the old port");
        writeConfig(Map.of());
        Poll.require(WAIT, () -> "the controller active again: " + controllerState(),
                () -> controllerState().equals("ACTIVE") && api.get("/api/v1/tenants/k/").status() == 200);
    }

    @Test
    @Order(5)
    void aPortInUseIsRefusedWithOneLineNamingTheKey() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(tb.managementAddress()), 0));
            writeConfig(Map.of("openflowPort", Integer.toString(taken.getLocalPort())));
            Poll.require(WAIT, "the log line naming openflowPort", () -> karaf.log().contains("openflowPort "
                    + taken.getLocalPort() + " on " + tb.managementAddress() + " cannot be bound"));
            Poll.require(WAIT, () -> "the controller component failed: " + controllerState(),
                    () -> controllerState().startsWith("FAILED"));
        }
        writeConfig(Map.of());
        Poll.require(WAIT, () -> "the controller active again, its store reopened: " + controllerState(),
                () -> controllerState().equals("ACTIVE") && api.get("/api/v1/tenants/k/").status() == 200);
    }

    @Test
    @Order(6)
    void anUnusableDataDirectoryIsRefusedWithOneLineNamingTheKey() throws Exception {
        writeConfig(Map.of("dataDir", "/proc/tenet-cannot-be-here"));
        Poll.require(WAIT, "the log line naming dataDir",
                () -> karaf.log().contains("dataDir /proc/tenet-cannot-be-here cannot be used"));
        Poll.require(WAIT, () -> "the controller component failed: " + controllerState(),
                () -> controllerState().startsWith("FAILED"));
        assertEquals(1, karaf.log().lines().filter(l -> l.contains("ERROR") && l.contains("Tenet controller not started")
                && l.contains("dataDir /proc/tenet-cannot-be-here")).count(), "one error line, however often SCR retries");
        Poll.require(WAIT, "nothing listening", () -> Sh.run("ss", "-ltnH", "sport = :" + ofPort).out().isBlank());
        writeConfig(Map.of());
        Poll.require(WAIT, () -> "the controller active again: " + controllerState(),
                () -> controllerState().equals("ACTIVE") && api.get("/api/v1/tenants/k/").status() == 200);
    }

    @Test
    @Order(7)
    void theConsoleIsServedAtUiAndIsATabOfKarafsWebConsole() throws Exception {
        HttpResponse<String> ui = http("/ui/", null);
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("<title>Tenet console</title>"), ui.body());
        assertTrue(ui.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, http("/ui/app.js", null).statusCode());
        // The web console is in the stock distribution's standard features; its bundles come offline from the
        // local repository like Tenet's. Its pages need Karaf's admin login.
        String out = shell("feature:install webconsole");
        assertFalse(out.contains("Error"), out);
        String login = "Basic " + java.util.Base64.getEncoder().encodeToString("karaf:karaf".getBytes());
        Poll.require(WAIT, "the web console's Tenet tab",
                () -> http("/system/console/tenet", login).statusCode() == 200);
        String tab = http("/system/console/tenet", login).body();
        assertTrue(tab.contains("<iframe id=\"tenet-console\" src=\"/ui/\""), tab);
        assertTrue(tab.contains("href=\"/system/console/tenet\">Tenet</a>") && tab.contains("Networking"),
                "the tab in the menu, under Networking: " + tab);
        shell("feature:uninstall webconsole");
    }

    private static HttpResponse<String> http(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(8)
    void withTheEtcdStoreFeatureTheControllerKeepsItsModelInEtcd() throws Exception {
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            writeConfig(Map.of("store", etcd.storeSetting()));
            Poll.require(WAIT, "the log line naming the store's feature", () -> karaf.log().contains(
                    "invalid setting store in io.tenet.controller") && karaf.log().contains("tenet-store-etcd"));
            String out = shell("feature:install tenet-store-etcd");
            assertFalse(out.contains("Error"), out);
            Poll.require(WAIT, () -> "the controller active on etcd: " + controllerState(),
                    () -> controllerState().equals("ACTIVE") && api.get("/api/v1/tenants/").status() == 200);
            assertEquals(404, api.get("/api/v1/tenants/k/").status(), "etcd's model, not the embedded one");
            api.mustPost("/api/v1/tenants/ke/", "{\"tenantName\":\"ke\"}");
            String stored = etcd.value("/tenet/model/tenants/ke");
            assertTrue(stored != null && stored.contains("\"ke\""), "the tenant is a document in etcd: " + stored);
            writeConfig(Map.of());
            out = shell("feature:uninstall tenet-store-etcd");
            assertFalse(out.contains("Error"), out);
            Poll.require(WAIT, () -> "the controller active on the embedded store again: " + controllerState(),
                    () -> controllerState().equals("ACTIVE") && api.get("/api/v1/tenants/k/").status() == 200);
        }
    }

    @Test
    @Order(9)
    void uninstallingLeavesNoBundleThreadOrSocket() {
        String out = shell("feature:uninstall tenet");
        assertFalse(out.contains("Error"), out);
        Poll.require(WAIT, () -> "no Tenet bundle: " + tenetBundles(), () -> tenetBundles().isEmpty());
        Poll.require(WAIT, "no Tenet thread", () -> !Sh.run("jcmd", Long.toString(karaf.pid()), "Thread.print").out()
                .contains("\"tenet-"));
        assertTrue(Sh.run("ss", "-ltnH", "sport = :" + ofPort).out().isBlank(), "OpenFlow port still open");
        assertTrue(karaf.isAlive());
    }
}
