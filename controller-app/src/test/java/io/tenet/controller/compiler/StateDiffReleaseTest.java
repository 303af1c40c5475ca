package io.tenet.controller.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.Nat;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which UDP translations a diff releases: those no flow of the new state makes any more, and never a TCP one.
 */
class StateDiffReleaseTest {
    private static final Cookie OWNER = new Cookie(Cookie.Category.SERVICE, 1, "t:svc");
    private static final Ipv4 VIP = Ipv4.parse("10.1.0.100");

    private static Conntrack.Release release(int provider) {
        return new Conntrack.Release(7, VIP, 53, Ipv4.parse("10.1.0." + provider), 5353);
    }

    /** Slot flows of one port over {@code providers}, slot s to provider s mod n, as the service feature builds. */
    private static List<FlowSpec> slots(int proto, int... providers) {
        List<FlowSpec> out = new ArrayList<>();
        int slots = providers.length * 2;
        for (int s = 0; s < slots; s++) {
            out.add(new FlowSpec(PipelineTable.SERVICE_LB, Priority.NORMAL, List.of(MatchField.EthType.IPV4,
                    new MatchField.IpProto(proto), new MatchField.Ipv4Dst(VIP, 32), new MatchField.TpDst(proto, 53),
                    new MatchField.TpSrc(proto, s, 0xff)), List.of(new Action.Ct(true, 7, PipelineTable.SERVICE_BACKEND,
                    Nat.destination(Ipv4.parse("10.1.0." + providers[s % providers.length]), 5353))), OWNER));
        }
        return out;
    }

    private static SwitchState state(List<FlowSpec> flows) {
        return SwitchState.of("h1", List.of(Part.of(new PartKey("test", "svc"), flows, Part.Contents.flows(flows))));
    }

    @Test
    void aProviderNoSlotTranslatesToAnyMoreIsReleased() {
        StateDiff d = state(slots(17, 5)).changesFrom(state(slots(17, 5, 6)));
        assertEquals(List.of(release(6)), d.releases());
    }

    @Test
    void aProviderWhoseSlotsMovedButWhoStaysIsNotReleased() {
        StateDiff d = state(slots(17, 5, 6, 7)).changesFrom(state(slots(17, 5, 6)));
        assertTrue(d.releases().isEmpty(), d.releases().toString());
        assertTrue(!d.addedFlows().isEmpty(), "the slots were rewritten");
    }

    @Test
    void aServiceThatGoesReleasesEveryProvider() {
        StateDiff d = SwitchState.of("h1", List.of()).changesFrom(state(slots(17, 5, 6)));
        assertEquals(List.of(release(5), release(6)), d.releases().stream().sorted((a, b) -> a.address()
                .compareTo(b.address())).toList());
    }

    @Test
    void tcpIsNeverReleased() {
        StateDiff d = state(slots(6, 5)).changesFrom(state(slots(6, 5, 6)));
        assertTrue(d.releases().isEmpty(), d.releases().toString());
    }
}
