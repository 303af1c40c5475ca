package io.tenet.openflow.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.AttributeKey;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.PacketIn;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Frames OpenFlow messages by their header length and decodes each one on its own, so that one message Loxi
 * cannot parse (an unknown Nicira extension, a newer version) never takes the channel down: it becomes an
 * {@link InboundMessage.Undecodable}. A header whose length is impossible is a protocol violation and closes the
 * channel.
 */
final class OpenFlowDecoder extends ByteToMessageDecoder {
    static final int HEADER = 8;
    private static final int TYPE_ERROR = 1;
    private static final int TYPE_PACKET_IN = 10;
    /** The OXM header of in_port (class OpenFlow basic, field 0, 4 bytes). */
    private static final long OXM_IN_PORT = 0x80000004L;

    /**
     * The xids of a channel's outstanding counters requests ({@link SwitchConnection#dumpFlowCounters}), whose
     * flow-statistics replies are read as {@link InboundMessage.FlowCounters} instead of by Loxi.
     */
    static final AttributeKey<Set<Long>> COUNTER_XIDS = AttributeKey.valueOf("tenet-counter-xids");

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        Set<Long> counters = ctx.channel().attr(COUNTER_XIDS).get();
        while (in.readableBytes() >= HEADER) {
            int start = in.readerIndex();
            int length = in.getUnsignedShort(start + 2);
            if (length < HEADER) {
                throw new CorruptedFrameException("OpenFlow header length " + length + " is shorter than a header");
            }
            if (in.readableBytes() < length) {
                return;
            }
            ByteBuf frame = in.slice(start, length);
            in.skipBytes(length);
            out.add(decodeFrame(frame, counters == null ? Set.of() : counters));
        }
    }

    static InboundMessage decodeFrame(ByteBuf frame) {
        return decodeFrame(frame, Set.of());
    }

    static InboundMessage decodeFrame(ByteBuf frame, Set<Long> counterXids) {
        int version = frame.getUnsignedByte(0);
        int type = frame.getUnsignedByte(1);
        long xid = frame.getUnsignedInt(4);
        if (counterXids.contains(xid) && FlowCounter.isFlowStatsReply(frame)) {
            try {
                return new InboundMessage.FlowCounters(FlowCounter.readReply(frame));
            } catch (IllegalArgumentException e) {
                return new InboundMessage.Undecodable(version, type, xid, frame.readableBytes(), e.getMessage());
            }
        }
        if (type == TYPE_ERROR && frame.readableBytes() >= 12) {
            int errType = frame.getUnsignedShort(8);
            int code = frame.getUnsignedShort(10);
            long experimenter = 0;
            int dataStart = 12;
            if (errType == 0xffff && frame.readableBytes() >= 16) {
                experimenter = frame.getUnsignedInt(12);
                dataStart = 16;
            }
            byte[] data = ByteBufUtil.getBytes(frame, dataStart, frame.readableBytes() - dataStart);
            return new InboundMessage.ErrorReply(version, xid, errType, code, experimenter, data);
        }
        if (type == TYPE_PACKET_IN && version >= 4) {
            return decodePacketIn(frame, version, xid);
        }
        try {
            OFMessage message = OFFactories.getGenericReader().readFrom(frame.duplicate());
            if (message == null) {
                return new InboundMessage.Undecodable(version, type, xid, frame.readableBytes(), "incomplete");
            }
            return new InboundMessage.Decoded(message);
        } catch (RuntimeException | org.projectfloodlight.openflow.exceptions.OFParseError e) {
            // Loxi throws IllegalArgumentException for unknown versions and OFParseError for unknown content; a
            // flow dump with actions it does not know is read entry by entry instead.
            OFMessage fallback = FlowStatsFallback.applies(frame) ? FlowStatsFallback.decode(frame) : null;
            if (fallback != null) {
                return new InboundMessage.Decoded(fallback);
            }
            return new InboundMessage.Undecodable(version, type, xid, frame.readableBytes(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * OpenFlow 1.3 and 1.4 packet-in: buffer_id, total_len, reason, table_id, cookie, an OXM match padded to 8
     * bytes, 2 bytes of padding, then the packet. Only in_port is read from the match; whatever else OVS put there
     * (conntrack fields Loxi does not know) is skipped by length.
     */
    static InboundMessage decodePacketIn(ByteBuf frame, int version, long xid) {
        int length = frame.readableBytes();
        if (length < 32) {
            return new InboundMessage.Undecodable(version, TYPE_PACKET_IN, xid, length, "packet-in shorter than 32 bytes");
        }
        int totalLength = frame.getUnsignedShort(12);
        int reason = frame.getUnsignedByte(14);
        int tableId = frame.getUnsignedByte(15);
        long cookie = frame.getLong(16);
        int matchType = frame.getUnsignedShort(24);
        int matchLength = frame.getUnsignedShort(26);
        int matchEnd = 24 + matchLength;
        int dataStart = 24 + (matchLength + 7) / 8 * 8 + 2;
        if (matchType != 1 || matchLength < 4 || dataStart > length) {
            return new InboundMessage.Undecodable(version, TYPE_PACKET_IN, xid, length,
                    "packet-in match of type " + matchType + " and length " + matchLength + " does not fit");
        }
        long inPort = -1;
        int at = 28;
        while (at + 4 <= matchEnd) {
            long header = frame.getUnsignedInt(at);
            int fieldLength = (int) (header & 0xff);
            if (at + 4 + fieldLength > matchEnd) {
                return new InboundMessage.Undecodable(version, TYPE_PACKET_IN, xid, length,
                        "packet-in match field 0x" + Long.toHexString(header) + " overruns the match");
            }
            if (header == OXM_IN_PORT) {
                inPort = frame.getUnsignedInt(at + 4);
            }
            at += 4 + fieldLength;
        }
        if (inPort < 0) {
            return new InboundMessage.Undecodable(version, TYPE_PACKET_IN, xid, length, "packet-in without in_port");
        }
        byte[] data = ByteBufUtil.getBytes(frame, dataStart, length - dataStart);
        return new InboundMessage.PacketInMessage(version, xid,
                new PacketIn(tableId, cookie, inPort, reason, data, totalLength));
    }
}
