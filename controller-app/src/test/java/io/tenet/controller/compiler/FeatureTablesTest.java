package io.tenet.controller.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETPROFILES;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.POLICIES;
import static io.tenet.controller.collections.ModelCollections.RULES;
import static io.tenet.controller.collections.ModelCollections.SERVICES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetProfile;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.store.embedded.MvStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tenet's features own their tables, as docs/architecture.md says: no two share one, every table has an owner,
 * and every flow a feature builds is in one of its own tables.
 */
class FeatureTablesTest {
    @Test
    void everyTableHasOneOwnerAndEveryFlowIsInItsFeaturesTables() {
        Set<PipelineTable> owned = EnumSet.noneOf(PipelineTable.class);
        for (DatapathFeature<?> f : DatapathCompiler.defaultFeatures()) {
            for (PipelineTable t : f.tables()) {
                assertTrue(owned.add(t), t + " is claimed by two features");
            }
        }
        assertEquals(EnumSet.allOf(PipelineTable.class), owned, "every table has a feature");
        ModelSnapshot model;
        try (MvStore store = MvStore.inMemory(); ModelManager m = new ModelManager(store)) {
            NetworkKey net = new NetworkKey("t", "n");
            // Routing mode, so that the routing feature has a routed network to build for.
            Global g = Global.DEFAULT;
            m.put(GLOBALS, new Global(Global.FwdMode.ROUTING, g.arpMode(), g.vlans(), g.vxlans(), g.pvtSubnet(),
                    g.networkInfraType(), g.nameserver()));
            m.put(TENANTS, new Tenant("t", ""));
            m.put(NETWORKS, new NetworkSpec(net, Encap.VXLAN, Ipv4Prefix.parse("10.5.0.0/24"),
                    Ipv4.parse("10.5.0.254"), 0, "data"));
            m.put(POLICIES, new Policy(new ScopedKey("t", "p")));
            m.put(NETPROFILES, NetProfile.of(new ScopedKey("t", "slow"), "10Mbps", 0, 46));
            m.put(GROUPS, new EndpointGroup(new ScopedKey("t", "g"), "n", List.of("p"), "", "slow", List.of(), true, 0));
            m.put(RULES, new Rule(new Rule.RuleKey("t", "p", "1"), Rule.Direction.IN, 1, "g", "", null,
                    Rule.Protocol.TCP, 80, Rule.Verdict.ALLOW));
            for (int h = 1; h <= 2; h++) {
                m.put(NODES, new Node("h" + h, Ipv4.parse("192.168.5." + h), h));
                m.put(ENDPOINTS, new EndpointRequest("e" + h, net, "g", "h" + h, "tne" + h, "e" + h, Map.of(), null,
                        Map.of("app", "web")));
            }
            m.put(SERVICES, new ServiceLB(new ScopedKey("t", "web"), "n", null, Map.of("app", "web"),
                    List.of(ServicePort.parse("80:8080:TCP")), ServiceLB.Affinity.NONE, 10800, 0));
            model = m.snapshot();
        }
        for (DatapathFeature<?> f : DatapathCompiler.defaultFeatures()) {
            DatapathCompiler alone = new DatapathCompiler(List.of(f));
            for (int h = 1; h <= 2; h++) {
                NodeView view = new NodeView(model.get(NODES).get("h" + h), Map.of("tne" + h, 5, NodeView.TUNNEL_PORT, 1,
                        NodeView.DNS_PORT, 2));
                SwitchState s = alone.compile(model, view, null);
                s.parts().stream().filter(p -> !p.key().feature().equals("pipeline")).forEach(p -> p.forEachFlow(flow ->
                        assertTrue(f.tables().contains(flow.table()), f.name() + " wrote into " + flow.table() + ": "
                                + flow)));
                assertTrue(s.size() > PipelineTable.values().length, f.name() + " built flows on " + view.node().name());
            }
        }
    }
}
