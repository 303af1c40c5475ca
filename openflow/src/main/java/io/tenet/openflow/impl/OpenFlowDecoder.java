package io.tenet.openflow.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
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

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
            out.add(decodeFrame(frame));
        }
    }

    static InboundMessage decodeFrame(ByteBuf frame) {
        int version = frame.getUnsignedByte(0);
        int type = frame.getUnsignedByte(1);
        long xid = frame.getUnsignedInt(4);
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
        try {
            OFMessage message = OFFactories.getGenericReader().readFrom(frame.duplicate());
            if (message == null) {
                return new InboundMessage.Undecodable(version, type, xid, frame.readableBytes(), "incomplete");
            }
            return new InboundMessage.Decoded(message);
        } catch (RuntimeException | org.projectfloodlight.openflow.exceptions.OFParseError e) {
            // Loxi throws IllegalArgumentException for unknown versions and OFParseError for unknown content.
            return new InboundMessage.Undecodable(version, type, xid, frame.readableBytes(), String.valueOf(e.getMessage()));
        }
    }
}
