package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.pipeline.FlowSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Golden flows in ovs-ofctl syntax, compared as sets, and the invariants every compilation keeps. */
class DatapathCompilerTest {
    private static Set<String> flows(ModelSnapshot model, NodeView view) {
        return DatapathCompiler.compileFromScratch(model, view).flows().stream().map(FlowSpec::ofctl)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The golden file: one flow per line in ovs-ofctl syntax; lines starting with '#' are comments. */
    private static Set<String> golden(String name) throws java.io.IOException {
        try (var in = DatapathCompilerTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void goldenFlowsOfHostOne() throws java.io.IOException {
        Set<String> expected = golden("two-hosts-h1.flows");
        Set<String> actual = flows(CompilerFixtures.twoHosts(), CompilerFixtures.h1());
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        assertEquals("", (missing.isEmpty() ? "" : "missing:\n  " + String.join("\n  ", missing) + "\n")
                + (extra.isEmpty() ? "" : "unexpected:\n  " + String.join("\n  ", extra)));
    }

    @Test
    void aLocalEndpointWhosePortHasNotAppearedGetsNoLocalFlows() {
        NodeView noPorts = new NodeView(CompilerFixtures.h1().node(), Map.of(NodeView.TUNNEL_PORT, 1));
        Set<String> out = flows(CompilerFixtures.twoHosts(), noPorts);
        assertTrue(out.stream().noneMatch(f -> f.contains("in_port=5") || f.contains("output:5")), out.toString());
        // ... and the network floods nothing when no member is local.
        assertTrue(out.stream().noneMatch(f -> f.contains("01:00:00:00:00:00/")), out.toString());
    }

    @Test
    void aNetworkWithoutLocalMembersGetsNoFlows() {
        // h2 has e2 of blue (VNI 1) and nothing of red (VNI 2), whose only member e3 lives on h1.
        NodeView h2 = new NodeView(CompilerFixtures.twoHosts().get(NODES).get("h2"), Map.of("tne2", 7,
                NodeView.TUNNEL_PORT, 1));
        Set<String> out = flows(CompilerFixtures.twoHosts(), h2);
        assertTrue(out.stream().anyMatch(f -> f.contains("reg0=0x1,")), out.toString());
        assertTrue(out.stream().noneMatch(f -> f.contains("reg0=0x2,") || f.contains("tun_id=0x2")
                || f.contains("0x2->tun_id") || f.contains("10.2.0.1")), out.toString());
    }

    /** twoHosts() with blue as VLAN 100 (e1 on h1, e2 on h2). */
    private static ModelSnapshot blueAsVlan() {
        ModelSnapshot m = CompilerFixtures.twoHosts();
        ModelSnapshot.Builder b = m.toBuilder();
        io.tenet.controller.api.Network blue = m.get(io.tenet.controller.collections.ModelCollections.NETWORKS)
                .get(CompilerFixtures.BLUE);
        NetworkSpec s = blue.spec();
        b.put(io.tenet.controller.collections.ModelCollections.NETWORKS, new io.tenet.controller.api.Network(
                new NetworkSpec(s.key(), Encap.VLAN, s.subnet(), s.gateway(), 100, s.nwType()), 100));
        return b.build(m.version() + 1, 0);
    }

    @Test
    void aVlanNetworkReachesOtherHostsThroughTheUplinkWithItsTag() {
        Map<String, Integer> ports = new java.util.HashMap<>(CompilerFixtures.h1().ports());
        ports.put(NodeView.UPLINK_PORT, 3);
        Set<String> out = flows(blueAsVlan(), new NodeView(CompilerFixtures.h1().node(), ports));
        String net = "reg0=0x1000064";
        // In from the uplink with the tag: untagged, classified as blue, from another host.
        assertTrue(out.stream().anyMatch(f -> f.contains("table=0,") && f.contains("in_port=3,dl_vlan=100 ")
                && f.contains("actions=pop_vlan,set_field:0x1000064->reg0,set_field:0x1->reg1,goto_table:5")), out.toString());
        // To e2 on h2: the uplink, by logical port; the tag is pushed at output.
        assertTrue(out.stream().anyMatch(f -> f.contains("table=25,") && f.contains(net) && f.contains("dl_dst=02:02:0a:01:00:02")
                && f.contains("set_field:0x10001->reg4") && !f.contains("tun_")), out.toString());
        assertTrue(out.stream().anyMatch(f -> f.contains("table=50,") && f.contains(net + ",reg4=0x10001 ")
                && f.contains("actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:3")), out.toString());
        // Floods from a local port: local ports, then one tagged copy out of the uplink; none through the tunnel.
        assertTrue(out.stream().anyMatch(f -> f.contains(net + ",reg1=0x0/0x1,dl_dst=01:00:00:00:00:00/")
                && f.endsWith("output:5,push_vlan:0x8100,set_field:4196->vlan_vid,output:3")), out.toString());
        assertTrue(out.stream().noneMatch(f -> f.contains(net) && f.contains("tun_")), out.toString());
        // Without an uplink, blue stays on the host: nothing reaches e2.
        Set<String> alone = flows(blueAsVlan(), CompilerFixtures.h1());
        assertTrue(alone.stream().noneMatch(f -> f.contains("table=25,") && f.contains("dl_dst=02:02:0a:01:00:02")),
                alone.toString());
        assertTrue(alone.stream().noneMatch(f -> f.contains("vlan")), alone.toString());
    }

    /**
     * blueAsVlan() in ACI mode: e1 (h1) in group web (id 5, VLAN 301), e2 (h2) in group db (id 6, VLAN 302).
     */
    private static ModelSnapshot blueWithGroupVlans() {
        ModelSnapshot m = blueAsVlan();
        ModelSnapshot.Builder b = m.toBuilder();
        var eps = m.get(io.tenet.controller.collections.ModelCollections.ENDPOINTS);
        io.tenet.controller.api.Endpoint e1 = eps.get("e1");
        io.tenet.controller.api.Endpoint e2 = eps.get("e2");
        for (String[] g : new String[][] {{"web", "5", "301"}, {"db", "6", "302"}}) {
            b.put(io.tenet.controller.collections.ModelCollections.GROUPS, new io.tenet.controller.api.EndpointGroup(
                    new io.tenet.controller.api.ScopedKey("t", g[0]), "blue", java.util.List.of(), "", "",
                    java.util.List.of(), false, Integer.parseInt(g[1]), Integer.parseInt(g[2])));
        }
        b.put(io.tenet.controller.collections.ModelCollections.ENDPOINTS, new io.tenet.controller.api.Endpoint(e1.id(),
                e1.network(), "web", e1.ip(), e1.mac(), e1.node(), e1.intfName(), e1.containerId(), e1.attributes(),
                e1.labels()));
        b.put(io.tenet.controller.collections.ModelCollections.ENDPOINTS, new io.tenet.controller.api.Endpoint(e2.id(),
                e2.network(), "db", e2.ip(), e2.mac(), e2.node(), e2.intfName(), e2.containerId(), e2.attributes(),
                e2.labels()));
        return b.build(m.version() + 1, 0);
    }

    @Test
    void inAciModeAGroupsMembersLeaveWithTheGroupsOwnVlanAndEveryGroupVlanIsClassified() {
        Map<String, Integer> ports = new java.util.HashMap<>(CompilerFixtures.h1().ports());
        ports.put(NodeView.UPLINK_PORT, 3);
        Set<String> out = flows(blueWithGroupVlans(), new NodeView(CompilerFixtures.h1().node(), ports));
        String net = "reg0=0x1000064";
        // web's packets (reg2=5) leave with VLAN 301 (4096 + 301 = 4397); others still with the network's 100
        assertTrue(out.stream().anyMatch(f -> f.contains("table=50,") && f.contains("priority=2000")
                && f.contains(net) && f.contains("reg2=0x5") && f.contains("reg4=0x10001")
                && f.contains("actions=push_vlan:0x8100,set_field:4397->vlan_vid,output:3")), out.toString());
        assertTrue(out.stream().anyMatch(f -> f.contains("table=50,") && f.contains(net + ",reg4=0x10001 ")
                && f.contains("set_field:4196->vlan_vid,output:3")), out.toString());
        // what arrives with db's VLAN (e2's, on h2) or web's is classified into blue like the network's own tag
        for (int vlan : new int[] {100, 301, 302}) {
            assertTrue(out.stream().anyMatch(f -> f.contains("table=0,")
                    && f.contains("in_port=3,dl_vlan=" + vlan + " ") && f.contains(
                    "actions=pop_vlan,set_field:0x1000064->reg0,set_field:0x1->reg1,goto_table:5")), vlan + ": " + out);
        }
        // web's floods leave with its VLAN; its ARP carries its group for that
        assertTrue(out.stream().anyMatch(f -> f.contains("priority=2000") && f.contains(net)
                && f.contains("reg2=0x5") && f.contains("dl_dst=01:00:00:00:00:00/")
                && f.endsWith("push_vlan:0x8100,set_field:4397->vlan_vid,output:3")), out.toString());
        assertTrue(out.stream().anyMatch(f -> f.contains("table=0,") && f.contains("arp")
                && f.contains("set_field:0x5->reg2")), out.toString());
        // without group VLANs (blueAsVlan), no flow names a group's VLAN
        assertTrue(flows(blueAsVlan(), new NodeView(CompilerFixtures.h1().node(), ports)).stream()
                .noneMatch(f -> f.contains("4397") || f.contains("dl_vlan=301")));
    }

    @Test
    void compilationIsDeterministic() {
        assertEquals(DatapathCompiler.compileFromScratch(CompilerFixtures.twoHosts(), CompilerFixtures.h1()).asMap(),
                DatapathCompiler.compileFromScratch(CompilerFixtures.twoHosts(), CompilerFixtures.h1()).asMap());
    }

    @Test
    void noFlowOfOneNetworkDeliversToAPortOfAnother() {
        ModelSnapshot m = CompilerFixtures.twoHosts();
        for (Endpoint e : m.get(ENDPOINTS).values()) {
            var port = CompilerFixtures.h1().port(e.intfName());
            if (port.isEmpty()) {
                continue;
            }
            String reg = "reg0=0x" + Integer.toHexString(m.get(NETWORKS).get(e.network()).datapathId()) + ",";
            String choosesPort = "set_field:0x" + Integer.toHexString(port.getAsInt()) + "->reg4";
            for (FlowSpec f : DatapathCompiler.compileFromScratch(m, CompilerFixtures.h1()).flows()) {
                String text = f.ofctl();
                boolean floods = f.table() == io.tenet.controller.pipeline.PipelineTable.DESTINATION
                        && (text.contains("output:" + port.getAsInt() + ",") || text.endsWith("output:" + port.getAsInt()));
                if (text.contains(choosesPort) || floods) {
                    assertTrue(text.contains(reg), "flow delivers to port " + port.getAsInt() + " outside " + reg + " "
                            + text);
                }
            }
        }
    }
}
