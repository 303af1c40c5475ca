package io.tenet.system;

import static io.tenet.controller.collections.ModelCollections.BGPS;
import static io.tenet.controller.collections.ModelCollections.BGP_REPORTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenet.controller.api.Bgp;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.store.embedded.MvStore;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ECMP over learned routes against a real ovs-vswitchd, through the whole compiler: a BGP host's route with two
 * resolved next hops becomes a select group of two buckets (each rewriting to its next hop, decrementing the TTL
 * and leaving by the uplink) named by the route's flow in table 52; an audit reads back exactly what was sent; a
 * route reduced to one next hop goes direct and the group goes.
 */
@Tag("system")
class FabricEcmpOvsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GROUP = "group_id=" + 0x7e000000L;
    private static final Mac UPLINK_MAC = Mac.parse("5a:6e:1f:00:00:0b");
    private static final BgpReport.NextHop R1 = new BgpReport.NextHop(Ipv4.parse("192.168.7.250"),
            Mac.parse("7e:42:c5:00:00:fa"));
    private static final BgpReport.NextHop R2 = new BgpReport.NextHop(Ipv4.parse("192.168.7.251"),
            Mac.parse("7e:42:c5:00:00:fb"));
    private static Testbed tb;
    private static OvsInstance ovs;
    private static OpenFlowServer server;
    private static MvStore store;
    private static ModelManager model;
    private static ReconcilerService reconciler;

    @BeforeAll
    static void start() throws Exception {
        tb = TestbedSupport.start(0, Testbed.Backend.NONE);
        String ns = tb.prefix() + "-ecmp";
        tb.addNs(ns);
        tb.attachManagement(ns, 92);
        server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(InetAddress.getByName(tb.managementAddress()),
                0)));
        store = MvStore.inMemory();
        model = new ModelManager(store);
        Global g = Global.DEFAULT;
        model.put(GLOBALS, new Global(Global.FwdMode.ROUTING, g.arpMode(), g.vlans(), g.vxlans(), g.pvtSubnet(),
                g.networkInfraType(), g.nameserver()));
        model.put(TENANTS, new Tenant("t", ""));
        model.put(NETWORKS, new NetworkSpec(new NetworkKey("t", "l3"), Encap.VLAN, Ipv4Prefix.parse("10.62.0.0/24"),
                Ipv4.parse("10.62.0.254"), 0, "data"));
        model.put(NODES, new Node("h1", Ipv4.parse("192.168.7.1"), 0xad));
        model.put(BGPS, new Bgp("h1", Ipv4.parse("192.168.7.1"), 24, 65011, 65000, R1.ip(), 9, 3,
                Bgp.Advertise.HOSTS));
        reconciler = new ReconcilerService(model, server, Duration.ofHours(1));
        ovs = OvsInstance.start(ns, tb.dir().resolve("ecmp"));
        ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev", "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=00000000000000ad");
        ovs.vsctl("add-port", "br0", NodeView.UPLINK_PORT, "--", "set", "interface", NodeView.UPLINK_PORT,
                "type=internal");
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

    private static void report(List<BgpReport.NextHop> hops) {
        model.put(BGP_REPORTS, new BgpReport("h1", UPLINK_MAC, List.of(), List.of(
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("203.0.113.0/24"), hops))));
    }

    private static String group() {
        return ovs.ofctl("dump-groups", "br0").lines().filter(l -> l.contains(GROUP)).findFirst().orElse("");
    }

    private static String route() {
        return ovs.ofctl("dump-flows", "br0", "table=52").lines().filter(l -> l.contains("203.0.113.0/24"))
                .findFirst().orElse("");
    }

    @Test
    void twoNextHopsMakeASelectGroupThatOvsHoldsAsSentAndOneNextHopGoesDirect() {
        report(List.of(R1, R2));
        Poll.require(WAIT, () -> "the select group of two buckets: " + ovs.ofctl("dump-groups", "br0"),
                () -> group().contains("type=select") && group().split("dec_ttl", -1).length == 3);
        for (BgpReport.NextHop h : List.of(R1, R2)) {
            String g = group();
            assertEquals(true, g.contains(h.mac().toString()) && g.contains(UPLINK_MAC.toString()), g);
        }
        Poll.require(WAIT, () -> "the route's flow names the group: " + route(),
                () -> route().contains("group:" + 0x7e000000L));

        var sw = server.switches().iterator().next();
        long mods = sw.stateModsSent();
        long runs = reconciler.switches().get(0).reconciliations();
        reconciler.requestAudit();
        Poll.require(WAIT, "the audit to run", () -> reconciler.switches().get(0).reconciliations() > runs);
        assertEquals(mods, sw.stateModsSent(), "the audit reads back the group and its flow as they were sent");
        assertEquals("", reconciler.switches().get(0).lastError());

        report(List.of(R2));
        Poll.require(WAIT, () -> "one next hop, direct: " + route(), () -> route().contains(R2.mac() + "->eth_dst")
                || route().contains("mod_dl_dst:" + R2.mac()));
        Poll.require(WAIT, () -> "the group gone: " + group(), () -> group().isEmpty());
    }
}
