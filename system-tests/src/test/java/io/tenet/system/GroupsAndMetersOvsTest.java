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
import io.tenet.controller.compiler.GroupTestFeature;
import io.tenet.testbed.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Groups and meters as desired state, against a real ovs-vswitchd: the reconciler installs the select group and
 * the meter of {@link GroupTestFeature} with the flow that names them, modifies them in place as the endpoint
 * group grows, finds nothing to change when it audits an untouched switch, and restores a group deleted behind
 * its back (which OVS deletes with the flows that use it).
 */
@Tag("system")
class GroupsAndMetersOvsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NetworkKey NET = new NetworkKey("t", "n");
    private static final String GROUP = "group_id=" + (0x7e000001L);
    private static OvsReconcilerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OvsReconcilerFixture.start("gm", 91, 0xab, GroupTestFeature.compiler(), "p1");
        f.model.put(TENANTS, new Tenant("t", ""));
        f.model.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse("10.7.0.0/24"), null, 0, "data"));
        f.model.put(NODES, new Node("h1", Ipv4.parse("192.168.7.1"), 0xab));
        f.model.put(NODES, new Node("h2", Ipv4.parse("192.168.7.2"), 0xac));
        f.model.put(GROUPS, new EndpointGroup(new ScopedKey("t", "g"), "n", List.of(), "", "", List.of(), false, 0));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static String groups() {
        return f.ovs.ofctl("dump-groups", "br0");
    }

    private static long buckets() {
        return groups().lines().filter(l -> l.contains(GROUP)).mapToLong(l -> l.split("bucket=", -1).length - 1).sum();
    }

    @Test
    void groupsAndMetersAreInstalledModifiedAuditedAndRestored() throws Exception {
        f.model.put(ENDPOINTS, new EndpointRequest("e1", NET, "g", "h1", "p1", "e1", Map.of(), null));
        Poll.require(WAIT, () -> "the group with one bucket: " + groups(), () -> buckets() == 1);
        Poll.require(WAIT, "the meter", () -> f.ovs.ofctl("dump-meters", "br0").contains("meter=" + 0x7e000001L));
        assertTrue(f.ovs.ofctl("dump-flows", "br0").contains("actions=meter:" + 0x7e000001L + ",group:" + 0x7e000001L),
                "the flow that names them");

        f.model.put(ENDPOINTS, new EndpointRequest("e2", NET, "g", "h2", "tn2", "e2", Map.of(), null));
        Poll.require(WAIT, () -> "the group modified to two buckets: " + groups(), () -> buckets() == 2);
        Poll.require(WAIT, "the meter modified", () -> f.ovs.ofctl("dump-meters", "br0").contains("rate=2000"));

        assertEquals(0, f.audit(), "an audit of an untouched switch changes nothing: what was read back (flows,"
                + " groups, meters) equals what was sent");
        assertEquals("", f.lastError());

        f.ovs.ofctl("del-groups", "br0", GROUP);
        assertTrue(!f.ovs.ofctl("dump-flows", "br0").contains("group:"), "OVS deletes a group's flows with it");
        f.reconciler.requestAudit();
        Poll.require(WAIT, () -> "the group restored: " + groups(), () -> buckets() == 2);
        Poll.require(WAIT, "its flow restored", () -> f.ovs.ofctl("dump-flows", "br0").contains("group:" + 0x7e000001L));
    }
}
