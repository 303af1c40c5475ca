package io.tenet.openflow.impl;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.tenet.openflow.api.PacketIn;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-channel state machine. Each state accepts only the messages it expects; anything else closes this
 * channel (and only this channel). Echo requests are answered in every state after HELLO.
 *
 * <pre>
 *   accept -> WaitHello --HELLO--> WaitFeatures --FEATURES_REPLY--> WaitPortDesc --PORT_DESC(last)--> Active
 *                 \__________________ timeout, error, unexpected message: close _______________/
 * </pre>
 */
final class SwitchChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SwitchChannelHandler.class);
    /** Versions this controller speaks; 1.5 is excluded on purpose (Loxi lacks the Nicira pieces there). */
    static final Set<OFVersion> SUPPORTED = Set.of(OFVersion.OF_13, OFVersion.OF_14);
    private static final long HANDSHAKE_XID_BASE = 1;

    /** The events a channel reports to its owner. */
    interface Events {
        void connected(SwitchConnection sw);

        void disconnected(SwitchConnection sw);

        void portChanged(SwitchConnection sw, OFPortReason reason, OFPortDesc port);

        default void packetIn(SwitchConnection sw, PacketIn packetIn) {
        }
    }

    private final Events events;
    private final Duration handshakeTimeout;
    private State state = new WaitHello();
    private boolean echoOutstanding;
    private ScheduledFuture<?> handshakeTimer;

    SwitchChannelHandler(Events events, Duration handshakeTimeout) {
        this.events = events;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** One step of the handshake or the running session. */
    private sealed interface State permits WaitHello, WaitFeatures, WaitPortDesc, Active {
        State onMessage(ChannelHandlerContext ctx, OFMessage message);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        OFHelloElem bitmap = f.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of((1 << OFVersion.OF_13.getWireVersion()) | (1 << OFVersion.OF_14.getWireVersion()))))
                .build();
        ctx.writeAndFlush(f.buildHello().setXid(HANDSHAKE_XID_BASE).setElements(List.of(bitmap)).build());
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!(state instanceof Active)) {
                log.warn("OpenFlow handshake with {} did not finish within {} (stuck in {}); closing the channel."
                        + " Check that the switch speaks OpenFlow 1.3 or 1.4.", ctx.channel().remoteAddress(),
                        handshakeTimeout, state.getClass().getSimpleName());
                ctx.close();
            }
        }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (state instanceof Active active) {
            active.sw.failAll();
            events.disconnected(active.sw);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (echoOutstanding) {
                log.warn("Switch at {} answered no echo request; closing its channel (it will reconnect).",
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            if (state instanceof WaitHello) {
                return;
            }
            echoOutstanding = true;
            OFFactory f = factory();
            ctx.writeAndFlush(f.buildEchoRequest().setXid(0xeeee0000L).build());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        echoOutstanding = false;
        if (!(msg instanceof InboundMessage inbound)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inbound instanceof InboundMessage.ErrorReply error) {
            if (state instanceof Active active && active.sw.onError(error)) {
                return;
            }
            violation(ctx, "error " + error.name() + " for xid " + error.xid());
            return;
        }
        if (inbound instanceof InboundMessage.PacketInMessage p) {
            if (state instanceof Active active) {
                events.packetIn(active.sw, p.packetIn());
                return;
            }
            violation(ctx, "packet-in before the handshake completed");
            return;
        }
        if (inbound instanceof InboundMessage.FlowCounters c) {
            if (state instanceof Active active) {
                if (!active.sw.onCounters(c.reply())) {
                    log.debug("Counters reply with unknown xid {} from {}", c.xid(), active.sw);
                }
                return;
            }
            violation(ctx, "flow-statistics reply before the handshake completed");
            return;
        }
        if (inbound instanceof InboundMessage.Undecodable u) {
            if (state instanceof Active active) {
                if (!active.sw.onUndecodable(u)) {
                    log.info("Ignoring an undecodable message (type {}, {} bytes) from {}: {}", u.type(), u.length(),
                            active.sw, u.reason());
                }
                return;
            }
            violation(ctx, "undecodable message of type " + u.type() + ": " + u.reason());
            return;
        }
        OFMessage message = ((InboundMessage.Decoded) inbound).message();
        if (message instanceof OFEchoRequest echo && !(state instanceof WaitHello)) {
            ctx.writeAndFlush(factory().buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            return;
        }
        if (message instanceof OFEchoReply) {
            return;
        }
        state = state.onMessage(ctx, message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("OpenFlow channel with {} failed and is closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private State violation(ChannelHandlerContext ctx, String what) {
        log.warn("Closing OpenFlow channel with {} in state {}: unexpected {}", ctx.channel().remoteAddress(),
                state.getClass().getSimpleName(), what);
        ctx.close();
        return state;
    }

    private OFFactory factory() {
        if (state instanceof WaitFeatures w) {
            return w.factory;
        }
        if (state instanceof WaitPortDesc w) {
            return w.factory;
        }
        if (state instanceof Active a) {
            return a.sw.factory();
        }
        return OFFactories.getFactory(OFVersion.OF_14);
    }

    static OFVersion negotiate(OFHello hello) {
        int bitmap = 0;
        for (OFHelloElem elem : hello.getElements()) {
            if (elem instanceof OFHelloElemVersionbitmap vb && !vb.getBitmaps().isEmpty()) {
                bitmap = (int) vb.getBitmaps().get(0).getValue();
            }
        }
        OFVersion best = null;
        for (OFVersion v : SUPPORTED) {
            boolean offered = bitmap != 0
                    ? (bitmap & (1 << v.getWireVersion())) != 0
                    : v.getWireVersion() <= hello.getVersion().getWireVersion();
            if (offered && (best == null || v.compareTo(best) > 0)) {
                best = v;
            }
        }
        return best;
    }

    private final class WaitHello implements State {
        @Override
        public State onMessage(ChannelHandlerContext ctx, OFMessage message) {
            if (!(message instanceof OFHello hello)) {
                return violation(ctx, message.getType() + " before HELLO");
            }
            OFVersion version = negotiate(hello);
            if (version == null) {
                log.warn("Switch at {} offers no OpenFlow version Tenet speaks (1.3, 1.4); closing."
                        + " Set protocols=OpenFlow13,OpenFlow14 on the bridge.", ctx.channel().remoteAddress());
                OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
                ctx.writeAndFlush(f.errorMsgs().buildHelloFailedErrorMsg()
                        .setCode(org.projectfloodlight.openflow.protocol.OFHelloFailedCode.INCOMPATIBLE)
                        .setXid(hello.getXid()).build());
                ctx.close();
                return this;
            }
            OFFactory f = OFFactories.getFactory(version);
            ctx.writeAndFlush(f.buildFeaturesRequest().setXid(HANDSHAKE_XID_BASE + 1).build());
            return new WaitFeatures(f);
        }
    }

    private final class WaitFeatures implements State {
        final OFFactory factory;

        WaitFeatures(OFFactory factory) {
            this.factory = factory;
        }

        @Override
        public State onMessage(ChannelHandlerContext ctx, OFMessage message) {
            if (!(message instanceof OFFeaturesReply features)) {
                return violation(ctx, message.getType() + " while waiting for FEATURES_REPLY");
            }
            ctx.writeAndFlush(factory.buildPortDescStatsRequest().setXid(HANDSHAKE_XID_BASE + 2).build());
            return new WaitPortDesc(factory, features.getDatapathId());
        }
    }

    private final class WaitPortDesc implements State {
        final OFFactory factory;
        final DatapathId dpid;
        final Map<String, OFPortDesc> ports = new HashMap<>();

        WaitPortDesc(OFFactory factory, DatapathId dpid) {
            this.factory = factory;
            this.dpid = dpid;
        }

        @Override
        public State onMessage(ChannelHandlerContext ctx, OFMessage message) {
            if (message instanceof OFPortStatus status) {
                applyPortStatus(ports, status);
                return this;
            }
            if (!(message instanceof OFPortDescStatsReply reply)) {
                return violation(ctx, message.getType() + " while waiting for PORT_DESC");
            }
            for (OFPortDesc p : reply.getEntries()) {
                ports.put(p.getName(), p);
            }
            if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                return this;
            }
            handshakeTimer.cancel(false);
            SwitchConnection sw = new SwitchConnection(ctx.channel(), factory, dpid, HANDSHAKE_XID_BASE + 16);
            ports.values().forEach(sw::putPort);
            log.info("Switch {} connected from {} speaking {} with {} ports", dpid, ctx.channel().remoteAddress(),
                    factory.getVersion(), ports.size());
            events.connected(sw);
            return new Active(sw);
        }
    }

    private static void applyPortStatus(Map<String, OFPortDesc> ports, OFPortStatus status) {
        if (status.getReason() == OFPortReason.DELETE) {
            ports.remove(status.getDesc().getName());
        } else {
            ports.put(status.getDesc().getName(), status.getDesc());
        }
    }

    private final class Active implements State {
        final SwitchConnection sw;

        Active(SwitchConnection sw) {
            this.sw = sw;
        }

        @Override
        public State onMessage(ChannelHandlerContext ctx, OFMessage message) {
            if (message instanceof OFPortStatus status) {
                if (status.getReason() == OFPortReason.DELETE) {
                    sw.removePort(status.getDesc());
                } else {
                    sw.putPort(status.getDesc());
                }
                events.portChanged(sw, status.getReason(), status.getDesc());
                return this;
            }
            if (message instanceof OFBarrierReply || message instanceof OFStatsReply
                    || message instanceof org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg
                    || message instanceof org.projectfloodlight.openflow.protocol.OFRoleReply) {
                if (!sw.onReply(message)) {
                    log.debug("Reply with unknown xid {} from {}", message.getXid(), sw);
                }
                return this;
            }
            if (message instanceof org.projectfloodlight.openflow.protocol.OFRoleStatus) {
                // Another controller became master: the reconciler learns it from the mastership service.
                return this;
            }
            if (message instanceof OFFlowRemoved) {
                // No flow of the pipeline asks to be told of its removal; tolerate strays quietly.
                return this;
            }
            if (message instanceof OFPortDescStatsReply || message instanceof OFFeaturesReply) {
                return this;
            }
            return violation(ctx, message.getType().toString());
        }
    }
}
