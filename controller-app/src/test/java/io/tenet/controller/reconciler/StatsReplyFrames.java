package io.tenet.controller.reconciler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tenet.controller.compiler.SwitchState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.types.U64;

/**
 * A switch's answer to the traffic read's flow-statistics request as it arrives on the wire: every flow of an
 * installed state with the match and instructions the reconciler sent (non-zero counters), packed into multipart
 * replies of at most 64 KiB as Open vSwitch packs them, each frame's bytes as the channel's decoder receives them.
 */
public final class StatsReplyFrames {
    private static final int MAX_FRAME = 65_535;
    /** Fixed part of a flow-stats entry beside its match and instructions, and the reply's own header. */
    private static final int REPLY_HEADER = 16;

    private StatsReplyFrames() {
    }

    public static List<byte[]> of(OFFactory f, SwitchState state) {
        FlowEncoder enc = new FlowEncoder(f);
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        long[] n = {1};
        state.forEach(spec -> {
            OFFlowAdd add = enc.add(spec);
            entries.add(f.buildFlowStatsEntry().setTableId(add.getTableId()).setPriority(add.getPriority())
                    .setCookie(add.getCookie()).setMatch(add.getMatch()).setInstructions(add.getInstructions())
                    .setPacketCount(U64.of(n[0]++)).setByteCount(U64.of(100 * n[0])).build());
        });
        List<byte[]> frames = new ArrayList<>();
        List<OFFlowStatsEntry> chunk = new ArrayList<>();
        int size = REPLY_HEADER;
        for (int i = 0; i < entries.size(); i++) {
            int len = length(entries.get(i));
            if (size + len > MAX_FRAME) {
                frames.add(frame(f, chunk, true));
                chunk = new ArrayList<>();
                size = REPLY_HEADER;
            }
            chunk.add(entries.get(i));
            size += len;
        }
        frames.add(frame(f, chunk, false));
        return frames;
    }

    private static int length(OFFlowStatsEntry e) {
        ByteBuf b = Unpooled.buffer();
        e.writeTo(b);
        return b.readableBytes();
    }

    private static byte[] frame(OFFactory f, List<OFFlowStatsEntry> chunk, boolean more) {
        ByteBuf b = Unpooled.buffer(MAX_FRAME);
        f.buildFlowStatsReply().setXid(7).setEntries(chunk)
                .setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of()).build().writeTo(b);
        return ByteBufUtil.getBytes(b);
    }
}
