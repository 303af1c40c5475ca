package io.tenet.shim.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.tenet.shim.host.Daemons;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node DNS responder: answers containers' queries for service names from the {@link DnsDirectory} it is fed
 * (never asking the controller on the query path), and forwards every other name to the host's resolvers
 * ({@link Upstreams}), relaying their answer unchanged, or answers SERVFAIL (with a log line) when none answers.
 * A query it cannot decode gets FORMERR and changes nothing. Messages are decoded and encoded by Netty's DNS
 * codec. The asking container's tenant, which short names need, comes from its client address
 * ({@link NodeDns#clientPort}) and {@link ClientTenants}.
 */
public final class DnsResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsResponder.class);
    /** How long resolvers may keep a service's address: short, since a service can be deleted and made again. */
    static final long TTL_SECONDS = 5;
    /** How long each upstream resolver gets before the next is asked. */
    static final long UPSTREAM_TIMEOUT_MS = 2000;
    private static final long SERVFAIL_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final InetSocketAddress bind;
    private final Supplier<DnsDirectory> names;
    private final ClientTenants tenants;
    private final Upstreams upstreams;
    private final EventLoopGroup group = new NioEventLoopGroup(1, Daemons.named("tenet-dns"));
    /** Where the asker's tenant is looked up (an OVSDB read the first time): off the event loop. */
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(
            Daemons.named("tenet-dns-lookup"));
    private Channel channel;
    private long lastServfailLog;
    private int servfailsSinceLog;

    public DnsResponder(InetSocketAddress bind, Supplier<DnsDirectory> names, ClientTenants tenants,
            Upstreams upstreams) {
        this.bind = bind;
        this.names = names;
        this.tenants = tenants;
        this.upstreams = upstreams;
    }

    /** Binds the responder's socket; it then serves until {@link #close}. */
    public void start() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new QueryDecoder(), new ResponseEncoder(), new Handler());
                    }
                }).bind(bind).sync().channel();
        log.info("Node DNS responder listening on {}", bind);
    }

    /** The address the responder listens on (its port, when bound to port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** A query, with its bytes for forwarding. */
    private record Incoming(DatagramDnsQuery query, byte[] raw) {
    }

    /** A datagram that does not decode as a query: from whom, and the id its header gives. */
    private record Malformed(InetSocketAddress sender, InetSocketAddress recipient, int id) {
    }

    /** What a reply needs of a query, kept past the query's release. */
    private record Asked(InetSocketAddress client, InetSocketAddress local, int id, DnsQuestion question,
            boolean recursionDesired, byte[] raw) {
    }

    /** Netty's query decoder, which also keeps the raw bytes and turns a decoding failure into {@link Malformed}. */
    private static final class QueryDecoder extends DatagramDnsQueryDecoder {
        private static final int HEADER = 12;

        @Override
        protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
            ByteBuf buf = packet.content();
            byte[] raw = ByteBufUtil.getBytes(buf);
            int before = out.size();
            try {
                super.decode(ctx, packet, out);
            } catch (Exception e) {
                while (out.size() > before) {
                    io.netty.util.ReferenceCountUtil.release(out.remove(out.size() - 1));
                }
                // Only a query (QR clear) with a whole header gets an answer: the id is all FORMERR needs.
                if (raw.length >= HEADER && (raw[2] & 0x80) == 0) {
                    out.add(new Malformed(packet.sender(), packet.recipient(), (raw[0] & 0xff) << 8 | raw[1] & 0xff));
                }
                log.debug("Malformed DNS query from {}: {}", packet.sender(), e.toString());
                return;
            }
            if (out.size() == before + 1 && out.get(before) instanceof DatagramDnsQuery q) {
                out.set(before, new Incoming(q, raw));
            }
        }
    }

    /** Netty's response encoder, for responses only: relayed upstream answers pass as the datagrams they are. */
    private static final class ResponseEncoder extends DatagramDnsResponseEncoder {
        @Override
        public boolean acceptOutboundMessage(Object msg) {
            return msg instanceof DatagramDnsResponse;
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Malformed m) {
                ctx.writeAndFlush(new DatagramDnsResponse(m.recipient(), m.sender(), m.id(), DnsOpCode.QUERY,
                        DnsResponseCode.FORMERR));
            } else if (msg instanceof Incoming in) {
                try {
                    read(ctx, in);
                } finally {
                    in.query().release();
                }
            }
        }

        private void read(ChannelHandlerContext ctx, Incoming in) {
            DatagramDnsQuery q = in.query();
            DnsQuestion question = q.count(DnsSection.QUESTION) == 1 ? q.recordAt(DnsSection.QUESTION) : null;
            if (!q.opCode().equals(DnsOpCode.QUERY) || question == null) {
                DnsResponseCode code = question == null ? DnsResponseCode.FORMERR : DnsResponseCode.NOTIMP;
                ctx.writeAndFlush(new DatagramDnsResponse(q.recipient(), q.sender(), q.id(), q.opCode(), code));
                return;
            }
            answer(ctx.channel(), new Asked(q.sender(), q.recipient(), q.id(), question, q.isRecursionDesired(),
                    in.raw()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // One bad datagram never stops the responder.
            log.warn("Node DNS: {}", cause.toString());
        }
    }

    private void answer(Channel ch, Asked a) {
        DnsDirectory d = names.get();
        String name = a.question().name();
        OptionalInt port = NodeDns.clientPort(a.client().getAddress());
        if (d.isShortName(name) && port.isPresent()) {
            lookups.execute(() -> {
                Optional<String> tenant = tenants.tenantOf(port.getAsInt());
                ch.eventLoop().execute(() -> answer(ch, a, d.resolve(name, tenant)));
            });
        } else {
            answer(ch, a, d.resolve(name, Optional.empty()));
        }
    }

    private void answer(Channel ch, Asked a, DnsDirectory.Answer answer) {
        if (answer instanceof DnsDirectory.Answer.Forward) {
            forward(ch, a, upstreams.servers(), 0);
            return;
        }
        DatagramDnsResponse r = response(a, answer instanceof DnsDirectory.Answer.Address ? DnsResponseCode.NOERROR
                : DnsResponseCode.NXDOMAIN);
        r.setAuthoritativeAnswer(true);
        DnsRecordType type = a.question().type();
        if (answer instanceof DnsDirectory.Answer.Address addr
                && (type.equals(DnsRecordType.A) || type.equals(DnsRecordType.ANY))) {
            r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(a.question().name(), DnsRecordType.A,
                    TTL_SECONDS, Unpooled.wrappedBuffer(ipv4(addr.vip()))));
        }
        ch.writeAndFlush(r);
    }

    private static DatagramDnsResponse response(Asked a, DnsResponseCode code) {
        DatagramDnsResponse r = new DatagramDnsResponse(a.local(), a.client(), a.id(), DnsOpCode.QUERY, code);
        r.setRecursionDesired(a.recursionDesired());
        r.setRecursionAvailable(true);
        r.addRecord(DnsSection.QUESTION, a.question());
        return r;
    }

    private static byte[] ipv4(String vip) {
        try {
            return InetAddress.getByName(vip).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + vip, e);
        }
    }

    /**
     * Sends the query as it came to upstream {@code i}, from a socket of its own (so the answer needs no matching),
     * and relays the first datagram that upstream sends back; after {@link #UPSTREAM_TIMEOUT_MS} the next upstream
     * is asked, and when none is left the client gets SERVFAIL.
     */
    private void forward(Channel server, Asked a, List<InetSocketAddress> servers, int i) {
        if (i >= servers.size()) {
            servfail(server, a, servers);
            return;
        }
        InetSocketAddress upstream = servers.get(i);
        new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    private boolean done;

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(a.raw()), upstream));
                        ctx.executor().schedule(() -> {
                            if (!done) {
                                done = true;
                                ctx.close();
                                forward(server, a, servers, i + 1);
                            }
                        }, UPSTREAM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    }

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        if (done || !p.sender().equals(upstream)) {
                            return;
                        }
                        done = true;
                        server.writeAndFlush(new DatagramPacket(p.content().retain(), a.client(), a.local()));
                        ctx.close();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // An ICMP error (no resolver there) ends this attempt early.
                        if (!done) {
                            done = true;
                            ctx.close();
                            forward(server, a, servers, i + 1);
                        }
                    }
                }).bind(new InetSocketAddress(0)).addListener(f -> {
                    if (!f.isSuccess()) {
                        forward(server, a, servers, servers.size());
                    }
                });
    }

    private void servfail(Channel server, Asked a, List<InetSocketAddress> tried) {
        long now = System.nanoTime();
        servfailsSinceLog++;
        if (now - lastServfailLog > SERVFAIL_LOG_INTERVAL_NS || lastServfailLog == 0) {
            log.warn("No upstream resolver answered {} (tried {} from {}): SERVFAIL{}", a.question().name(),
                    tried.isEmpty() ? "none" : tried, upstreams, servfailsSinceLog > 1
                            ? " (" + servfailsSinceLog + " such answers since the last report)" : "");
            lastServfailLog = now;
            servfailsSinceLog = 0;
        }
        server.writeAndFlush(response(a, DnsResponseCode.SERVFAIL));
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        lookups.shutdownNow();
    }
}
