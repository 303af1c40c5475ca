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
}
