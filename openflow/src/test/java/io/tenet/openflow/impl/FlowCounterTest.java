package io.tenet.openflow.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.RawAction;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Counters read straight from a flow-statistics reply's frame equal what Loxi decodes, and bad frames are refused. */
class FlowCounterTest {
    /** A Nicira learn action, which Loxi cannot read: the counters reader skips it like any instruction. */
    private static final String LEARN = "ffff0030" + "00002320" + "0010" + "0000" + "0002" + "0064"
            + "7d05000000000001" + "0002" + "37" + "00" + "0000" + "0000"
            + "2820" + "0a010005" + "00010a04" + "0000" + "00000000";

    private static ByteBuf reply(OFFactory f, long xid, boolean more, List<OFFlowStatsEntry> entries) {
        ByteBuf wire = Unpooled.buffer();
        f.buildFlowStatsReply().setXid(xid).setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of())
                .setEntries(entries).build().writeTo(wire);
        return wire;
    }

    private static List<OFFlowStatsEntry> entries(OFFactory f) {
        OFFlowStatsEntry full = f.buildFlowStatsEntry().setTableId(TableId.of(22)).setPriority(101)
                .setCookie(U64.of(0x7e05000000000001L)).setPacketCount(U64.of(12345)).setByteCount(U64.of(987654321))
                .setMatch(f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setExact(MatchField.IPV4_DST, IPv4Address.of("10.1.0.5")).build())
                .setInstructions(List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.of(3), 0))),
                        f.instructions().gotoTable(TableId.of(25))))
                .build();
        OFFlowStatsEntry plain = f.buildFlowStatsEntry().setTableId(TableId.of(0)).setPriority(0)
                .setCookie(U64.of(0xfe01000000000000L)).setPacketCount(U64.of(-1L)).setByteCount(U64.of(0))
                .setMatch(f.buildMatch().build()).setInstructions(List.of()).build();
        return List.of(full, plain);
    }

    @Test
    void countersEqualWhatLoxiDecodesInBothVersions() {
        for (OFVersion v : List.of(OFVersion.OF_13, OFVersion.OF_14)) {
            OFFactory f = OFFactories.getFactory(v);
            List<OFFlowStatsEntry> entries = entries(f);
            FlowCounter.Reply r = FlowCounter.readReply(reply(f, 77, true, entries));
            assertEquals(77, r.xid());
            assertTrue(r.more());
            assertEquals(entries.stream().map(e -> new FlowCounter(e.getTableId().getValue(), e.getCookie().getValue(),
                    e.getPacketCount().getValue(), e.getByteCount().getValue())).toList(), r.counters(), v.toString());
            assertFalse(FlowCounter.readReply(reply(f, 78, false, List.of())).more());
            assertEquals(List.of(), FlowCounter.readReply(reply(f, 78, false, List.of())).counters());
        }
    }

    @Test
    void anActionLoxiCannotReadIsSkippedByItsLength() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        RawAction learn = new RawAction(OFVersion.OF_14, HexFormat.of().parseHex(LEARN));
        OFFlowStatsEntry e = f.buildFlowStatsEntry().setTableId(TableId.of(22)).setPriority(5)
                .setCookie(U64.of(0x7e05000000000009L)).setPacketCount(U64.of(3)).setByteCount(U64.of(300))
                .setMatch(f.buildMatch().build())
                .setInstructions(List.of(f.instructions().applyActions(List.of(learn)))).build();
        assertEquals(List.of(new FlowCounter(22, 0x7e05000000000009L, 3, 300)),
                FlowCounter.readReply(reply(f, 5, false, List.of(e))).counters());
    }

    @Test
    void theDecoderReadsCountersOnlyForTheXidsItIsGiven() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        ByteBuf wire = reply(f, 41, false, entries(f));
        assertInstanceOf(InboundMessage.Decoded.class, OpenFlowDecoder.decodeFrame(wire.duplicate(), Set.of(40L)));
        InboundMessage m = OpenFlowDecoder.decodeFrame(wire.duplicate(), Set.of(41L));
        assertEquals(2, assertInstanceOf(InboundMessage.FlowCounters.class, m).reply().counters().size());
        // A barrier reply with a counters xid (not a flow-statistics reply) is decoded as usual.
        ByteBuf barrier = Unpooled.buffer();
        f.buildBarrierReply().setXid(41).build().writeTo(barrier);
        assertInstanceOf(InboundMessage.Decoded.class, OpenFlowDecoder.decodeFrame(barrier, Set.of(41L)));
    }

    @Test
    void anImpossibleEntryLengthFailsTheRequestNotTheChannel() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        for (int bad : new int[] {0, 8, 50, 0xfff8}) {
            ByteBuf wire = reply(f, 9, false, entries(f));
            wire.setShort(16, bad);
            assertThrows(IllegalArgumentException.class, () -> FlowCounter.readReply(wire.duplicate()), "length " + bad);
            InboundMessage m = OpenFlowDecoder.decodeFrame(wire.duplicate(), Set.of(9L));
            assertEquals(9, assertInstanceOf(InboundMessage.Undecodable.class, m).xid(), "length " + bad);
        }
        ByteBuf truncated = reply(f, 9, false, entries(f));
        truncated.setShort(2, truncated.readableBytes() + 8);
        assertThrows(IllegalArgumentException.class, () -> FlowCounter.readReply(truncated));
        ByteBuf notStats = Unpooled.buffer();
        f.buildBarrierReply().setXid(9).build().writeTo(notStats);
        assertThrows(IllegalArgumentException.class, () -> FlowCounter.readReply(notStats));
    }
}
