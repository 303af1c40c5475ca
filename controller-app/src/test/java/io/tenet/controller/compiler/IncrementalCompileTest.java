package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.BGPS;
import static io.tenet.controller.collections.ModelCollections.BGP_REPORTS;
import static io.tenet.controller.collections.ModelCollections.NETPROFILES;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.POLICIES;
import static io.tenet.controller.collections.ModelCollections.RULES;
import static io.tenet.controller.collections.ModelCollections.SERVICES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tenet.controller.api.Bgp;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.NetProfile;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.controller.store.embedded.MvStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The incremental compiler against compilation from scratch, on three switches that differ (tunnel on port 1, on
 * port 7, none), over random sequences of changes: endpoints come, go, change group and lose or gain their port;
 * rules come and go; groups switch default deny or policies; hosts change tunnel address, go and come back;
 * tunnel ports come and go. Switches skip snapshots now and then, and one is sometimes compiled from a snapshot
 * older than the compiler's last. Every incremental result holds exactly the flows, groups and meters of a
 * compilation from scratch, and its diff against the switch's previous result turns the previous state into
 * that. The compiler runs Tenet's features and {@link GroupTestFeature}, whose groups and meters change with
 * group membership.
 */
class IncrementalCompileTest {
    private static final PartKey FORWARDING_BASE = new PartKey("forwarding", "base");
    private static final NetworkKey VX = new NetworkKey("t", "vx");
    private static final NetworkKey VL = new NetworkKey("t", "vl");

    @Property(tries = 200)
    void incrementalEqualsScratchOnEverySwitch(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 8999) Integer> script, @ForAll boolean routing) {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = cluster(store, routing);
            Map<String, Map<String, Integer>> ports = new HashMap<>();
            ports.put("h1", new HashMap<>(Map.of(NodeView.TUNNEL_PORT, 1, NodeView.DNS_PORT, 2, NodeView.UPLINK_PORT,
                    3)));
            ports.put("h2", new HashMap<>(Map.of(NodeView.TUNNEL_PORT, 7, NodeView.DNS_PORT, 8)));
            ports.put("h3", new HashMap<>());
            DatapathCompiler compiler = GroupTestFeature.compiler();
            Map<String, SwitchState> previous = new HashMap<>();
            int counter = 0;
            List<Rule.RuleKey> rules = new ArrayList<>();
            ModelSnapshot older = null;
            for (int step : script) {
                int op = step % 12;
                int arg = step / 12;
                List<Endpoint> eps = new ArrayList<>(m.snapshot().get(ENDPOINTS).values());
                eps.sort(Comparator.comparing(Endpoint::id));
                Endpoint some = eps.isEmpty() ? null : eps.get(arg % eps.size());
                try {
                    switch (op) {
                        case 0 -> {
                            String node = "h" + (arg % 3 + 1);
                            boolean vlan = arg / 3 % 4 == 0;
                            String group = vlan ? "" : arg / 12 % 4 == 3 ? "" : "g" + (arg / 12 % 4);
                            String id = "e" + counter++;
                            m.put(ENDPOINTS, new EndpointRequest(id, vlan ? VL : VX, group, node, "tn" + id, id,
                                    Map.of(), null));
                            ports.get(node).put("tn" + id, 10 + counter);
                        }
                        case 1 -> {
                            if (some != null) {
                                m.delete(ENDPOINTS, some.id());
                                ports.get(some.node()).remove(some.intfName());
                            }
                        }
                        case 2 -> {
                            if (some != null && some.network().equals(VX)) {
                                m.put(ENDPOINTS, new EndpointRequest(some.id(), VX, "g" + arg % 3, some.node(),
                                        some.intfName(), some.containerId(), Map.of(), null));
                            }
                        }
                        case 3 -> {
                            Rule.RuleKey k = new Rule.RuleKey("t", "p" + arg % 2, "r" + counter++);
                            Rule.Direction dir = arg / 2 % 2 == 0 ? Rule.Direction.IN : Rule.Direction.OUT;
                            int peer = arg / 4 % 3;
                            m.put(RULES, new Rule(k, dir, 1 + arg % 5, peer == 0 ? "g" + arg % 3 : "",
                                    peer == 1 ? "vl" : "", peer == 2 ? Ipv4Prefix.parse("10.3.0.0/28") : null,
                                    Rule.Protocol.TCP, 1000 + arg % 5, arg / 12 % 2 == 0 ? Rule.Verdict.ALLOW
                                            : Rule.Verdict.DENY));
                            rules.add(k);
                        }
                        case 4 -> {
                            if (!rules.isEmpty()) {
                                m.delete(RULES, rules.remove(arg % rules.size()));
                            }
                        }
                        case 5 -> {
                            EndpointGroup g = m.snapshot().get(GROUPS).get(new ScopedKey("t", "g" + arg % 3));
                            // Either default deny flips, or the group's policies change.
                            List<List<String>> choices = List.of(List.of(), List.of("p0"), List.of("p1"),
                                    List.of("p0", "p1"));
                            List<String> policies = arg / 3 % 2 == 0 ? g.policies() : choices.get(arg / 6 % 4);
                            // ... and the group names a network profile, another one, or none.
                            String profile = List.of("", "np0", "np1").get(arg / 24 % 3);
                            m.put(GROUPS, new EndpointGroup(g.key(), g.network(), policies, "", profile, List.of(),
                                    arg / 3 % 2 == 0 != g.defaultDeny(), 0));
                        }
                        case 6 -> {
                            String node = "h" + (arg % 2 + 2);
                            Node n = m.snapshot().get(NODES).get(node);
                            if (arg / 2 % 4 == 0 && n != null) {
                                // The node goes (its endpoints stay, unreachable from other hosts) ...
                                m.delete(NODES, node);
                            } else {
                                // ... comes back, or changes tunnel address.
                                Ipv4 address = Ipv4.parse("192.168.7." + (arg % 200 + 1));
                                m.put(NODES, new Node(node, address, 0x10 + arg % 2 + 2));
                            }
                        }
                        case 7 -> {
                            // The tunnel, uplink or DNS port of a host disappears, or appears with a new number.
                            Map<String, Integer> p = ports.get("h" + (arg % 3 + 1));
                            String port = List.of(NodeView.TUNNEL_PORT, NodeView.DNS_PORT, NodeView.UPLINK_PORT)
                                    .get(arg / 27 % 3);
                            if (p.remove(port) == null) {
                                p.put(port, unused(p, 1 + arg / 3 % 9));
                            }
                        }
                        case 8 -> {
                            // An endpoint's labels change: it starts or stops providing services.
                            if (some != null) {
                                List<Map<String, String>> labels = List.of(Map.of(), Map.of("app", "a"),
                                        Map.of("app", "b", "tier", "x"));
                                m.put(ENDPOINTS, new EndpointRequest(some.id(), some.network(), "", some.node(),
                                        some.intfName(), some.containerId(), Map.of(), null, labels.get(arg % 3)));
                            }
                        }
                        case 9 -> {
                            // A service comes, changes its selector or ports, or goes.
                            ScopedKey k = new ScopedKey("t", "s" + arg % 3);
                            if (arg / 3 % 4 == 0 && m.snapshot().get(SERVICES).containsKey(k)) {
                                m.delete(SERVICES, k);
                            } else {
                                m.put(SERVICES, new ServiceLB(k, arg % 3 == 2 ? "vl" : "vx", null,
                                        Map.of("app", arg / 12 % 2 == 0 ? "a" : "b"),
                                        List.of(new ServicePort(80, 8000 + arg / 24 % 3, ServicePort.Protocol.TCP)),
                                        ServiceLB.Affinity.NONE, ServiceLB.DEFAULT_AFFINITY_TIMEOUT, 0));
                            }
                        }
                        case 10 -> {
                            if (arg % 5 == 0) {
                                // ARP changes mode: every network's ARP flows change.
                                Global g = m.snapshot().get(GLOBALS).get(Global.NAME);
                                m.put(GLOBALS, new Global(g.fwdMode(), g.arpMode() == Global.ArpMode.PROXY
                                        ? Global.ArpMode.FLOOD : Global.ArpMode.PROXY, g.vlans(), g.vxlans(),
                                        g.pvtSubnet(), g.networkInfraType(), g.nameserver()));
                            } else if (arg % 5 == 1) {
                                bgpChange(m, "h" + (arg / 5 % 3 + 1), arg / 15);
                            } else {
                                // A network profile changes its rate, burst or marking (its members' meters change).
                                ScopedKey k = new ScopedKey("t", "np" + arg % 2);
                                m.put(NETPROFILES, NetProfile.of(k, List.of("", "10Mbps", "1gbps").get(arg / 2 % 3),
                                        arg / 6 % 2 * 64, arg / 12 % 3 * 10));
                            }
                        }
                        default -> {
                            if (some != null) {
                                Map<String, Integer> p = ports.get(some.node());
                                if (p.remove(some.intfName()) == null) {
                                    p.put(some.intfName(), unused(p, 500 + arg % 50));
                                }
                            }
                        }
                    }
                } catch (ValidationException refused) {
                    // The model refused the change (a full subnet, a peer that is missing): nothing changed.
                }
                ModelSnapshot s = m.snapshot();
                for (int h = 1; h <= 3; h++) {
                    // Some switches skip snapshots: their previous result is several changes old.
                    if ((step / 11 + h) % 4 != 0) {
                        check(compiler, s, "h" + h, ports, previous, "step " + step);
                    }
                }
                if (step % 5 == 0 && older != null) {
                    // A switch compiled from a snapshot older than the compiler's last (a slow reconciler thread).
                    check(compiler, older, "h3", ports, previous, "stale compile after step " + step);
                }
                older = s;
            }
        }
    }

    /** {@code wanted}, or the next port number after it no port of the switch has: a switch numbers ports uniquely. */
    private static int unused(Map<String, Integer> ports, int wanted) {
        int n = wanted;
        while (ports.containsValue(n)) {
            n++;
        }
        return n;
    }

    /**
     * Moving one endpoint between groups changes only the flows that name it (its own, by cookie) and nothing on
     * a switch for the networks it is not in; every other part is reused as the same object.
     */
    @Test
    void anEndpointChangingGroupTouchesOnlyItsOwnFlows() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = cluster(store);
            Map<String, Map<String, Integer>> ports = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                String node = "h" + (i % 3 + 1);
                NetworkKey net = i % 5 == 0 ? VL : VX;
                m.put(ENDPOINTS, new EndpointRequest("e" + i, net, net == VX ? "g" + i % 3 : "", node, "tne" + i,
                        "c" + i, Map.of(), null));
                ports.computeIfAbsent(node, k -> new HashMap<>(Map.of(NodeView.TUNNEL_PORT, 1))).put("tne" + i, 10 + i);
            }
            DatapathCompiler compiler = new DatapathCompiler();
            Map<String, SwitchState> before = new HashMap<>();
            ModelSnapshot s0 = m.snapshot();
            for (String h : ports.keySet()) {
                before.put(h, compiler.compile(s0, new NodeView(s0.get(NODES).get(h), ports.get(h)), null));
            }
            // e1 lives on h2, in g1; it moves to g2.
            m.put(ENDPOINTS, new EndpointRequest("e1", VX, "g2", "h2", "tne1", "c1", Map.of(), null));
            ModelSnapshot s1 = m.snapshot();
            for (String h : ports.keySet()) {
                SwitchState now = compiler.compile(s1, new NodeView(s1.get(NODES).get(h), ports.get(h)), before.get(h));
                StateDiff d = now.changesFrom(before.get(h));
                assertTrue(d.removedFlows().isEmpty(), h + " removes " + d.removedFlows());
                assertTrue(!d.addedFlows().isEmpty(), h + " must rewrite e1's flows");
                for (FlowSpec f : d.addedFlows()) {
                    assertEquals(compiler.cookies().cookie(Cookie.Category.ENDPOINT, "e1"), f.cookie(),
                            "moving e1 rewrote on " + h + ": " + f);
                }
                assertSame(before.get(h).part(FORWARDING_BASE), now.part(FORWARDING_BASE));
                assertSame(before.get(h).part(new PartKey("forwarding", VL)), now.part(new PartKey("forwarding", VL)),
                        "the VLAN network's part on " + h + " is reused");
            }
        }
    }

    /**
     * A feature's group and meter follow the members of their endpoint group: modified in place while it has
     * members (never deleted and added again, which would delete the flows that use them), removed with the
     * flow that names them when the last member goes.
     */
    @Test
    void groupsAndMetersAreModifiedInPlaceAndRemovedWithTheirLastMember() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = cluster(store);
            m.put(ENDPOINTS, new EndpointRequest("a", VX, "g0", "h1", "tna", "a", Map.of(), null));
            Map<String, Map<String, Integer>> ports = new HashMap<>();
            ports.put("h1", new HashMap<>(Map.of("tna", 5, NodeView.TUNNEL_PORT, 1)));
            DatapathCompiler compiler = GroupTestFeature.compiler();
            Map<String, SwitchState> previous = new HashMap<>();
            check(compiler, m.snapshot(), "h1", ports, previous, "one member");
            SwitchState one = previous.get("h1");
            assertEquals(1, one.groupCount());
            assertEquals(1, one.meterCount());
            m.put(ENDPOINTS, new EndpointRequest("b", VX, "g0", "h2", "tnb", "b", Map.of(), null));
            check(compiler, m.snapshot(), "h1", ports, previous, "two members");
            StateDiff grown = previous.get("h1").changesFrom(one);
            assertEquals(1, grown.modifiedGroups().size(), grown.toString());
            assertEquals(2, grown.modifiedGroups().get(0).buckets().size());
            assertEquals(1, grown.modifiedMeters().size(), grown.toString());
            assertTrue(grown.addedGroups().isEmpty() && grown.removedGroups().isEmpty(), grown.toString());
            SwitchState two = previous.get("h1");
            m.delete(ENDPOINTS, "b");
            m.delete(ENDPOINTS, "a");
            ports.get("h1").remove("tna");
            check(compiler, m.snapshot(), "h1", ports, previous, "no member");
            StateDiff gone = previous.get("h1").changesFrom(two);
            assertEquals(1, gone.removedGroups().size(), gone.toString());
            assertEquals(1, gone.removedMeters().size(), gone.toString());
            assertTrue(gone.removedFlows().stream().anyMatch(f -> f.actions().contains(
                    new io.tenet.controller.pipeline.Action.Group(GroupSpec.OWNER | 1))), gone.toString());
        }
    }

    /** A switch losing its tunnel port loses the remote flows of every slice, and gets them back with it. */
    @Test
    void theTunnelPortComingAndGoingTakesRemoteFlowsWithIt() {
        try (MvStore store = MvStore.inMemory()) {
            ModelManager m = cluster(store);
            m.put(ENDPOINTS, new EndpointRequest("a", VX, "g0", "h1", "tna", "a", Map.of(), null));
            m.put(ENDPOINTS, new EndpointRequest("b", VX, "g1", "h2", "tnb", "b", Map.of(), null));
            Map<String, Map<String, Integer>> ports = new HashMap<>();
            ports.put("h1", new HashMap<>(Map.of("tna", 5, NodeView.TUNNEL_PORT, 1)));
            DatapathCompiler compiler = GroupTestFeature.compiler();
            Map<String, SwitchState> previous = new HashMap<>();
            ModelSnapshot s = m.snapshot();
            check(compiler, s, "h1", ports, previous, "with a tunnel");
            int with = previous.get("h1").size();
            ports.get("h1").remove(NodeView.TUNNEL_PORT);
            check(compiler, s, "h1", ports, previous, "without a tunnel");
            assertTrue(previous.get("h1").size() < with, "b's remote flows go with the tunnel");
            ports.get("h1").put(NodeView.TUNNEL_PORT, 3);
            check(compiler, s, "h1", ports, previous, "with a tunnel again");
            assertEquals(with, previous.get("h1").size());
        }
    }

    /**
     * Compiles {@code host} incrementally from its previous result and checks the result, and the diff from the
     * previous result, against a compilation from scratch.
     */
    private static void check(DatapathCompiler compiler, ModelSnapshot s, String host,
            Map<String, Map<String, Integer>> ports, Map<String, SwitchState> previous, String when) {
        Node node = s.get(NODES).get(host);
        if (node == null) {
            // An unregistered switch is not compiled (the reconciler leaves it alone).
            return;
        }
        NodeView view = new NodeView(node, ports.get(host));
        SwitchState before = previous.get(host);
        SwitchState now = compiler.compile(s, view, before);
        SwitchState scratch = GroupTestFeature.compiler().compile(s, view, null);
        assertSameFlows(scratch.asMap(), now.asMap(), "incremental compile of " + host + ", " + when);
        assertEquals(scratch.groupsById(), now.groupsById(), "groups of " + host + ", " + when);
        assertEquals(scratch.metersById(), now.metersById(), "meters of " + host + ", " + when);
        if (before != null) {
            Map<FlowSpec.Key, FlowSpec> applied = new HashMap<>(before.asMap());
            Map<Long, GroupSpec> groups = new HashMap<>(before.groupsById());
            Map<Long, MeterSpec> meters = new HashMap<>(before.metersById());
            StateDiff d = now.changesFrom(before);
            d.removedFlows().forEach(f -> applied.remove(f.key()));
            d.addedFlows().forEach(f -> applied.put(f.key(), f));
            d.addedGroups().forEach(g -> assertEquals(null, groups.put(g.id(), g), "group added twice: " + g));
            d.modifiedGroups().forEach(g -> assertTrue(groups.put(g.id(), g) != null, "modified but absent: " + g));
            d.removedGroups().forEach(g -> groups.remove(g.id()));
            d.addedMeters().forEach(m -> assertEquals(null, meters.put(m.id(), m), "meter added twice: " + m));
            d.modifiedMeters().forEach(m -> assertTrue(meters.put(m.id(), m) != null, "modified but absent: " + m));
            d.removedMeters().forEach(m -> meters.remove(m.id()));
            assertSameFlows(scratch.asMap(), applied, "diff of " + host + ", " + when);
            assertEquals(scratch.groupsById(), groups, "groups after the diff of " + host + ", " + when);
            assertEquals(scratch.metersById(), meters, "meters after the diff of " + host + ", " + when);
        }
        previous.put(host, now);
    }

    /** Fails with the flows missing and the flows in excess, in ovs-ofctl syntax. */
    private static void assertSameFlows(Map<FlowSpec.Key, FlowSpec> expected, Map<FlowSpec.Key, FlowSpec> actual,
            String what) {
        if (expected.equals(actual)) {
            return;
        }
        Set<String> missing = new TreeSet<>();
        expected.values().stream().filter(f -> !f.equals(actual.get(f.key()))).forEach(f -> missing.add(f.ofctl()));
        Set<String> extra = new TreeSet<>();
        actual.values().stream().filter(f -> !f.equals(expected.get(f.key()))).forEach(f -> extra.add(f.ofctl()));
        fail(what + "\nmissing:\n  " + String.join("\n  ", missing)
                + "\nunexpected:\n  " + String.join("\n  ", extra));
    }

    private static ModelManager cluster(MvStore store) {
        return cluster(store, false);
    }

    /** The cluster, in routing mode (both networks with a gateway, so routed) when {@code routing}. */
    private static ModelManager cluster(MvStore store, boolean routing) {
        ModelManager m = new ModelManager(store);
        if (routing) {
            Global g = Global.DEFAULT;
            m.put(GLOBALS, new Global(Global.FwdMode.ROUTING, g.arpMode(), g.vlans(), g.vxlans(), g.pvtSubnet(),
                    g.networkInfraType(), g.nameserver()));
        }
        m.put(TENANTS, new Tenant("t", ""));
        m.put(NETWORKS, new NetworkSpec(VX, Encap.VXLAN, Ipv4Prefix.parse("10.3.0.0/24"),
                routing ? Ipv4.parse("10.3.0.254") : null, 0, "data"));
        m.put(NETWORKS, new NetworkSpec(VL, Encap.VLAN, Ipv4Prefix.parse("10.4.0.0/24"),
                routing ? Ipv4.parse("10.4.0.254") : null, 0, "data"));
        m.put(POLICIES, new Policy(new ScopedKey("t", "p0")));
        m.put(POLICIES, new Policy(new ScopedKey("t", "p1")));
        m.put(NETPROFILES, NetProfile.of(new ScopedKey("t", "np0"), "10Mbps", 0, 46));
        m.put(NETPROFILES, NetProfile.of(new ScopedKey("t", "np1"), "", 0, 10));
        for (int g = 0; g < 3; g++) {
            m.put(GROUPS, group(g, false));
        }
        for (int h = 1; h <= 3; h++) {
            m.put(NODES, new Node("h" + h, Ipv4.parse("192.168.3." + h), 0x10 + h));
        }
        return m;
    }

    /**
     * A host starts or stops speaking BGP, or its speaker reports other routes (some with unresolved next hops),
     * or none: its routes, its fabric classification and its VLAN networks' output change.
     */
    private static void bgpChange(ModelManager m, String host, int arg) {
        switch (arg % 3) {
            case 0 -> {
                if (m.snapshot().get(BGPS).containsKey(host)) {
                    m.delete(BGPS, host);
                } else {
                    m.put(BGPS, new Bgp(host, Ipv4.parse("192.168.3.1" + host.charAt(1)), 24, 65000 + host.charAt(1),
                            65000, Ipv4.parse("192.168.3.250"), 9, 3, Bgp.Advertise.HOSTS));
                }
            }
            case 1 -> {
                List<BgpReport.LearnedRoute> routes = new ArrayList<>();
                for (int i = 0; i < arg / 3 % 5; i++) {
                    Mac mac = (arg / 15 + i) % 4 == 0 ? null : Mac.parse("02:00:00:00:00:0" + (i + 1));
                    routes.add(new BgpReport.LearnedRoute(Ipv4Prefix.parse(List.of("0.0.0.0/0", "10.4.0.7/32",
                            "203.0.113.0/24", "198.51.100.0/25", "10.3.0.9/32").get(i)), List.of(
                            new BgpReport.NextHop(Ipv4.parse("192.168.3.250"), mac))));
                }
                m.put(BGP_REPORTS, new BgpReport(host, Mac.parse("02:00:00:00:01:0" + host.charAt(1)), List.of(),
                        routes));
            }
            default -> {
                if (m.snapshot().get(BGP_REPORTS).containsKey(host)) {
                    m.delete(BGP_REPORTS, host);
                }
            }
        }
    }

    private static EndpointGroup group(int g, boolean defaultDeny) {
        return new EndpointGroup(new ScopedKey("t", "g" + g), "vx", g == 2 ? List.of() : List.of("p" + g), "", "",
                List.of(), defaultDeny, 0);
    }
}
