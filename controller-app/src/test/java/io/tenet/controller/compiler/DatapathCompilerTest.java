package io.tenet.controller.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Endpoint;
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
        return DatapathCompiler.compile(model, view).values().stream().map(FlowSpec::ofctl)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static final String ARP_REPLY = "actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:%1$s->eth_src,"
            + "set_field:2->arp_op,move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
            + "set_field:%1$s->arp_sha,set_field:%2$s->arp_spa,IN_PORT";

    @Test
    void goldenFlowsOfHostOne() {
        Set<String> expected = new TreeSet<>(Set.of(
                // table misses
                "cookie=0x7e01000000000000,table=0,priority=0 actions=drop",
                "cookie=0x7e01000000000000,table=10,priority=0 actions=drop",
                "cookie=0x7e01000000000000,table=50,priority=0 actions=drop",
                // blue: tunnel classification and floods (split horizon)
                "cookie=0x7e020000c951aba0,table=0,priority=100,in_port=1,tun_id=0x1 "
                        + "actions=set_field:0x1->reg0,set_field:0x1->reg1,goto_table:50",
                "cookie=0x7e020000c951aba0,table=50,priority=100,reg0=0x1,reg1=0x0/0x1,"
                        + "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 "
                        + "actions=output:5,set_field:0x1->tun_id,set_field:192.168.0.2->tun_dst,output:1",
                "cookie=0x7e020000c951aba0,table=50,priority=100,reg0=0x1,reg1=0x1/0x1,"
                        + "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:5",
                // red has no remote member: local flood only, no tunnel flows
                "cookie=0x7e020000067ebc8b,table=50,priority=100,reg0=0x2,reg1=0x0/0x1,"
                        + "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:6",
                // e1, local on port 5: classification pins MAC and IP; ARP answer; delivery
                "cookie=0x7e03000000000c6c,table=0,priority=100,in_port=5,arp,dl_src=02:02:0a:01:00:01,"
                        + "arp_spa=10.1.0.1,arp_sha=02:02:0a:01:00:01 actions=set_field:0x1->reg0,goto_table:10",
                "cookie=0x7e03000000000c6c,table=0,priority=100,in_port=5,ip,dl_src=02:02:0a:01:00:01,"
                        + "nw_src=10.1.0.1 actions=set_field:0x1->reg0,goto_table:50",
                "cookie=0x7e03000000000c6c,table=10,priority=100,reg0=0x1,arp,arp_op=1,arp_tpa=10.1.0.1 "
                        + String.format(ARP_REPLY, "02:02:0a:01:00:01", "10.1.0.1"),
                "cookie=0x7e03000000000c6c,table=50,priority=100,reg0=0x1,dl_dst=02:02:0a:01:00:01 actions=output:5",
                // e2, remote on h2: ARP answer here, delivery through the tunnel
                "cookie=0x7e03000000000c6d,table=10,priority=100,reg0=0x1,arp,arp_op=1,arp_tpa=10.1.0.2 "
                        + String.format(ARP_REPLY, "02:02:0a:01:00:02", "10.1.0.2"),
                "cookie=0x7e03000000000c6d,table=50,priority=100,reg0=0x1,reg1=0x0/0x1,dl_dst=02:02:0a:01:00:02 "
                        + "actions=set_field:0x1->tun_id,set_field:192.168.0.2->tun_dst,output:1",
                // e3 (red), local on port 6
                "cookie=0x7e03000000000c6e,table=0,priority=100,in_port=6,arp,dl_src=02:02:0a:02:00:01,"
                        + "arp_spa=10.2.0.1,arp_sha=02:02:0a:02:00:01 actions=set_field:0x2->reg0,goto_table:10",
                "cookie=0x7e03000000000c6e,table=0,priority=100,in_port=6,ip,dl_src=02:02:0a:02:00:01,"
                        + "nw_src=10.2.0.1 actions=set_field:0x2->reg0,goto_table:50",
                "cookie=0x7e03000000000c6e,table=10,priority=100,reg0=0x2,arp,arp_op=1,arp_tpa=10.2.0.1 "
                        + String.format(ARP_REPLY, "02:02:0a:02:00:01", "10.2.0.1"),
                "cookie=0x7e03000000000c6e,table=50,priority=100,reg0=0x2,dl_dst=02:02:0a:02:00:01 actions=output:6"));
        assertEquals(expected, flows(CompilerFixtures.twoHosts(), CompilerFixtures.h1()));
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
    void compilationIsDeterministic() {
        assertEquals(DatapathCompiler.compile(CompilerFixtures.twoHosts(), CompilerFixtures.h1()),
                DatapathCompiler.compile(CompilerFixtures.twoHosts(), CompilerFixtures.h1()));
    }

    @Test
    void noFlowOfOneNetworkDeliversToAPortOfAnother() {
        ModelSnapshot m = CompilerFixtures.twoHosts();
        Map<String, String> portNet = new HashMap<>();
        for (Endpoint e : m.endpoints().values()) {
            CompilerFixtures.h1().port(e.intfName()).ifPresent(p -> portNet.put("output:" + p,
                    "reg0=0x" + Integer.toHexString(m.networks().get(e.network()).datapathId())));
        }
        for (FlowSpec f : DatapathCompiler.compile(m, CompilerFixtures.h1()).values()) {
            String text = f.ofctl();
            portNet.forEach((output, reg) -> {
                if (text.contains(output + ",") || text.endsWith(output)) {
                    assertTrue(text.contains(reg + ","), "flow outputs to " + output + " outside " + reg + ": " + text);
                }
            });
        }
    }
}
