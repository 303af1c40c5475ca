package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;

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
