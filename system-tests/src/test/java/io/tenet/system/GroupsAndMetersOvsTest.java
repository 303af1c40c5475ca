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
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.store.embedded.MvStore;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
    private static Testbed tb;
    private static OvsInstance ovs;
    private static OpenFlowServer server;
    private static MvStore store;
    private static ModelManager model;
    private static ReconcilerService reconciler;

    @BeforeAll
    static void start() throws Exception {
        tb = TestbedSupport.start(0, Testbed.Backend.NONE);
        String ns = tb.prefix() + "-gm";
        tb.addNs(ns);
        tb.attachManagement(ns, 91);
        server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(InetAddress.getByName(tb.managementAddress()),
                0)));
        store = MvStore.inMemory();
        model = new ModelManager(store);
        model.put(TENANTS, new Tenant("t", ""));
        model.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse("10.7.0.0/24"), null, 0, "data"));
        model.put(NODES, new Node("h1", Ipv4.parse("192.168.7.1"), 0xab));
        model.put(NODES, new Node("h2", Ipv4.parse("192.168.7.2"), 0xac));
        model.put(GROUPS, new EndpointGroup(new ScopedKey("t", "g"), "n", List.of(), "", "", List.of(), false, 0));
        reconciler = new ReconcilerService(model, server, Duration.ofHours(1), GroupTestFeature.compiler());
        ovs = OvsInstance.start(ns, tb.dir().resolve("gm"));
        ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev", "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=00000000000000ab");
        ovs.vsctl("add-port", "br0", "p1", "--", "set", "interface", "p1", "type=internal");
        ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":" + server.localAddress().getPort());
        Poll.require(WAIT, "br0 to connect", () -> !server.switches().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (reconciler != null) {
            reconciler.close();
        }
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
        if (store != null) {
            store.close();
        }
        if (ovs != null) {
            ovs.stop();
        }
        if (tb != null) {
            tb.close();
        }
    }

    private static OpenFlowSwitch sw() {
        return server.switches().iterator().next();
    }

    private static String groups() {
        return ovs.ofctl("dump-groups", "br0");
    }

    private static long buckets() {
        return groups().lines().filter(l -> l.contains(GROUP)).mapToLong(l -> l.split("bucket=", -1).length - 1).sum();
    }

    @Test
    void groupsAndMetersAreInstalledModifiedAuditedAndRestored() throws Exception {
        model.put(ENDPOINTS, new EndpointRequest("e1", NET, "g", "h1", "p1", "e1", Map.of(), null));
        Poll.require(WAIT, () -> "the group with one bucket: " + groups(), () -> buckets() == 1);
        Poll.require(WAIT, "the meter", () -> ovs.ofctl("dump-meters", "br0").contains("meter=" + 0x7e000001L));
        assertTrue(ovs.ofctl("dump-flows", "br0").contains("actions=meter:" + 0x7e000001L + ",group:" + 0x7e000001L),
                "the flow that names them");

        model.put(ENDPOINTS, new EndpointRequest("e2", NET, "g", "h2", "tn2", "e2", Map.of(), null));
        Poll.require(WAIT, () -> "the group modified to two buckets: " + groups(), () -> buckets() == 2);
        Poll.require(WAIT, "the meter modified", () -> ovs.ofctl("dump-meters", "br0").contains("rate=2000"));

        long mods = sw().stateModsSent();
        long runs = reconciler.switches().get(0).reconciliations();
        reconciler.requestAudit();
        Poll.require(WAIT, "the audit to run", () -> reconciler.switches().get(0).reconciliations() > runs);
        assertEquals(mods, sw().stateModsSent(), "an audit of an untouched switch changes nothing: what was read"
                + " back (flows, groups, meters) equals what was sent");
        assertEquals("", reconciler.switches().get(0).lastError());

        ovs.ofctl("del-groups", "br0", GROUP);
        assertTrue(!ovs.ofctl("dump-flows", "br0").contains("group:"), "OVS deletes a group's flows with it");
        reconciler.requestAudit();
        Poll.require(WAIT, () -> "the group restored: " + groups(), () -> buckets() == 2);
        Poll.require(WAIT, "its flow restored", () -> ovs.ofctl("dump-flows", "br0").contains("group:" + 0x7e000001L));
    }
}
