package io.tenet.openflow.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tenet.openflow.api.RawAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;

/**
 * Decodes a flow-stats reply that Loxi refuses as a whole because some flow holds an action it does not know
 * (Nicira learn): each entry is given to Loxi alone, and one it still refuses has its fixed part and match decoded
 * by Loxi (from the entry with its instructions cut off) and its instructions here, action by action, keeping each
 * action Loxi cannot read as a {@link RawAction}. Only OpenFlow 1.3 and 1.4 entries, whose layouts are the same
 * up to the match.
 */
final class FlowStatsFallback {
    private static final int MULTIPART_REPLY = 19;
    private static final int MULTIPART_FLOW = 1;
    /** OpenFlow header and multipart header (type, flags, 4 bytes of padding). */
    private static final int BODY = 16;
    /** An entry's fixed part before its match. */
    private static final int ENTRY_FIXED = 48;
    private static final int WRITE_ACTIONS = 3;
    private static final int APPLY_ACTIONS = 4;

    private FlowStatsFallback() {
    }

    static boolean applies(ByteBuf frame) {
        int version = frame.getUnsignedByte(0);
        return (version == 4 || version == 5) && frame.getUnsignedByte(1) == MULTIPART_REPLY
                && frame.readableBytes() >= BODY && frame.getUnsignedShort(8) == MULTIPART_FLOW;
    }

    /** The reply, or null when even this cannot read it. */
    static OFMessage decode(ByteBuf frame) {
        try {
            return read(frame);
        } catch (RuntimeException | OFParseError e) {
            return null;
        }
    }

    private static OFMessage read(ByteBuf frame) throws OFParseError {
        int versionByte = frame.getUnsignedByte(0);
        OFFactory f = OFFactories.getFactory(versionByte == 4 ? OFVersion.OF_13 : OFVersion.OF_14);
        long xid = frame.getUnsignedInt(4);
        boolean more = (frame.getUnsignedShort(10) & 1) != 0;
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        int at = BODY;
        int end = frame.readableBytes();
        while (at < end) {
            int length = frame.getUnsignedShort(at);
            if (length < ENTRY_FIXED + 8 || at + length > end) {
                throw new IllegalArgumentException("flow stats entry of length " + length + " at " + at);
            }
            int matchLength = frame.getUnsignedShort(at + ENTRY_FIXED + 2);
            int headLength = ENTRY_FIXED + (matchLength + 7) / 8 * 8;
            Entry e = new Entry(versionByte, xid, ByteBufUtil.getBytes(frame, at, headLength));
            ByteBuf instructions = frame.slice(at + headLength, length - headLength);
            entries.add(whole(e, instructions, f));
            at += length;
        }
        return f.buildFlowStatsReply().setXid(xid).setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of())
                .setEntries(entries).build();
    }

    /**
     * An entry as Loxi reads it whole, which most entries of a dump allow (one read); only an entry it cannot read is
     * taken apart instruction by instruction and action by action.
     */
    private static OFFlowStatsEntry whole(Entry e, ByteBuf instructions, OFFactory f) throws OFParseError {
        try {
            return e.parse(instructions);
        } catch (RuntimeException | OFParseError unknown) {
            return e.parse(Unpooled.EMPTY_BUFFER).createBuilder().setInstructions(instructions(f, e, instructions))
                    .build();
        }
    }

    /**
     * One entry's fixed part and match, from which Loxi reads one-entry replies with the instructions given (the
     * only public way into its entry, instruction and action readers).
     */
    private record Entry(int versionByte, long xid, byte[] head) {
        OFFlowStatsEntry parse(ByteBuf instructions) throws OFParseError {
            int length = head.length + instructions.readableBytes();
            ByteBuf m = Unpooled.buffer(BODY + length);
            m.writeByte(versionByte).writeByte(MULTIPART_REPLY).writeShort(BODY + length).writeInt((int) xid);
            m.writeShort(MULTIPART_FLOW).writeShort(0).writeInt(0);
            m.writeBytes(head);
            m.setShort(BODY, length);
            m.writeBytes(instructions.duplicate());
            return ((OFFlowStatsReply) OFFactories.getGenericReader().readFrom(m)).getEntries().get(0);
        }
    }

    private static List<OFInstruction> instructions(OFFactory f, Entry e, ByteBuf in) throws OFParseError {
        List<OFInstruction> out = new ArrayList<>();
        while (in.isReadable()) {
            int start = in.readerIndex();
            int type = in.getUnsignedShort(start);
            int length = in.getUnsignedShort(start + 2);
            if (length < 4 || start + length > in.writerIndex()) {
                throw new IllegalArgumentException("instruction of length " + length);
            }
            ByteBuf one = in.slice(start, length);
            in.skipBytes(length);
            if (type == APPLY_ACTIONS || type == WRITE_ACTIONS) {
                List<OFAction> actions = actions(f, e, one.slice(8, length - 8));
                out.add(type == APPLY_ACTIONS ? f.instructions().applyActions(actions)
                        : f.instructions().writeActions(actions));
            } else {
                out.add(e.parse(one).getInstructions().get(0));
            }
        }
        return out;
    }

    /** Each action as Loxi reads it (inside an apply-actions instruction of its own), or as its bytes. */
    private static List<OFAction> actions(OFFactory f, Entry e, ByteBuf in) {
        List<OFAction> out = new ArrayList<>();
        while (in.isReadable()) {
            int start = in.readerIndex();
            int length = in.getUnsignedShort(start + 2);
            if (length < 8 || start + length > in.writerIndex()) {
                throw new IllegalArgumentException("action of length " + length);
            }
            byte[] bytes = ByteBufUtil.getBytes(in, start, length);
            in.skipBytes(length);
            OFAction a = null;
            try {
                ByteBuf apply = Unpooled.buffer(8 + length).writeShort(APPLY_ACTIONS).writeShort(8 + length)
                        .writeInt(0).writeBytes(bytes);
                OFInstruction i = e.parse(apply).getInstructions().get(0);
                a = ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions) i).getActions()
                        .get(0);
            } catch (RuntimeException | OFParseError unknown) {
                // kept as bytes below
            }
            out.add(a != null ? a : new RawAction(f.getVersion(), bytes));
        }
        return out;
    }
}
