package io.tenet.bgp.speaker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.tenet.bgp.wire.BgpCodec;
import io.tenet.bgp.wire.BgpError;
import java.util.List;

/** Cuts the TCP stream into whole BGP messages (byte arrays, header included), checking each header. */
final class FrameDecoder extends ByteToMessageDecoder {
    private final byte[] header = new byte[BgpCodec.HEADER];

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws BgpError {
        while (in.readableBytes() >= BgpCodec.HEADER) {
            in.getBytes(in.readerIndex(), header);
            int length = BgpCodec.frameLength(header, 0, BgpCodec.HEADER);
            if (in.readableBytes() < length) {
                return;
            }
            byte[] message = new byte[length];
            in.readBytes(message);
            out.add(message);
        }
    }
}
