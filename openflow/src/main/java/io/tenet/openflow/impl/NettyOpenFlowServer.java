package io.tenet.openflow.impl;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.PacketIn;
import io.tenet.openflow.api.SwitchListener;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow listener. Pipeline per channel: {@code idle} (echo probing) -> {@code decoder} -> {@code encoder}
 * -> {@code switch} (the handshake state machine). A switch that reconnects replaces its previous connection.
 */
public final class NettyOpenFlowServer implements OpenFlowServer {
    private static final Logger log = LoggerFactory.getLogger(NettyOpenFlowServer.class);
    private final ChannelSettings settings;
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<DatapathId, SwitchConnection> switches = new ConcurrentHashMap<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public NettyOpenFlowServer(ChannelSettings settings) {
        this.settings = settings;
    }

    /** Binds the listener; throws when the address cannot be bound (port in use, address absent). */
    public synchronized void start() throws InterruptedException {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("tenet-of-accept"));
        workers = new NioEventLoopGroup(2, new DefaultThreadFactory("tenet-of-io"));
        SwitchChannelHandler.Events events = new SwitchChannelHandler.Events() {
            @Override
            public void connected(SwitchConnection sw) {
                SwitchConnection previous = switches.put(sw.datapathId(), sw);
                if (previous != null && previous != sw) {
                    previous.disconnect();
                }
                listeners.forEach(l -> l.switchConnected(sw));
            }

            @Override
            public void disconnected(SwitchConnection sw) {
                if (switches.remove(sw.datapathId(), sw)) {
                    log.info("Switch {} disconnected", sw.datapathId());
                    listeners.forEach(l -> l.switchDisconnected(sw));
                }
            }

            @Override
            public void portChanged(SwitchConnection sw, OFPortReason reason, OFPortDesc port) {
                listeners.forEach(l -> l.portChanged(sw, reason, port));
            }

            @Override
            public void packetIn(SwitchConnection sw, PacketIn packetIn) {
                for (SwitchListener l : listeners) {
                    try {
                        l.packetIn(sw, packetIn);
                    } catch (RuntimeException e) {
                        // One listener's failure must not close the switch's channel nor starve the others.
                        log.warn("Packet-in listener {} failed on {}: {}", l, sw, e.toString());
                    }
                }
            }
        };
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        configure(ch, events, settings);
                    }
                });
        try {
            serverChannel = b.bind(settings.bind()).sync().channel();
        } catch (InterruptedException e) {
            shutdownGroups();
            throw e;
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked BindException) without declaring it.
            shutdownGroups();
            throw new java.io.UncheckedIOException(new java.io.IOException("cannot listen for OpenFlow on "
                    + settings.bind() + ": " + e.getMessage(), e));
        }
        log.info("OpenFlow listener on {}", serverChannel.localAddress());
    }

    /** The channel pipeline of one switch; shared with the tests that drive it through an EmbeddedChannel. */
    static void configure(Channel ch, SwitchChannelHandler.Events events, ChannelSettings settings) {
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(settings.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("decoder", new OpenFlowDecoder())
                .addLast("encoder", new OpenFlowEncoder())
                .addLast("switch", new SwitchChannelHandler(events, settings.handshakeTimeout()));
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public Collection<OpenFlowSwitch> switches() {
        return List.copyOf(switches.values());
    }

    @Override
    public Optional<OpenFlowSwitch> getSwitch(DatapathId dpid) {
        return Optional.ofNullable(switches.get(dpid));
    }

    @Override
    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(SwitchListener listener) {
        listeners.remove(listener);
    }

    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        switches.values().forEach(SwitchConnection::disconnect);
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workers = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
        }
    }
}
