package io.tenet.bgp.speaker;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.tenet.bgp.api.SessionState;
import io.tenet.bgp.wire.BgpCodec;
import io.tenet.bgp.wire.BgpError;
import io.tenet.bgp.wire.BgpMessage;
import java.net.InetSocketAddress;

/**
 * One TCP connection to a neighbour, with its own place in the state machine: a session may hold two while a
 * connection collision is resolved (RFC 4271 6.8). Its handler passes decoded messages and errors to the session.
 */
final class Connection extends SimpleChannelInboundHandler<byte[]> {
    final Session session;
    final boolean outbound;
    Channel channel;
    SessionState state = SessionState.CONNECT;
    BgpCodec codec = new BgpCodec(true);
    BgpMessage.Open peerOpen;
    long lastReceived = System.nanoTime();
    long lastSent;
    /** Negotiated hold time and keepalive interval, in nanoseconds (hold 4 minutes until the OPEN: RFC 4271 8). */
    long holdNanos = 240_000_000_000L;
    long keepaliveNanos;
    boolean closed;

    Connection(Session session, boolean outbound) {
        this.session = session;
        this.outbound = outbound;
    }

    int localAddress() {
        return NettySpeaker.address(((InetSocketAddress) channel.localAddress()).getAddress());
    }

    void send(BgpMessage m) {
        if (!closed && channel != null) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(m)));
            lastSent = System.nanoTime();
        }
    }

    /** Writes without flushing (for a run of UPDATEs); {@link #flush} sends them. */
    void write(BgpMessage m) {
        if (!closed && channel != null) {
            channel.write(Unpooled.wrappedBuffer(codec.encode(m)));
            lastSent = System.nanoTime();
        }
    }

    void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    /** Sends the NOTIFICATION, then closes. */
    void fail(BgpMessage.Notification n) {
        if (closed || channel == null) {
            return;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(n))).addListener(ChannelFutureListener.CLOSE);
        closed = true;
    }

    void close() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        session.connected(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] message) {
        if (closed) {
            return;
        }
        lastReceived = System.nanoTime();
        BgpMessage m;
        try {
            m = codec.decode(message);
        } catch (BgpError e) {
            session.protocolError(this, e);
            return;
        }
        session.received(this, m);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof BgpError e) {
            session.protocolError(this, e);
        } else {
            session.transportError(this, c.toString());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        session.disconnected(this);
    }
}
