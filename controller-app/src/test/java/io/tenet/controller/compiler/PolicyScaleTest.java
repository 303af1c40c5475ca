package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.POLICIES;
import static io.tenet.controller.collections.ModelCollections.RULES;
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
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.store.embedded.MvStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy flows grow with rules, not with members times rules. */
class PolicyScaleTest {
    @Test
    void hundredByHundredMembersByTenPortsIsTenRuleFlows() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = new ModelManager(store);
            m.put(TENANTS, new Tenant("t", ""));
            NetworkKey net = new NetworkKey("t", "n");
            m.put(NETWORKS, new NetworkSpec(net, Encap.VXLAN, Ipv4Prefix.parse("10.9.0.0/16"), null, 0, "data"));
            m.put(POLICIES, new Policy(new ScopedKey("t", "dst-in")));
            m.put(GROUPS, new EndpointGroup(new ScopedKey("t", "src"), "n", List.of(), "", "", List.of(), false, 0));
            m.put(GROUPS, new EndpointGroup(new ScopedKey("t", "dst"), "n", List.of("dst-in"), "", "", List.of(), true, 0));
            for (int port = 8000; port < 8010; port++) {
                m.put(RULES, new Rule(new Rule.RuleKey("t", "dst-in", "r" + port), Rule.Direction.IN, 10, "src", "", null,
                        Rule.Protocol.TCP, port, Rule.Verdict.ALLOW));
            }
            for (int h = 1; h <= 3; h++) {
                m.put(NODES, new Node("h" + h, Ipv4.parse("192.168.0." + h), h));
            }
            Map<String, Integer> ports = new HashMap<>();
            ports.put(NodeView.TUNNEL_PORT, 1);
            for (int i = 0; i < 200; i++) {
                String group = i < 100 ? "src" : "dst";
                String node = "h" + (i % 3 + 1);
                String intf = "tn" + i;
                m.put(ENDPOINTS, new EndpointRequest("e" + i, net, group, node, intf, "c" + i, Map.of(), null));
                if (node.equals("h1")) {
                    ports.put(intf, 10 + i);
                }
            }
            Map<FlowSpec.Key, FlowSpec> flows = DatapathCompiler.compileFromScratch(m.snapshot(),
                    new NodeView(m.snapshot().get(NODES).get("h1"), ports)).asMap();
            long ruleFlows = flows.values().stream().filter(f -> f.table() == PipelineTable.INGRESS_POLICY
                    && f.priority() > io.tenet.controller.pipeline.Priority.RULE_BASE
                    && f.priority() < io.tenet.controller.pipeline.Priority.HIGH.value()).count();
            assertEquals(10, ruleFlows, "one flow per rule, whatever the members");
            long policyFlows = flows.values().stream().filter(f -> f.table() == PipelineTable.EGRESS_POLICY
                    || f.table() == PipelineTable.INGRESS_POLICY).count();
            assertTrue(policyFlows <= 15, "policy tables hold " + policyFlows + " flows");
            // Forwarding grows with members only: a handful of flows per member.
            assertTrue(flows.size() < 5 * 200, "a switch holds " + flows.size() + " flows for 200 members");
        }
    }
}
