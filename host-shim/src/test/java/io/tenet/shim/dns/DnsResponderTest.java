package io.tenet.shim.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The responder on loopback, asked over real UDP; its upstream is a second responder that owns "example.org". */
class DnsResponderTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static DnsResponder upstream;
    private static DnsResponder responder;
    private static DnsResponder orphan;

    @BeforeAll
    static void start() throws Exception {
        upstream = new DnsResponder(ANY_LOOPBACK, () -> new DnsDirectory(List.of("org"),
                List.of(new DnsDirectory.Service("org", "www.example", "203.0.113.9"))),
                new ClientTenants(p -> Optional.empty()), new Upstreams(List.of()));
        upstream.start();
        DnsDirectory names = new DnsDirectory(List.of("t1"), List.of(new DnsDirectory.Service("t1", "web",
                "10.1.0.100")));
        responder = new DnsResponder(ANY_LOOPBACK, () -> names, new ClientTenants(p -> Optional.of("t1")),
                new Upstreams(List.of(upstream.address())));
        responder.start();
        int closed;
        try (DatagramSocket s = new DatagramSocket(ANY_LOOPBACK)) {
            closed = s.getLocalPort();
        }
        orphan = new DnsResponder(ANY_LOOPBACK, () -> names, new ClientTenants(p -> Optional.empty()),
                new Upstreams(List.of(new InetSocketAddress("127.0.0.1", closed))));
        orphan.start();
    }

    @AfterAll
    static void stop() {
        for (DnsResponder r : new DnsResponder[] {responder, upstream, orphan}) {
            if (r != null) {
                r.close();
            }
        }
    }

    private static byte[] query(int id, String name, DnsRecordType type) {
        EmbeddedChannel enc = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        DatagramDnsQuery q = new DatagramDnsQuery(null, ANY_LOOPBACK, id);
        q.setRecursionDesired(true);
        q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        enc.writeOutbound(q);
        DatagramPacket p = enc.readOutbound();
        try {
            return ByteBufUtil.getBytes(p.content());
        } finally {
            p.release();
            enc.finishAndReleaseAll();
        }
    }

    /** Sends {@code bytes} to {@code to} and decodes the one answer with Netty's decoder. */
    private static DnsResponse ask(DnsResponder to, byte[] bytes) throws Exception {
        try (DatagramSocket s = new DatagramSocket(ANY_LOOPBACK)) {
            s.setSoTimeout(10_000);
            s.send(new java.net.DatagramPacket(bytes, bytes.length, to.address()));
            java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[4096], 4096);
            s.receive(in);
            EmbeddedChannel dec = new EmbeddedChannel(new DatagramDnsResponseDecoder());
            ByteBuf buf = Unpooled.copiedBuffer(in.getData(), 0, in.getLength());
            dec.writeInbound(new DatagramPacket(buf, (InetSocketAddress) s.getLocalSocketAddress(), to.address()));
            return dec.readInbound();
        }
    }

    private static String address(DnsResponse r) throws Exception {
        DnsRawRecord a = r.recordAt(DnsSection.ANSWER);
        return InetAddress.getByAddress(ByteBufUtil.getBytes(a.content())).getHostAddress();
    }

    @Test
    void servicesAnswerWithTheirVipAuthoritatively() throws Exception {
        DnsResponse r = ask(responder, query(11, "web.t1.", DnsRecordType.A));
        assertEquals(11, r.id());
        assertEquals(DnsResponseCode.NOERROR, r.code());
        assertTrue(r.isAuthoritativeAnswer());
        assertEquals("10.1.0.100", address(r));
        assertEquals(DnsResponder.TTL_SECONDS, r.recordAt(DnsSection.ANSWER).timeToLive());
        r.release();
        // From loopback, not a container's client address: no tenant, so a short name is not Tenet's to answer
        // (it goes upstream, whose own upstream is missing).
        DnsResponse shortName = ask(responder, query(12, "web.", DnsRecordType.A));
        assertEquals(DnsResponseCode.SERVFAIL, shortName.code());
        shortName.release();
    }

    @Test
    void otherTypesOfAServiceNameHaveNoDataAndUnknownNamesOfATenantDoNotExist() throws Exception {
        DnsResponse aaaa = ask(responder, query(13, "web.t1.", DnsRecordType.AAAA));
        assertEquals(DnsResponseCode.NOERROR, aaaa.code());
        assertEquals(0, aaaa.count(DnsSection.ANSWER));
        aaaa.release();
        DnsResponse none = ask(responder, query(14, "db.t1.", DnsRecordType.A));
        assertEquals(DnsResponseCode.NXDOMAIN, none.code());
        none.release();
    }

    @Test
    void otherNamesAreForwardedAndTheUpstreamsAnswerRelayed() throws Exception {
        DnsResponse r = ask(responder, query(15, "www.example.org.", DnsRecordType.A));
        assertEquals(15, r.id());
        assertEquals(DnsResponseCode.NOERROR, r.code());
        assertEquals("203.0.113.9", address(r));
        r.release();
    }

    @Test
    void withoutAnUpstreamThatAnswersTheAnswerIsServfail() throws Exception {
        DnsResponse r = ask(orphan, query(16, "www.example.org.", DnsRecordType.A));
        assertEquals(16, r.id());
        assertEquals(DnsResponseCode.SERVFAIL, r.code());
        r.release();
        DnsResponse own = ask(orphan, query(17, "web.t1.", DnsRecordType.A));
        assertEquals("10.1.0.100", address(own), "its own names still answer");
        own.release();
    }

    @Test
    void aMalformedQueryGetsFormerrAndTheResponderGoesOn() throws Exception {
        // A header claiming one question, and no question after it.
        byte[] bad = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
        DnsResponse r = ask(responder, bad);
        assertEquals(0x1234, r.id());
        assertEquals(DnsResponseCode.FORMERR, r.code());
        r.release();
        DnsResponse after = ask(responder, query(18, "web.t1.", DnsRecordType.A));
        assertEquals("10.1.0.100", address(after));
        after.release();
    }
}
