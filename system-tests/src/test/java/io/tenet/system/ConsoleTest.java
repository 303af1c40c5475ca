package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Api;
import io.tenet.testbed.Browser;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;

/**
 * The web console at /ui/ in Debian's headless Chromium, against a standalone controller with 2 simulated hosts
 * and real traffic between containers: what the operator sees, creates and traces there is what the network does.
 * Screenshots of every page are saved under target/console-screenshots/.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
    private static final String TENANT = "tc";
    private static final String NET = "n1";
    private static final Duration REALIZED = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private Testbed tb;
    private Browser browser;
    private String ui;
    private int loads;
    private final List<Container> webs = new ArrayList<>();
    private Container db;

    @BeforeAll
    void setUp() throws IOException {
        tb = TestbedSupport.start(2);
        Api api = tb.api();
        api.createTenant(TENANT);
        api.createNetwork(TENANT, NET, "10.61.0.0/24", "10.61.0.254");
        api.createGroup(TENANT, "web", NET, null, false);
        api.createGroup(TENANT, "db", NET, null, false);
        webs.add(tb.addContainer(tb.host(0), TENANT, NET, "web"));
        webs.add(tb.addContainer(tb.host(1), TENANT, NET, "web"));
        db = tb.addContainer(tb.host(1), TENANT, NET, "db");
        // tb.tcp listens on db itself for each probe: a listener of our own on the port would take its line.
        Poll.require(REALIZED, "web reaches db before any policy", () -> tb.tcp(webs.get(0), db, 80)
                && tb.tcp(webs.get(0), db, 22));
        browser = new Browser(tb.dir());
        ui = api.base() + "/ui/";
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (tb != null) {
            tb.close();
        }
    }

    /** Loads the console afresh on a page (a new query string, so the same page is loaded again, not kept). */
    private void page(String name) {
        browser.open(ui + "?load=" + (++loads) + "#" + name);
        browser.awaitPage(name);
    }

    @Test
    @Order(1)
    void theTopologyShowsEveryHostItsSwitchAndEveryEndpoint() {
        page("topology");
        for (Testbed.Host h : tb.hosts()) {
            String node = tb.nodeName(h);
            browser.require(Duration.ofSeconds(10), "host " + node + " drawn with its switch connected", () -> {
                WebElement g = browser.find("g.host[data-node='" + node + "']");
                return g != null && "true".equals(g.getAttribute("data-connected"))
                        && g.getText().contains("flows");
            });
        }
        assertEquals(1, browser.findAll("line.tunnel").size(), "one tunnel joins two hosts");
        for (Container c : tb.containers()) {
            WebElement b = browser.find("button.endpoint[data-endpoint='" + c.containerId() + "-eth0']");
            assertNotNull(b, "endpoint of " + c.name() + " shown");
            assertTrue(b.getText().contains(c.ip()), b.getText());
        }
        assertNotNull(browser.find("li[data-group='" + TENANT + ":web']"), "endpoints grouped by group");
        // An endpoint's details: its addresses, host, group and the policy that applies.
        browser.find("button.endpoint[data-endpoint='" + db.containerId() + "-eth0']").click();
        browser.require(Duration.ofSeconds(10), "endpoint details", () -> {
            WebElement d = browser.find("#endpoint-detail .policy");
            return d != null && d.getText().contains("policies");
        });
        String detail = browser.find("#endpoint-detail").getText();
        assertTrue(detail.contains(db.ip()) && detail.contains(db.mac()) && detail.contains(tb.nodeName(db.host()))
                && detail.contains("db"), detail);
        browser.screenshot(SHOTS, "1-topology");
    }

    /** Opens the Objects page on a collection and its create form. */
    private void newObject(String collection) {
        objects(collection);
        browser.find("#object-new").click();
    }

    /** Opens the Objects page on a collection. */
    private void objects(String collection) {
        page("objects");
        browser.find("#objects-collections button[data-collection='" + collection + "']").click();
        browser.require(Duration.ofSeconds(10), collection + " listed", () -> browser.find("#objects-table") != null
                && browser.find("#objects-collections button.active").getAttribute("data-collection")
                        .equals(collection));
    }

    private void fill(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            WebElement in = browser.find("#object-form [name='" + name + "']");
            assertNotNull(in, "form field " + name);
            if (in.getTagName().equals("select")) {
                new org.openqa.selenium.support.ui.Select(in).selectByValue(value);
            } else if ("checkbox".equals(in.getAttribute("type"))) {
                if (in.isSelected() != Boolean.parseBoolean(value)) {
                    in.click();
                }
            } else {
                in.clear();
                in.sendKeys(value);
            }
        });
    }

    private void saved() {
        browser.find("#object-save").click();
        browser.require(Duration.ofSeconds(10), "saved", () -> browser.find("#object-saved") != null
                && browser.find("#object-saved").getText().startsWith("saved")
                || !browser.find("#form-error").getText().isEmpty()
                || !browser.findAll(".field-error:not(:empty)").isEmpty());
        assertTrue(browser.find("#object-saved").getText().startsWith("saved"), () -> "refused: "
                + browser.find("#object-form").getText());
    }

    @Test
    @Order(2)
    void aGroupWithABadFieldShowsTheApisErrorBesideThatField() {
        newObject("endpointGroups");
        fill(Map.of("tenantName", TENANT, "groupName", "bad", "networkName", "no-such-net"));
        browser.find("#object-save").click();
        Api.Reply direct = tb.api().post("/api/v1/endpointGroups/" + TENANT + ":bad2/", "{\"tenantName\":\"" + TENANT
                + "\",\"groupName\":\"bad2\",\"networkName\":\"no-such-net\"}");
        assertEquals(400, direct.status(), direct.toString());
        String field = direct.body().path("field").asText();
        browser.require(Duration.ofSeconds(10), "the error beside " + field, () -> !browser.find(
                ".field-error[data-field='" + field + "']").getText().isEmpty());
        assertEquals(direct.body().path("error").asText().replace("bad2", "bad"), browser.find(
                ".field-error[data-field='" + field + "']").getText());
        assertTrue(browser.find("#object-form [name='" + field + "']").getAttribute("class").contains("invalid"));
        assertEquals(404, tb.api().get("/api/v1/endpointGroups/" + TENANT + ":bad/").status(), "nothing created");
        browser.screenshot(SHOTS, "2-objects-error");
    }

    @Test
    @Order(3)
    void aPolicyCreatedInTheConsoleIsEnforcedOnRealTraffic() {
        newObject("policys");
        fill(Map.of("tenantName", TENANT, "policyName", "p-db"));
        saved();
        newObject("rules");
        fill(Map.of("tenantName", TENANT, "policyName", "p-db", "ruleId", "1", "direction", "in", "priority", "10",
                "fromEndpointGroup", "web", "protocol", "tcp", "port", "80", "action", "allow"));
        saved();
        newObject("rules");
        fill(Map.of("tenantName", TENANT, "policyName", "p-db", "ruleId", "2", "direction", "in", "priority", "20",
                "fromEndpointGroup", "web", "protocol", "tcp", "port", "22", "action", "deny"));
        saved();
        // Edit group db: carry the policy.
        objects("endpointGroups");
        browser.require(Duration.ofSeconds(10), "groups listed", () -> browser.find(
                "#objects-table tr[data-key='" + TENANT + ":db']") != null);
        browser.find("#objects-table tr[data-key='" + TENANT + ":db'] button.edit").click();
        fill(Map.of("policies", "p-db"));
        saved();
        assertEquals("p-db", tb.api().get("/api/v1/endpointGroups/" + TENANT + ":db/").body().path("policies")
                .path(0).asText());
        browser.screenshot(SHOTS, "3-objects-saved");
        for (Container web : webs) {
            Poll.require(REALIZED, "deny rule enforced from " + web.name(), () -> !tb.tcp(web, db, 22));
            assertTrue(tb.tcp(web, db, 80), "allowed by rule 1 from " + web.name());
        }
    }

    @Test
    @Order(4)
    void theTrafficPageCountersRiseWhileAContainerSends() {
        page("traffic");
        String row = "#traffic-groups tr[data-group='" + TENANT + ":web'] .out-packets";
        browser.require(Duration.ofSeconds(10), "web's row", () -> browser.find(row) != null);
        long before = Long.parseLong(browser.find(row).getText().replace(",", ""));
        browser.screenshot(SHOTS, "4-traffic-before");
        Sh.Result ping = Sh.run(Sh.inNs(webs.get(0).ns(), "ping", "-c", "40", "-i", "0.05", "-W", "1", db.ip()));
        assertTrue(ping.ok(), ping.out());
        browser.require(Duration.ofSeconds(10), "counters rise by what was sent", () -> Long.parseLong(browser.find(row)
                .getText().replace(",", "")) >= before + 40);
        assertEquals("live", browser.find("#traffic-status").getText());
        assertNotNull(browser.find("#traffic-rules tr[data-rule='" + TENANT + ":p-db:1']"), "the allow rule's hits");
        browser.screenshot(SHOTS, "5-traffic-after");
    }

    private WebElement trace(Container from, Container to, String protocol, int port) {
        page("trace");
        browser.find("#trace-from").sendKeys(from.containerId() + "-eth0");
        browser.find("#trace-to").sendKeys(to.containerId() + "-eth0");
        new org.openqa.selenium.support.ui.Select(browser.find("#trace-protocol")).selectByValue(protocol);
        browser.find("#trace-port").clear();
        browser.find("#trace-port").sendKeys(Integer.toString(port));
        browser.find("#trace-run").click();
        browser.require(Duration.ofSeconds(10), "trace result", () -> browser.find("#trace-result, #trace-error")
                != null);
        assertNotNull(browser.find("#trace-result"), () -> browser.find("#trace-error").getText());
        return browser.find("#trace-result");
    }

    @Test
    @Order(5)
    void aTraceOfADeniedPairNamesTheRuleAndOfAnAllowedPairShowsTheOutputPort() {
        WebElement denied = trace(webs.get(0), db, "tcp", 22);
        assertEquals("deny", denied.getAttribute("data-verdict"));
        assertEquals(TENANT + ":p-db:2", denied.findElement(org.openqa.selenium.By.cssSelector(".rule")).getText());
        assertFalse(tb.tcp(webs.get(0), db, 22), "real traffic agrees");
        browser.screenshot(SHOTS, "6-trace-denied");
        WebElement allowed = trace(webs.get(0), db, "tcp", 80);
        assertEquals("allow", allowed.getAttribute("data-verdict"));
        String output = allowed.findElement(org.openqa.selenium.By.cssSelector(".output")).getText();
        Api.Reply api = tb.api().get("/api/v1/trace?from=" + webs.get(0).containerId() + "-eth0&to="
                + db.containerId() + "-eth0&protocol=tcp&port=80");
        String port = api.body().path("output").path("port").asText();
        assertFalse(port.isEmpty(), api.toString());
        assertTrue(output.contains("port " + port), output);
        assertTrue(tb.tcp(webs.get(0), db, 80), "real traffic agrees");
        browser.screenshot(SHOTS, "7-trace-allowed");
    }

    @Test
    @Order(6)
    void theEventsPageShowsWhatChanged() {
        page("events");
        browser.require(Duration.ofSeconds(10), "the rule's creation listed", () -> browser.find("#events-table")
                .getText().contains(TENANT + ":p-db:2"));
        browser.screenshot(SHOTS, "8-events");
    }

    @Test
    @Order(7)
    void afterAControllerRestartTheOpenEventsPageShowsTheNewLog() throws IOException {
        // The page stays open while the controller restarts; its next events are numbered from 1 again.
        String before = TENANT + ":p-db:2";
        assertTrue(browser.find("#events-table").getText().contains(before));
        tb.killController();
        tb.startController();
        Poll.require(REALIZED, "the controller back", () -> tb.api().get("/api/v1/tenants/").status() == 200);
        tb.api().createPolicy(TENANT, "p-after");
        browser.require(REALIZED, "the new boot's events shown, the old boot's gone", () -> {
            String text = browser.find("#events-table").getText();
            return text.contains(TENANT + ":p-after") && !text.contains(before)
                    && browser.find("#events-table tr[data-seq='1']").getText().contains("model loaded");
        });
        browser.screenshot(SHOTS, "9-events-after-restart");
    }
}
