package io.tenet.controller.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.LearnSpec;
import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What one service compiles to: a select group per TCP port, source-port slots per UDP port, a reject without providers. */
class ServiceFlowsTest {
    private static final Network NET = new Network(new NetworkSpec(CompilerFixtures.BLUE, Encap.VXLAN,
            Ipv4Prefix.parse("10.1.0.0/24"), null, 0, "data"), 1);
    private static final Cookie COOKIE = new Cookie(Cookie.Category.SERVICE, 1, "t:web");
    private static final ServiceLB SVC = new ServiceLB(new ScopedKey("t", "web"), "blue", Ipv4.parse("10.1.0.100"),
            Map.of("app", "web"), List.of(ServicePort.parse("80:8080:TCP"), ServicePort.parse("53:5353:UDP")),
            ServiceLB.Affinity.NONE, 10800, 3);

    private static List<Endpoint> providers(int n) {
        List<Endpoint> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(CompilerFixtures.endpoint("p" + i, CompilerFixtures.BLUE, "10.1." + i / 200 + "." + i % 200, "h1"));
        }
        return out;
    }

    private static Part.Contents build(int providers) {
        return ServiceFlows.build(new ServiceFlows.Inputs(SVC, NET, providers(providers)), COOKIE);
    }

    private static List<FlowSpec> balancing(Part.Contents c) {
        return c.flows().stream().filter(f -> f.table() == PipelineTable.SERVICE_LB).toList();
    }

    @Test
    void tcpPortsGetASelectGroupWithABucketPerProvider() {
        Part.Contents c = build(3);
        assertEquals(1, c.groups().size(), "one group, for the TCP port");
        GroupSpec g = c.groups().get(0);
        assertEquals(GroupSpec.Type.SELECT, g.type());
        assertEquals(3, g.buckets().size());
        assertEquals(ServiceFlows.groupId(SVC, 0), g.id());
    }

    @Test
    void udpPortsSpreadSourcePortSlotsEvenlyOverProviders() {
        for (int n : new int[] {1, 2, 3, 10, 100, 300}) {
            int slots = ServiceFlows.slotCount(n);
            assertEquals(0, slots & (slots - 1), "a power of two: " + slots);
            assertTrue(slots >= n, slots + " slots for " + n + " providers");
            List<FlowSpec> udp = balancing(build(n)).stream().filter(f -> f.match().stream()
                    .anyMatch(m -> m.ofctl().startsWith("udp_dst"))).toList();
            assertEquals(slots, udp.size(), n + " providers");
            Map<String, Integer> perProvider = new TreeMap<>();
            for (FlowSpec f : udp) {
                perProvider.merge(((Action.Ct) f.actions().get(0)).nat().ip().toString(), 1, Integer::sum);
            }
            assertEquals(n, perProvider.size(), "every provider has a slot: " + perProvider);
            int min = perProvider.values().stream().mapToInt(i -> i).min().orElseThrow();
            int max = perProvider.values().stream().mapToInt(i -> i).max().orElseThrow();
            assertTrue(max - min <= 1, "slots within one of each other: " + perProvider);
        }
        assertTrue(ServiceFlows.slotCount(3) >= 12, "at least four slots per provider when few");
    }

    @Test
    void withoutProvidersEveryPortIsRejectedThroughTheMeter() {
        Part.Contents c = build(0);
        assertTrue(c.groups().isEmpty());
        List<FlowSpec> b = balancing(c);
        assertEquals(2, b.size());
        for (FlowSpec f : b) {
            assertEquals(List.of(new Action.Meter(ServiceFlows.REJECT_METER),
                    new Action.Controller(ServiceFlows.REJECT_MAX_LENGTH)), f.actions());
        }
    }

    @Test
    void aServiceWithAffinityLooksUpThenLearnsTheProviderOfEachClient() {
        ServiceLB sticky = new ServiceLB(SVC.key(), SVC.network(), SVC.vip(), SVC.selectors(), SVC.ports(),
                ServiceLB.Affinity.CLIENT_IP, 70000, SVC.id());
        List<Endpoint> ps = providers(2);
        Part.Contents c = ServiceFlows.build(new ServiceFlows.Inputs(sticky, NET, ps), COOKIE);
        assertEquals(2, c.groups().size(), "a group per port, UDP too: it hashes by address as affinity wants");
        for (FlowSpec f : balancing(c)) {
            assertEquals(List.of(new Action.Resubmit(PipelineTable.SERVICE_AFFINITY),
                    new Action.GotoTable(PipelineTable.SERVICE_BACKEND)), f.actions(), "looked up first: " + f);
        }
        List<FlowSpec> backend = c.flows().stream().filter(f -> f.table() == PipelineTable.SERVICE_BACKEND).toList();
        long remembered = backend.stream().filter(f -> f.match().stream().anyMatch(m -> m.ofctl().startsWith("reg5=")))
                .count();
        assertEquals(2L * ps.size(), remembered, "per port and provider, the translation a remembered client gets");
        assertEquals(2L, backend.stream().filter(f -> f.priority() == ServiceFlows.AFFINITY_MISS
                && f.actions().get(0) instanceof Action.Group).count(), "per port, the group for clients not remembered");
        List<Action.Learn> learns = backend.stream().filter(f -> f.priority() == ServiceFlows.AFFINITY_LEARN)
                .map(f -> (Action.Learn) f.actions().get(0)).toList();
        assertEquals(ps.size(), learns.size(), "per provider, the learning of its new connections");
        Action.Learn l = learns.get(0);
        assertEquals(PipelineTable.SERVICE_AFFINITY, l.table());
        assertEquals(0xffff, l.hardTimeout(), "70,000 s held within OpenFlow's 16 bits");
        assertEquals(COOKIE.learned(), l.cookie());
        assertEquals(Cookie.LEARNED_OWNER, l.cookie() & Cookie.OWNER_MASK, "not Tenet's owner byte: never audited");
        assertEquals(new LearnSpec.LoadValue(ps.get(0).ip().unsigned(), NxmField.REG5),
                l.specs().get(l.specs().size() - 1));
        assertTrue(build(2).flows().stream().noneMatch(f -> f.table() == PipelineTable.SERVICE_AFFINITY
                || f.actions().stream().anyMatch(a -> a instanceof Action.Learn)), "no affinity, no learning");
    }
}
