package io.tenet.controller.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tenet.controller.api.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flow that rewrites the IPv4 header must match IPv4, as OVS requires: refused when built, not when sent. */
class FlowSpecTest {
    private static final List<Action> REWRITE = List.of(new Action.SetIpv4Src(Ipv4.parse("169.254.64.5")),
            new Action.Output(2));

    @Test
    void anIpv4RewriteWithoutAnIpMatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FlowSpec(PipelineTable.OUTPUT, Priority.NORMAL,
                List.of(new MatchField.InPort(5)), REWRITE, Cookie.PIPELINE));
        assertThrows(IllegalArgumentException.class, () -> new FlowSpec(PipelineTable.L3_ROUTES, Priority.NORMAL,
                List.of(new MatchField.InPort(5)), List.of(new Action.DecTtl()), Cookie.PIPELINE));
        assertThrows(IllegalArgumentException.class, () -> new FlowSpec(PipelineTable.L3_GATEWAY, Priority.NORMAL,
                List.of(new MatchField.InPort(5)), List.of(new Action.Move(NxmField.IP_SRC, NxmField.IP_DST)),
                Cookie.PIPELINE));
        assertDoesNotThrow(() -> new FlowSpec(PipelineTable.OUTPUT, Priority.NORMAL,
                List.of(new MatchField.InPort(5), MatchField.EthType.IPV4), REWRITE, Cookie.PIPELINE));
        assertDoesNotThrow(() -> new FlowSpec(PipelineTable.ARP_RESPONDER, Priority.NORMAL,
                List.of(MatchField.EthType.ARP), List.of(new Action.Move(NxmField.ETH_SRC, NxmField.ETH_DST)),
                Cookie.PIPELINE));
    }
}
