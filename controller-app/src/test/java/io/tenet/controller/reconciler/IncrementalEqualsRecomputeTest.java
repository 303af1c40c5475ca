package io.tenet.controller.reconciler;

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
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.ManualScheduler;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.GroupTestFeature;
import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.store.embedded.MvStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * The switch is kept up to date by diffs, one change after the other; the property: after any sequence of model
 * changes (endpoints come, go and change group; rules come and go; groups switch default deny), what the switch
 * holds (flows, and the groups and meters of {@link GroupTestFeature}) equals a compilation from scratch of the
 * final model, and the switch (strict about groups and meters, as OVS is) refused nothing, so the order of each
 * batch was right. And an endpoint that changes group touches only its own flows and policy flows.
 */
class IncrementalEqualsRecomputeTest {
    private static final NetworkKey NET = new NetworkKey("t", "n");

    @Property(tries = 60)
    void incrementalEqualsRecompute(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5999) Integer> script) {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = new ModelManager(store);
            m.put(TENANTS, new Tenant("t", ""));
            m.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse("10.3.0.0/24"), null, 0, "data"));
            m.put(POLICIES, new Policy(new ScopedKey("t", "p0")));
            m.put(POLICIES, new Policy(new ScopedKey("t", "p1")));
            for (int g = 0; g < 3; g++) {
                m.put(GROUPS, group(g, false));
            }
            for (int h = 1; h <= 3; h++) {
                // h1 is the fake switch (datapath id 0x11).
                m.put(NODES, new Node("h" + h, Ipv4.parse("192.168.3." + h), h == 1 ? 0x11 : h));
            }
            FakeSwitch sw = new FakeSwitch(Map.of(NodeView.TUNNEL_PORT, 1));
            DatapathCompiler compiler = GroupTestFeature.compiler();
            SwitchReconciler reconciler = new SwitchReconciler(sw, compiler, Runnable::run, new ManualScheduler(),
                    io.tenet.controller.api.RealizationListener.NONE);
            int counter = 0;
            List<String> rules = new ArrayList<>();
            for (int step : script) {
                int op = step % 6;
                int arg = step / 6;
                List<Endpoint> eps = new ArrayList<>(m.snapshot().get(ENDPOINTS).values());
                eps.sort(java.util.Comparator.comparing(Endpoint::id));
                String moved = null;
                switch (op) {
                    case 0 -> {
                        String node = "h" + (arg % 3 + 1);
                        String id = "e" + (counter++);
                        String group = arg / 3 % 4 == 3 ? "" : "g" + (arg / 3 % 4);
                        try {
                            m.put(ENDPOINTS, new EndpointRequest(id, NET, group, node, "tn" + id, id, Map.of(), null));
                            if (node.equals("h1")) {
                                sw.ports.put("tn" + id, sw.factory.buildPortDesc().setName("tn" + id)
                                        .setPortNo(org.projectfloodlight.openflow.types.OFPort.of(100 + counter))
                                        .build());
                            }
                        } catch (io.tenet.controller.api.ValidationException full) {
                            // the subnet is full: nothing changed
                        }
                    }
                    case 1 -> {
                        if (!eps.isEmpty()) {
                            Endpoint e = eps.get(arg % eps.size());
                            m.delete(ENDPOINTS, e.id());
                            sw.ports.remove(e.intfName());
                        }
                    }
                    case 2 -> {
                        if (!eps.isEmpty()) {
                            Endpoint e = eps.get(arg % eps.size());
                            String group = "g" + (arg % 3);
                            if (!group.equals(e.group())) {
                                m.put(ENDPOINTS, new EndpointRequest(e.id(), NET, group, e.node(), e.intfName(),
                                        e.containerId(), Map.of(), null));
                                moved = e.id();
                            }
                        }
                    }
                    case 3 -> {
                        String id = "r" + (counter++);
                        String policy = "p" + (arg % 2);
                        Rule.Direction dir = arg / 2 % 2 == 0 ? Rule.Direction.IN : Rule.Direction.OUT;
                        m.put(RULES, new Rule(new Rule.RuleKey("t", policy, id), dir, 1 + arg % 5, "g" + (arg % 3), "",
                                null, Rule.Protocol.TCP, 1000 + arg % 5, arg / 4 % 2 == 0 ? Rule.Verdict.ALLOW
                                        : Rule.Verdict.DENY));
                        rules.add(policy + ":" + id);
                    }
                    case 4 -> {
                        if (!rules.isEmpty()) {
                            String[] k = rules.remove(arg % rules.size()).split(":");
                            m.delete(RULES, new Rule.RuleKey("t", k[0], k[1]));
                        }
                    }
                    default -> {
                        EndpointGroup g = m.snapshot().get(GROUPS).get(new ScopedKey("t", "g" + (arg % 3)));
                        m.put(GROUPS, group(arg % 3, !g.defaultDeny()));
                    }
                }
                int before = sw.sent.size();
                reconciler.submit(compiler.prepare(m.snapshot()));
                assertEquals("", reconciler.status().lastError(), "after step " + step);
                assertEquals(expected(sw, m), sw.flows.keySet().stream().collect(java.util.stream.Collectors.toMap(
                        k -> k, k -> FlowEncoder.WireBody.of(sw.flows.get(k)))), "after step " + step);
                SwitchState scratch = scratch(sw, m);
                FlowEncoder enc = new FlowEncoder(sw.factory());
                Map<Long, FlowEncoder.GroupBody> groups = new HashMap<>();
                scratch.groupsById().forEach((id, g) -> groups.put(id, enc.body(g)));
                Map<Long, FlowEncoder.GroupBody> heldGroups = new HashMap<>();
                sw.groups.forEach((id, e) -> heldGroups.put(id, FlowEncoder.GroupBody.of(e)));
                assertEquals(groups, heldGroups, "groups after step " + step);
                Map<Long, FlowEncoder.MeterBody> meters = new HashMap<>();
                scratch.metersById().forEach((id, g) -> meters.put(id, enc.body(g)));
                Map<Long, FlowEncoder.MeterBody> heldMeters = new HashMap<>();
                sw.meters.forEach((id, c) -> heldMeters.put(id, FlowEncoder.MeterBody.of(c)));
                assertEquals(meters, heldMeters, "meters after step " + step);
                if (moved != null) {
                    int endpointHash = moved.hashCode();
                    for (OFMessage msg : sw.sent.subList(before, sw.sent.size())) {
                        if (msg instanceof OFFlowAdd add) {
                            Cookie c = Cookie.decode(add.getCookie().getValue());
                            assertTrue(c.category() == Cookie.Category.POLICY || (c.category() == Cookie.Category.ENDPOINT
                                    && c.objectId() == endpointHash), "moving " + moved + " rewrote " + add);
                        }
                    }
                }
            }
        }
    }

    private static EndpointGroup group(int g, boolean defaultDeny) {
        return new EndpointGroup(new ScopedKey("t", "g" + g), "n", g == 2 ? List.of() : List.of("p" + g), "", "",
                List.of(), defaultDeny, 0);
    }

    /** A compilation from scratch of the switch's node, with the groups of {@link GroupTestFeature}. */
    private static SwitchState scratch(FakeSwitch sw, ModelManager m) {
        Map<String, Integer> ports = new HashMap<>();
        sw.ports().values().forEach(p -> ports.put(p.getName(), p.getPortNo().getPortNumber()));
        return GroupTestFeature.compiler().compile(m.snapshot(), new NodeView(m.snapshot().get(NODES).get("h1"), ports),
                null);
    }

    /** What a compilation from scratch gives for the switch, as the switch would hold it. */
    private static Map<FlowEncoder.WireKey, FlowEncoder.WireBody> expected(FakeSwitch sw, ModelManager m) {
        FlowEncoder enc = new FlowEncoder(sw.factory());
        Map<FlowEncoder.WireKey, FlowEncoder.WireBody> out = new HashMap<>();
        for (FlowSpec spec : scratch(sw, m).flows()) {
            OFFlowAdd add = enc.add(spec);
            out.put(enc.key(add), enc.body(add));
        }
        return out;
    }
}
