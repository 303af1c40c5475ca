package io.tenet.bgp.speaker;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tenet.bgp.api.BgpSpeaker;
import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.api.PeerConfig;
import io.tenet.bgp.api.PeerStatus;
import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.Route;
import io.tenet.bgp.api.RouteListener;
import io.tenet.bgp.api.SpeakerSettings;
import io.tenet.bgp.wire.BgpError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speaker: one Netty thread owns every session, the RIB and the announcements, so none of them needs a lock;
 * the public methods hand their work to that thread.
 */
public final class NettySpeaker implements BgpSpeaker {
    private static final Logger log = LoggerFactory.getLogger(NettySpeaker.class);
    private static final long TICK_MILLIS = 500;

    private final SpeakerSettings settings;
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("tenet-bgp", true));
    private final EventLoop loop = group.next();
    private final Map<Integer, Session> sessions = new HashMap<>();
    private final Rib rib = new Rib();
    private final Set<Prefix> announced = new HashSet<>();
    private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();
    private Channel server;
    private boolean syncScheduled;

    private NettySpeaker(SpeakerSettings settings) {
        this.settings = settings;
    }

    public static NettySpeaker start(SpeakerSettings settings) {
        NettySpeaker s = new NettySpeaker(settings);
        try {
            s.listen();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.loop.scheduleAtFixedRate(s::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return s;
    }

    private void listen() {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int peer = address(ch.remoteAddress().getAddress());
                        Session s = sessions.get(peer);
                        if (s == null) {
                            log.info("BGP: refusing a connection from {}, not a neighbour", Ipv4.format(peer));
                            ch.close();
                            return;
                        }
                        Connection c = new Connection(s, false);
                        s.accepted(c);
                        ch.pipeline().addLast(new FrameDecoder(), c);
                    }
                });
        ChannelFuture f = b.bind(new InetSocketAddress(inet(settings.listenAddress()), settings.listenPort()))
                .awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new UncheckedIOException(new IOException("BGP cannot listen on "
                    + Ipv4.format(settings.listenAddress()) + ":" + settings.listenPort() + ": "
                    + f.cause().getMessage(), f.cause()));
        }
        server = f.channel();
    }

    ChannelFuture connect(Connection c, PeerConfig peer) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(), c);
                    }
                })
                .connect(new InetSocketAddress(inet(peer.peerAddress()), peer.port()),
                        new InetSocketAddress(inet(peer.localAddress()), 0));
    }

    EventLoop loop() {
        return loop;
    }

    Rib rib() {
        return rib;
    }

    int routerId() {
        return settings.routerId();
    }

    Set<Prefix> announcedSet() {
        return announced;
    }

    void bestChanged() {
        for (RouteListener l : listeners) {
            try {
                l.bestRoutesChanged();
            } catch (RuntimeException e) {
                log.warn("A BGP route listener failed", e);
            }
        }
    }

    void sessionChanged(PeerStatus status) {
        for (RouteListener l : listeners) {
            try {
                l.sessionChanged(status);
            } catch (RuntimeException e) {
                log.warn("A BGP session listener failed", e);
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (Session s : List.copyOf(sessions.values())) {
            s.tick(now);
        }
    }

    @Override
    public long localAs() {
        return settings.localAs();
    }

    @Override
    public int listenPort() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void addPeer(PeerConfig peer) {
        loop.execute(() -> {
            Session old = sessions.get(peer.peerAddress());
            if (old != null) {
                if (old.config.equals(peer)) {
                    return;
                }
                old.stop(BgpError.ADMINISTRATIVE_RESET);
            }
            Session s = new Session(this, peer);
            sessions.put(peer.peerAddress(), s);
            s.start();
        });
    }

    @Override
    public void removePeer(int peerAddress) {
        loop.execute(() -> {
            Session s = sessions.remove(peerAddress);
            if (s != null) {
                s.stop(BgpError.PEER_DECONFIGURED);
            }
        });
    }

    @Override
    public void announce(Collection<Prefix> prefixes) {
        Set<Prefix> copy = Set.copyOf(prefixes);
        loop.execute(() -> {
            announced.clear();
            announced.addAll(copy);
            if (!syncScheduled) { // announcements made together leave together
                syncScheduled = true;
                loop.execute(() -> {
                    syncScheduled = false;
                    sessions.values().forEach(Session::sync);
                });
            }
        });
    }

    @Override
    public void refresh() {
        loop.execute(() -> sessions.values().forEach(Session::requestRefresh));
    }

    @Override
    public Map<Prefix, List<Route>> bestRoutes() {
        return onLoop(() -> Map.copyOf(rib.best()));
    }

    @Override
    public List<PeerStatus> peers() {
        return onLoop(() -> {
            List<PeerStatus> out = new ArrayList<>();
            sessions.values().forEach(s -> out.add(s.status()));
            out.sort((a, b) -> Long.compare(Integer.toUnsignedLong(Ipv4.parse(a.peer())),
                    Integer.toUnsignedLong(Ipv4.parse(b.peer()))));
            return out;
        });
    }

    @Override
    public Collection<Prefix> announced() {
        return onLoop(() -> Set.copyOf(announced));
    }

    @Override
    public void addListener(RouteListener listener) {
        listeners.add(listener);
    }

    private <T> T onLoop(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (!loop.isShuttingDown()) {
            try {
                loop.submit(() -> {
                    sessions.values().forEach(s -> s.stop(BgpError.ADMINISTRATIVE_SHUTDOWN));
                    sessions.clear();
                }).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("BGP shutdown: {}", e.toString());
            }
        }
        if (server != null) {
            server.close().awaitUninterruptibly(1000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }

    static InetAddress inet(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                    (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static int address(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length != 4 ? 0 : (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }
}
