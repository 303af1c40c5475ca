package io.tenet.bgp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.wire.PathAttributes.AsSegment;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every message survives encoding and decoding; random or cut bytes only ever give a {@link BgpError}. */
class BgpCodecPropertiesTest {
    private static final BgpCodec AS4 = new BgpCodec(true);
    private static final BgpCodec AS2 = new BgpCodec(false);

    @Provide
    Arbitrary<Prefix> prefixes() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32)).as(Prefix::new);
    }

    /** Addresses below 224.0.0.0 other than 0.0.0.0/8: next hops and identifiers the decoder accepts. */
    private static Arbitrary<Integer> unicast() {
        return Arbitraries.longs().between(0x01000000L, 0xdfffffffL).map(Long::intValue);
    }

    @Provide
    Arbitrary<PathAttributes> attributes() {
        Arbitrary<AsSegment> segment = Combinators.combine(Arbitraries.of(AsSegment.SET, AsSegment.SEQUENCE),
                Arbitraries.longs().between(1, 0xffffffffL).list().ofMinSize(1).ofMaxSize(8)).as(AsSegment::new);
        Arbitrary<Integer> nextHop = unicast();
        return Combinators.combine(Arbitraries.integers().between(0, 2), segment.list().ofMaxSize(4), nextHop,
                Arbitraries.longs().between(-1, 0xffffffffL), Arbitraries.longs().between(-1, 0xffffffffL),
                Arbitraries.of(true, false)).as(PathAttributes::new);
    }

    @Provide
    Arbitrary<BgpMessage> messages() {
        Arbitrary<BgpMessage> open = Combinators.combine(Arbitraries.integers().between(0, 0xffff),
                Arbitraries.of(0, 3, 9, 90, 65535), unicast(),
                Arbitraries.of(true, false), Arbitraries.longs().between(-1, 0xffffffffL),
                Arbitraries.of(List.<Integer>of(), List.of(Capabilities.IPV4_UNICAST),
                        List.of(Capabilities.IPV4_UNICAST, 2 << 16 | 1)))
                .as((as, hold, id, rr, as4, mp) -> new BgpMessage.Open(4, as, hold, id,
                        new Capabilities(mp, rr, as4, List.of())));
        Arbitrary<BgpMessage> update = Combinators.combine(prefixes().list().ofMaxSize(40), attributes(),
                prefixes().list().ofMinSize(1).ofMaxSize(40))
                .as((w, a, n) -> new BgpMessage.Update(w, a, n));
        Arbitrary<BgpMessage> withdraw = prefixes().list().ofMaxSize(100)
                .map(w -> new BgpMessage.Update(w, null, List.of()));
        Arbitrary<BgpMessage> notification = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 11), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                .as(BgpMessage.Notification::new);
        return Arbitraries.oneOf(open, update, withdraw, notification, Arbitraries.just(new BgpMessage.Keepalive()),
                Arbitraries.of(new BgpMessage.RouteRefresh(1, 1), new BgpMessage.RouteRefresh(2, 1)));
    }

    @Property
    void everyMessageRoundTripsWithFourOctetAs(@ForAll("messages") BgpMessage m) throws BgpError {
        assertEquals(m, AS4.decode(AS4.encode(m)));
    }

    @Property
    void sequencesOfAnyAsRoundTripWithTwoOctetAsThroughAs4Path(@ForAll("attributes") PathAttributes a,
            @ForAll("prefixes") Prefix p) throws BgpError {
        List<AsSegment> sequences = a.asPath().stream().map(s -> new AsSegment(AsSegment.SEQUENCE, s.asns())).toList();
        PathAttributes seq = new PathAttributes(a.origin(), sequences, a.nextHop(), a.med(), a.localPref(),
                a.atomicAggregate());
        BgpMessage.Update u = new BgpMessage.Update(List.of(), seq, List.of(p));
        BgpMessage.Update back = (BgpMessage.Update) AS2.decode(AS2.encode(u));
        assertEquals(flat(seq), flat(back.attributes()), "the path as 4-octet numbers");
        assertEquals(List.of(p), back.nlri());
    }

    private static List<Long> flat(PathAttributes a) {
        return a.asPath().stream().flatMap(s -> s.asns().stream()).toList();
    }

    @Property(tries = 3000)
    void randomBytesOnlyEverGiveADecodingError(@ForAll byte[] body, @ForAll("types") int type) {
        byte[] m = new byte[BgpCodec.HEADER + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xff);
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, BgpCodec.HEADER, body.length);
        decodesOrFailsCleanly(m);
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.integers().between(0, 7);
    }

    @Property(tries = 2000)
    void cutOrCorruptedMessagesOnlyEverGiveADecodingError(@ForAll("messages") BgpMessage msg,
            @ForAll int seed) {
        byte[] whole = AS4.encode(msg);
        java.util.Random r = new java.util.Random(seed);
        byte[] cut = Arrays.copyOf(whole, BgpCodec.HEADER + r.nextInt(whole.length - BgpCodec.HEADER + 1));
        cut[16] = (byte) (cut.length >> 8); // a consistent header, so that the body's own lengths are tested
        cut[17] = (byte) cut.length;
        decodesOrFailsCleanly(cut);
        byte[] flipped = whole.clone();
        for (int i = 0; i < 3; i++) {
            int at = BgpCodec.HEADER + r.nextInt(Math.max(1, whole.length - BgpCodec.HEADER));
            if (at < flipped.length) {
                flipped[at] = (byte) r.nextInt();
            }
        }
        decodesOrFailsCleanly(flipped);
        decodesOrFailsCleanly(Arrays.copyOf(whole, r.nextInt(whole.length + 1))); // header itself cut
    }

    private static void decodesOrFailsCleanly(byte[] m) {
        for (BgpCodec c : List.of(AS4, AS2)) {
            try {
                c.decode(m);
            } catch (BgpError expected) {
                // the one allowed failure
            }
        }
    }
}
