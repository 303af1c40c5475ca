package io.tenet.openflow.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tenet.openflow.api.RawAction;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A flow dump holding an action Loxi cannot read still decodes, with that action kept as its bytes. */
class FlowStatsFallbackTest {
    /** A Nicira learn action (subtype 16) with one load spec: Loxi has no reader for it. */
    private static final String LEARN = "ffff0030" + "00002320" + "0010" + "0000" + "0002" + "0064"
            + "7d05000000000001" + "0002" + "37" + "00" + "0000" + "0000"
            + "2820" + "0a010005" + "00010a04" + "0000" + "00000000";

    @Test
    void aDumpWithAnUnknownActionDecodesEntryByEntry() {
        for (OFVersion v : List.of(OFVersion.OF_13, OFVersion.OF_14)) {
            OFFactory f = OFFactories.getFactory(v);
            RawAction learn = new RawAction(v, HexFormat.of().parseHex(LEARN));
            OFFlowStatsEntry withLearn = f.buildFlowStatsEntry().setTableId(TableId.of(22)).setPriority(101)
                    .setCookie(U64.of(0x7e05000000000001L))
                    .setMatch(f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                            .setExact(MatchField.IPV4_DST, IPv4Address.of("10.1.0.5")).build())
                    .setInstructions(List.of(f.instructions().applyActions(List.of(learn,
                            f.actions().output(OFPort.of(3), 0))), f.instructions().gotoTable(TableId.of(25))))
                    .build();
            OFFlowStatsEntry plain = f.buildFlowStatsEntry().setTableId(TableId.of(0)).setPriority(0)
                    .setCookie(U64.of(0x7e01000000000000L)).setMatch(f.buildMatch().build())
                    .setInstructions(List.of()).build();
            OFFlowStatsReply reply = f.buildFlowStatsReply().setXid(77).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                    .setEntries(List.of(plain, withLearn)).build();
            ByteBuf wire = Unpooled.buffer();
            reply.writeTo(wire);
            assertThrows(Exception.class, () -> OFFactories.getGenericReader().readFrom(wire.duplicate()),
                    "Loxi alone cannot read it");
            InboundMessage m = OpenFlowDecoder.decodeFrame(wire);
            OFFlowStatsReply back = (OFFlowStatsReply) assertInstanceOf(InboundMessage.Decoded.class, m).message();
            assertEquals(77, back.getXid());
            assertEquals(Set.of(OFStatsReplyFlags.REPLY_MORE), back.getFlags());
            assertEquals(List.of(plain, withLearn), back.getEntries(), v + ": entries as written");
        }
    }

    @Test
    void aDumpThatDoesNotHoldTogetherStaysUndecodable() {
        ByteBuf wire = Unpooled.buffer();
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        f.buildFlowStatsReply().setXid(5).setEntries(List.of(f.buildFlowStatsEntry().setTableId(TableId.of(1))
                .setMatch(f.buildMatch().build()).setInstructions(List.of(f.instructions().applyActions(List.of(
                        new RawAction(OFVersion.OF_14, HexFormat.of().parseHex(LEARN)))))).build())).build()
                .writeTo(wire);
        wire.setShort(16, 500);
        assertTrue(OpenFlowDecoder.decodeFrame(wire) instanceof InboundMessage.Undecodable);
    }
}
