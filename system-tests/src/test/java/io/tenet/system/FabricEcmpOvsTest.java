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
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.testbed.Poll;
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
    private static OvsReconcilerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OvsReconcilerFixture.start("ecmp", 92, 0xad, new DatapathCompiler(), NodeView.UPLINK_PORT);
        Global g = Global.DEFAULT;
        f.model.put(GLOBALS, new Global(Global.FwdMode.ROUTING, g.arpMode(), g.vlans(), g.vxlans(), g.pvtSubnet(),
                g.networkInfraType(), g.nameserver()));
        f.model.put(TENANTS, new Tenant("t", ""));
        f.model.put(NETWORKS, new NetworkSpec(new NetworkKey("t", "l3"), Encap.VLAN, Ipv4Prefix.parse("10.62.0.0/24"),
                Ipv4.parse("10.62.0.254"), 0, "data"));
        f.model.put(NODES, new Node("h1", Ipv4.parse("192.168.7.1"), 0xad));
        f.model.put(BGPS, new Bgp("h1", Ipv4.parse("192.168.7.1"), 24, 65011, 65000, R1.ip(), 9, 3,
                Bgp.Advertise.HOSTS));
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static void report(List<BgpReport.NextHop> hops) {
        f.model.put(BGP_REPORTS, new BgpReport("h1", UPLINK_MAC, List.of(), List.of(
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("203.0.113.0/24"), hops))));
    }

    private static String group() {
        return f.ovs.ofctl("dump-groups", "br0").lines().filter(l -> l.contains(GROUP)).findFirst().orElse("");
    }

    private static String route() {
        return f.ovs.ofctl("dump-flows", "br0", "table=52").lines().filter(l -> l.contains("203.0.113.0/24"))
                .findFirst().orElse("");
    }

    @Test
    void twoNextHopsMakeASelectGroupThatOvsHoldsAsSentAndOneNextHopGoesDirect() {
        report(List.of(R1, R2));
        Poll.require(WAIT, () -> "the select group of two buckets: " + f.ovs.ofctl("dump-groups", "br0"),
                () -> group().contains("type=select") && group().split("dec_ttl", -1).length == 3);
        for (BgpReport.NextHop h : List.of(R1, R2)) {
            String g = group();
            assertEquals(true, g.contains(h.mac().toString()) && g.contains(UPLINK_MAC.toString()), g);
        }
        Poll.require(WAIT, () -> "the route's flow names the group: " + route(),
                () -> route().contains("group:" + 0x7e000000L));

        assertEquals(0, f.audit(), "the audit reads back the group and its flow as they were sent");
        assertEquals("", f.lastError());

        report(List.of(R2));
        Poll.require(WAIT, () -> "one next hop, direct: " + route(), () -> route().contains(R2.mac() + "->eth_dst")
                || route().contains("mod_dl_dst:" + R2.mac()));
        Poll.require(WAIT, () -> "the group gone: " + group(), () -> group().isEmpty());
    }
}
