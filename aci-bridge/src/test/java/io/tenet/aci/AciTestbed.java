package io.tenet.aci;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.aci.apic.Mo;
import io.tenet.aci.fake.FakeApic;
import io.tenet.aci.mapping.AciMapping;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.rest.ApiResponse;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A controller's model (the embedded store in a temporary directory, written through the REST API as operators
 * do), the ACI bridge on it, and a {@link FakeApic}. {@link #restartController} closes the bridge and the store and
 * opens them again on the same directory, as a controller restart does.
 */
final class AciTestbed implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER = "tenet";
    static final String PASSWORD = "s3cret-Pass";

    final Clock clock;
    final FakeApic apic;
    private final Path dir;
    private MvStore store;
    ModelManager model;
    private RestApi rest;
    private OperStatus status;
    /** The controller's event log: kept across restarts here, as an operator's view would be. */
    final EventLog events = new EventLog();
    private AciBridge bridge;

    AciTestbed() throws Exception {
        this(new TestClock());
    }

    /** On {@code clock}: the tests' own, or the system's for the benchmark. */
    AciTestbed(Clock clock) throws Exception {
        this.clock = clock;
        apic = new FakeApic(clock);
        apic.addUser(USER, PASSWORD);
        dir = Files.createTempDirectory("tenet-aci-test");
        open();
        ok("POST", "/api/v1/globals/global/", "{\"name\":\"global\",\"networkInfraType\":\"aci\"}");
    }

    private void open() {
        store = MvStore.open(dir);
        model = new ModelManager(store);
        status = new OperStatus();
        rest = new RestApi(model, null, status, events);
        bridge = new AciBridge(new AciBridge.Settings(Duration.ofHours(1),
                new CoalescingRunner.Backoff(Duration.ofMillis(50), Duration.ofMillis(400)), Duration.ofSeconds(2), 3,
                Duration.ofMillis(20), clock));
        bridge.start(model, status, events);
    }

    void restartController() {
        bridge.close();
        model.close();
        store.close();
        open();
    }

    AciBridge bridge() {
        return bridge;
    }

    /** A REST call that must succeed. */
    JsonNode ok(String method, String path, String body) {
        ApiResponse r = call(method, path, body);
        assertTrue(r.status() / 100 == 2, method + " " + path + " answered " + r.status() + " " + r.body());
        return r.body();
    }

    ApiResponse call(String method, String path, String body) {
        return rest.handle(method, path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** The ACI gateway pointing at the fake (ACI mode is on from the start). */
    void connect(String extra) {
        connect(PASSWORD, extra);
    }

    void connect(String password, String extra) {
        ok("POST", "/api/v1/aciGws/aciGw/", "{\"name\":\"aciGw\",\"pathBindings\":"
                + "\"topology/pod-1/paths-101/pathep-[eth1/14]\",\"nodeBindings\":\"topology/pod-1/node-102\","
                + "\"physicalDomain\":\"tenet-phys\",\"enforcePolicies\":\"yes\",\"includeCommonTenant\":\"yes\","
                + "\"apicUrls\":[\"" + apic.url() + "\"],\"apicUsername\":\"" + USER + "\",\"apicPassword\":\""
                + password + "\",\"apicCaCert\":" + JSON.valueToTree(apic.caPem()) + extra + "}");
    }

    /** The bridge's {@code aciGws} inspect view. */
    JsonNode bridgeView() {
        JsonNode oper = ok("GET", "/api/v1/inspect/aciGws/aciGw/", null).path("Oper");
        return oper.path("bridge");
    }

    /** The objects the model asks for now. */
    Map<String, Mo> desired() {
        AciGw gw = model.snapshot().get(ModelCollections.ACI_GWS).get(AciGw.NAME);
        return AciMapping.of(model.snapshot(), gw).objects();
    }

    /** Tenet's objects on the fake. */
    Map<String, Mo> tenetObjects() {
        Map<String, Mo> out = new TreeMap<>();
        apic.tree().forEach((dn, mo) -> {
            if (AciMapping.ANNOTATION.equals(mo.attribute("annotation"))) {
                out.put(dn, mo);
            }
        });
        return out;
    }

    /** Waits until Tenet's objects on the fake are exactly the desired ones and the bridge says so. */
    void awaitConverged() {
        await("the APIC holds exactly the desired objects", () -> tenetObjects().equals(desired())
                && bridgeView().path("state").asText().startsWith("in sync"));
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** The policy truth table's model: three groups, in and out rules, allow and deny, an external contract. */
    void truthTableModel() {
        ok("POST", "/api/v1/tenants/tt/", "{\"tenantName\":\"tt\"}");
        ok("POST", "/api/v1/networks/tt:app/", "{\"networkName\":\"app\",\"tenantName\":\"tt\",\"encap\":\"vlan\","
                + "\"subnet\":\"10.36.0.0/24\",\"gateway\":\"10.36.0.1\"}");
        ok("POST", "/api/v1/policys/tt:web-in/", "{\"policyName\":\"web-in\",\"tenantName\":\"tt\"}");
        ok("POST", "/api/v1/policys/tt:client-out/", "{\"policyName\":\"client-out\",\"tenantName\":\"tt\"}");
        ok("POST", "/api/v1/endpointGroups/tt:db/", "{\"groupName\":\"db\",\"tenantName\":\"tt\","
                + "\"networkName\":\"app\"}");
        ok("POST", "/api/v1/extContractsGroups/tt:inet/", "{\"contractsGroupName\":\"inet\",\"tenantName\":\"tt\","
                + "\"contractsType\":\"consumed\",\"contracts\":[\"uni/tn-common/brc-internet\"]}");
        ok("POST", "/api/v1/endpointGroups/tt:web/", "{\"groupName\":\"web\",\"tenantName\":\"tt\",\"networkName\":"
                + "\"app\",\"policies\":[\"web-in\"],\"defaultDeny\":true}");
        ok("POST", "/api/v1/endpointGroups/tt:client/", "{\"groupName\":\"client\",\"tenantName\":\"tt\","
                + "\"networkName\":\"app\",\"policies\":[\"client-out\"],\"defaultDeny\":true,\"extContractsGrps\":"
                + "[\"inet\"]}");
        ok("POST", "/api/v1/rules/tt:web-in:1/", "{\"policyName\":\"web-in\",\"ruleId\":\"1\",\"tenantName\":\"tt\","
                + "\"direction\":\"in\",\"fromEndpointGroup\":\"client\",\"protocol\":\"tcp\",\"port\":80,"
                + "\"action\":\"allow\",\"priority\":10}");
        ok("POST", "/api/v1/rules/tt:web-in:2/", "{\"policyName\":\"web-in\",\"ruleId\":\"2\",\"tenantName\":\"tt\","
                + "\"direction\":\"in\",\"protocol\":\"tcp\",\"port\":22,\"action\":\"deny\",\"priority\":90}");
        ok("POST", "/api/v1/rules/tt:client-out:1/", "{\"policyName\":\"client-out\",\"ruleId\":\"1\","
                + "\"tenantName\":\"tt\",\"direction\":\"out\",\"toEndpointGroup\":\"db\",\"protocol\":\"udp\","
                + "\"port\":53,\"action\":\"deny\",\"priority\":50}");
        ok("POST", "/api/v1/rules/tt:client-out:2/", "{\"policyName\":\"client-out\",\"ruleId\":\"2\","
                + "\"tenantName\":\"tt\",\"direction\":\"out\",\"toNetwork\":\"app\",\"protocol\":\"tcp\","
                + "\"port\":443,\"action\":\"allow\",\"priority\":20}");
        ok("POST", "/api/v1/appProfiles/tt:shop/", "{\"appProfileName\":\"shop\",\"tenantName\":\"tt\","
                + "\"endpointGroups\":[\"web\",\"client\"]}");
    }

    /** {@code tenants} tenants, each with one VLAN network, {@code groups} groups and {@code rules} rules per group. */
    void scaleModel(int tenants, int groups, int rules) {
        for (int t = 0; t < tenants; t++) {
            String tn = "t" + t;
            ok("POST", "/api/v1/tenants/" + tn + "/", "{\"tenantName\":\"" + tn + "\"}");
            ok("POST", "/api/v1/networks/" + tn + ":n/", "{\"networkName\":\"n\",\"tenantName\":\"" + tn
                    + "\",\"encap\":\"vlan\",\"subnet\":\"10." + (t / 250) + "." + (t % 250) + ".0/24\"}");
            for (int g = 0; g < groups; g++) {
                String p = "p" + g;
                ok("POST", "/api/v1/policys/" + tn + ":" + p + "/", "{\"policyName\":\"" + p + "\",\"tenantName\":\""
                        + tn + "\"}");
                ok("POST", "/api/v1/endpointGroups/" + tn + ":g" + g + "/", "{\"groupName\":\"g" + g
                        + "\",\"tenantName\":\"" + tn + "\",\"networkName\":\"n\",\"policies\":[\"" + p
                        + "\"],\"defaultDeny\":true}");
            }
            for (int g = 0; g < groups; g++) {
                String p = "p" + g;
                for (int r = 0; r < rules; r++) {
                    ok("POST", "/api/v1/rules/" + tn + ":" + p + ":" + r + "/", "{\"policyName\":\"" + p
                            + "\",\"ruleId\":\"" + r + "\",\"tenantName\":\"" + tn + "\",\"direction\":\"in\","
                            + "\"fromEndpointGroup\":\"g" + ((g + 1) % groups) + "\",\"protocol\":\"tcp\",\"port\":"
                            + (1000 + r) + ",\"action\":\"allow\",\"priority\":" + (1 + r % 100) + "}");
                }
            }
        }
    }

    static Stream<String> classes(Map<String, Mo> objects) {
        return objects.values().stream().map(Mo::cls);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        bridge.close();
        model.close();
        store.close();
        apic.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // a temporary directory
        }
    }
}
