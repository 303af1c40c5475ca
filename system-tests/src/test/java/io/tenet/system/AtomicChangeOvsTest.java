package io.tenet.system;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.PoisonTestFeature;
import io.tenet.testbed.Poll;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A change a real ovs-vswitchd refuses in part (one flow of two outputs to a group that does not exist) is applied
 * as one OpenFlow 1.4 bundle: the switch keeps exactly the tables it had, the reconciler reports the refusal with
 * the object whose flow failed, and once the change is undone the switch converges again.
 */
@Tag("system")
class AtomicChangeOvsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NetworkKey NET = new NetworkKey("t", "n");
    private static OvsReconcilerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OvsReconcilerFixture.start("at", 92, 0xad, PoisonTestFeature.compiler(), "p1");
        f.model.put(TENANTS, new Tenant("t", ""));
        f.model.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse("10.8.0.0/24"), null, 0, "data"));
        f.model.put(NODES, new Node("h1", Ipv4.parse("192.168.8.1"), 0xad));
        f.model.put(GROUPS, new EndpointGroup(new ScopedKey("t", "g"), "n", List.of(), "", "", List.of(), false, 0));
        f.model.put(ENDPOINTS, new EndpointRequest("e1", NET, "g", "h1", "p1", "e1", Map.of(), null));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static String tables() {
        return Arrays.stream(f.ovs.ofctl("dump-flows", "br0", "--no-stats").split("\n")).map(String::strip)
                .filter(l -> l.startsWith("cookie=")).sorted().collect(Collectors.joining("\n"));
    }

    @Test
    void aRefusedChangeLeavesTheSwitchAsItWasAndNamesTheObject() {
        Poll.require(WAIT, "the endpoint's flows", () -> !tables().isEmpty() && f.lastError().isEmpty());
        Poll.require(WAIT, "settled: an audit finds nothing to change", () -> f.audit() == 0);
        String before = tables();
        f.model.put(GROUPS, new EndpointGroup(new ScopedKey("t", "poison1"), "n", List.of(), "", "", List.of(),
                false, 0));
        Poll.require(WAIT, "the refusal reported", () -> !f.lastError().isEmpty());
        String error = f.lastError();
        assertTrue(error.contains("none of this change was applied"), error);
        assertTrue(error.contains("poisontest t:poison1"), "the object whose flow failed: " + error);
        assertEquals(before, tables(), "not even the valid flow of the change is on the switch");
        // The reconciler retries with back-off; the switch stays as it was meanwhile.
        assertEquals(before, tables());
        f.model.delete(GROUPS, new ScopedKey("t", "poison1"));
        Poll.require(WAIT, "converged once the change is undone", () -> f.lastError().isEmpty());
        assertEquals(before, tables());
        assertEquals(0, f.audit(), "nothing left to repair");
    }
}
