package io.tenet.controller.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.LearnSpec;
import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.openflow.api.RawAction;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The learn action in the bytes of OVS's nx_action_learn (lib/ofp-actions.c): OVS reads back what it stores in
 * the same form, which the audits of ServiceLoadBalancingTest check against a real switch.
 */
class LearnEncodingTest {
    @Test
    void learnIsWrittenAsNiciraLearnWithItsSpecsAndPadding() {
        Action.Learn learn = new Action.Learn(PipelineTable.SERVICE_AFFINITY, 100, 3, 0x7d05000000000001L, List.of(
                new LearnSpec.MatchValue(NxmField.ETH_TYPE, 0x0800),
                new LearnSpec.MatchSame(NxmField.REG0),
                new LearnSpec.LoadValue(0x0a010005L, NxmField.REG5)));
        RawAction a = (RawAction) learn.accept(new ActionEncoder(OFFactories.getFactory(OFVersion.OF_14)));
        String expected = "ffff0048" + "00002320" + "0010"              // experimenter action, Nicira, learn
                + "0000" + "0003" + "0064" + "7d05000000000001"        // idle, hard timeout, priority, cookie
                + "0002" + "37" + "00" + "0000" + "0000"               // delete_learned, table 55, fin timeouts
                + "2010" + "0800" + "00000602" + "0000"                // eth_type = 0x0800 (immediate, 16 bits)
                + "0020" + "00010004" + "0000" + "00010004" + "0000"   // reg0 as in the packet (field, 32 bits)
                + "2820" + "0a010005" + "00010a04" + "0000"            // load 10.1.0.5 into reg5
                + "00000000";                                          // to a multiple of 8
        assertEquals(expected, HexFormat.of().formatHex(a.bytes()));
        assertEquals(0x2320L, a.getExperimenter());
    }
}
