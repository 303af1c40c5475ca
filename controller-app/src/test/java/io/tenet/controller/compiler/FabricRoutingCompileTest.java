package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.BGPS;
import static io.tenet.controller.collections.ModelCollections.BGP_REPORTS;
import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Bgp;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.store.embedded.MvStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A host that speaks BGP routes its fabric-routed network by its learned routes; one that does not, by VLAN. */
class FabricRoutingCompileTest {
    private static final NetworkKey L3 = new NetworkKey("t", "l3");
    private static final NetworkKey OVERLAY = new NetworkKey("t", "vx");
    private static final Map<String, Integer> PORTS = Map.of(NodeView.TUNNEL_PORT, 1, NodeView.UPLINK_PORT, 3,
            "tna", 10, "tnb", 11, "tnc", 12);
    private MvStore store;
    private ModelManager m;
    private Endpoint a;
    private Endpoint b;

    @BeforeEach
    void cluster() {
        store = MvStore.inMemory();
        m = new ModelManager(store);
        Global g = Global.DEFAULT;
        m.put(GLOBALS, new Global(Global.FwdMode.ROUTING, g.arpMode(), g.vlans(), g.vxlans(), g.pvtSubnet(),
                g.networkInfraType(), g.nameserver()));
        m.put(TENANTS, new Tenant("t", ""));
        m.put(NETWORKS, new NetworkSpec(L3, Encap.VLAN, Ipv4Prefix.parse("10.60.0.0/24"), Ipv4.parse("10.60.0.254"), 0,
                "data"));
        m.put(NETWORKS, new NetworkSpec(OVERLAY, Encap.VXLAN, Ipv4Prefix.parse("10.61.0.0/24"),
                Ipv4.parse("10.61.0.254"), 0, "data"));
        m.put(NODES, new Node("h1", Ipv4.parse("192.168.77.11"), 0x11));
        m.put(NODES, new Node("h2", Ipv4.parse("192.168.77.12"), 0x12));
        m.put(ENDPOINTS, new EndpointRequest("a", L3, "", "h1", "tna", "a", Map.of(), null));
        m.put(ENDPOINTS, new EndpointRequest("b", L3, "", "h2", "tnb", "b", Map.of(), null));
        m.put(ENDPOINTS, new EndpointRequest("c", OVERLAY, "", "h1", "tnc", "c", Map.of(), null));
        a = m.snapshot().get(ENDPOINTS).get("a");
        b = m.snapshot().get(ENDPOINTS).get("b");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Set<String> flows(String host) {
        Node node = m.snapshot().get(NODES).get(host);
        return DatapathCompiler.compileFromScratch(m.snapshot(), new NodeView(node, PORTS)).flows().stream()
                .map(FlowSpec::ofctl).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean any(Set<String> flows, String... parts) {
        return flows.stream().anyMatch(f -> List.of(parts).stream().allMatch(f::contains));
    }

    private void speakBgp(String host) {
        m.put(BGPS, new Bgp(host, Ipv4.parse("192.168.77.11"), 24, 65011, 65000, Ipv4.parse("192.168.77.250"), 9, 3,
                Bgp.Advertise.HOSTS));
    }

    @Test
    void withoutBgpTheNetworkLeavesTaggedAndNoRouteIsLearned() {
        Set<String> h1 = flows("h1");
        assertTrue(any(h1, "table=50", "push_vlan"), "VLAN output without BGP");
        assertFalse(any(h1, "table=52,priority=3"), "no fabric routes");
        speakBgp("h1");
        assertFalse(any(flows("h1"), "table=52,priority=3"), "BGP but no report yet: no route");
    }

    @Test
    void aBgpHostRoutesTheFabricNetworkByItsLearnedRoutes() {
        speakBgp("h1");
        Mac peer = Mac.parse("7e:42:c5:00:00:fa");
        Mac uplink = Mac.parse("5a:6e:1f:00:00:0b");
        m.put(BGP_REPORTS, new BgpReport("h1", uplink, List.of(), List.of(
                new BgpReport.LearnedRoute(new Ipv4Prefix(b.ip(), 32), List.of(new BgpReport.NextHop(
                        Ipv4.parse("192.168.77.250"), peer))),
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("203.0.113.0/24"), List.of(new BgpReport.NextHop(
                        Ipv4.parse("192.168.77.250"), peer))),
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("198.51.100.0/24"), List.of(new BgpReport.NextHop(
                        Ipv4.parse("192.168.77.251"), null))))));
        Set<String> h1 = flows("h1");
        String rewrite = "set_field:" + uplink + "->eth_src,set_field:" + peer + "->eth_dst,dec_ttl,output:3";
        assertTrue(any(h1, "table=52,priority=33,ip,nw_dst=" + b.ip() + " ", rewrite), "the remote endpoint's /32");
        assertTrue(any(h1, "table=52,priority=25,ip,nw_dst=203.0.113.0/24", rewrite), "the outside prefix");
        assertFalse(any(h1, "198.51.100.0"), "a route with no resolved next hop is not used");
        assertTrue(any(h1, "table=24,priority=26,reg1=0x0/0x1,ip,nw_dst=203.0.113.0/24", "0x10003->reg4"),
                "routed packets for the outside prefix go to the fabric, in every VRF");
        assertTrue(any(h1, "table=50", "reg4=0x10001", "goto_table:52"), "the L3 network's remote endpoints");
        assertTrue(any(h1, "table=50", "reg4=0x10003", "goto_table:52"));
        assertFalse(any(h1, "push_vlan"), "nothing leaves tagged: " + h1.stream().filter(f -> f.contains("push_vlan"))
                .toList());
        assertTrue(any(h1, "table=0", "in_port=3,vlan_tci=0x0000/0x1fff,ip,nw_dst=" + a.ip() + " ",
                "set_field:" + RoutingFeature.ROUTER_MAC + "->eth_src", "set_field:" + a.mac() + "->eth_dst",
                "dec_ttl", "goto_table:5"), "what the fabric routes to the local endpoint");
        assertFalse(any(h1, "table=0", "vlan_tci=0x0000/0x1fff", "nw_dst=" + b.ip() + " "));
        assertTrue(any(h1, "table=5,priority=1,in_port=3", "0x0->reg2"), "sources beyond the fabric");
        assertTrue(any(h1, "table=0", "in_port=1,tun_id="), "the VXLAN network keeps its overlay");
        Set<String> h2 = flows("h2");
        assertTrue(any(h2, "table=50", "push_vlan"), "h2 speaks no BGP: its VLAN output stays");
        assertFalse(any(h2, "table=52,priority=3"), "and it has no learned route");
    }

    /** Routes with several resolved next hops share a select group per set of next hops; one next hop is direct. */
    @Test
    void equalNextHopsMakeOneSelectGroupPerSet() {
        speakBgp("h1");
        Mac uplink = Mac.parse("5a:6e:1f:00:00:0b");
        BgpReport.NextHop r1 = new BgpReport.NextHop(Ipv4.parse("192.168.77.250"), Mac.parse("7e:42:c5:00:00:fa"));
        BgpReport.NextHop r2 = new BgpReport.NextHop(Ipv4.parse("192.168.77.251"), Mac.parse("7e:42:c5:00:00:fb"));
        BgpReport.NextHop unresolved = new BgpReport.NextHop(Ipv4.parse("192.168.77.252"), null);
        m.put(BGP_REPORTS, new BgpReport("h1", uplink, List.of(), List.of(
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("203.0.113.0/24"), List.of(r1, r2)),
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("198.51.100.0/24"), List.of(r2, r1, unresolved)),
                new BgpReport.LearnedRoute(Ipv4Prefix.parse("192.0.2.0/24"), List.of(r2, unresolved)))));
        Node node = m.snapshot().get(NODES).get("h1");
        SwitchState state = DatapathCompiler.compileFromScratch(m.snapshot(), new NodeView(node, PORTS));
        List<GroupSpec> groups = new ArrayList<>();
        state.forEachGroup(g -> {
            if (g.ofctl().contains("dec_ttl")) {
                groups.add(g);
            }
        });
        assertEquals(1, groups.size(), "one group for the one set of two next hops: " + groups);
        GroupSpec g = groups.get(0);
        assertEquals(GroupSpec.Type.SELECT, g.type());
        assertEquals(2, g.buckets().size());
        for (BgpReport.NextHop h : List.of(r1, r2)) {
            assertTrue(g.ofctl().contains("set_field:" + uplink + "->eth_src,set_field:" + h.mac()
                    + "->eth_dst,dec_ttl,output:3"), g.ofctl());
        }
        Set<String> h1 = flows("h1");
        String toGroup = "group:" + g.id();
        assertTrue(any(h1, "table=52,priority=25,ip,nw_dst=203.0.113.0/24", toGroup), "ECMP by the group");
        assertTrue(any(h1, "table=52,priority=25,ip,nw_dst=198.51.100.0/24", toGroup), "the same set in another "
                + "order, and an unresolved hop left out: the same group");
        assertTrue(any(h1, "table=52,priority=25,ip,nw_dst=192.0.2.0/24", "set_field:" + r2.mac() + "->eth_dst"),
                "one resolved next hop: direct");
    }
}
