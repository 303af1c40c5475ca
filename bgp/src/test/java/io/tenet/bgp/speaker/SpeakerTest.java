package io.tenet.bgp.speaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.bgp.Bgp;
import io.tenet.bgp.api.BgpSpeaker;
import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.api.PeerConfig;
import io.tenet.bgp.api.PeerStatus;
import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.Route;
import io.tenet.bgp.api.SessionState;
import io.tenet.bgp.api.SpeakerSettings;
import io.tenet.bgp.wire.BgpMessage;
import io.tenet.bgp.wire.PathAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Speakers against each other and against a scripted neighbour, on loopback addresses of this machine. */
class SpeakerTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BgpSpeaker speaker(long as, String address) {
        BgpSpeaker s = Bgp.start(new SpeakerSettings(as, Ipv4.parse(address), Ipv4.parse(address), 0));
        open.add(s);
        return s;
    }

    private static PeerConfig peer(String address, long as, String local, int port) {
        return PeerConfig.of(address, as, local).withPort(port).withTimers(Duration.ofSeconds(9),
                Duration.ofSeconds(3));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static PeerStatus status(BgpSpeaker s) {
        return s.peers().get(0);
    }

    /** Two speakers that peer with each other, both connecting (so a collision is resolved every time). */
    private BgpSpeaker[] pair(long asA, long asB) throws InterruptedException {
        BgpSpeaker a = speaker(asA, "127.0.0.1");
        BgpSpeaker b = speaker(asB, "127.0.0.2");
        a.addPeer(peer("127.0.0.2", asB, "127.0.0.1", b.listenPort()));
        b.addPeer(peer("127.0.0.1", asA, "127.0.0.2", a.listenPort()));
        await("Established both ways", () -> status(a).state() == SessionState.ESTABLISHED
                && status(b).state() == SessionState.ESTABLISHED);
        return new BgpSpeaker[] {a, b};
    }

    @Test
    void announcementsAndWithdrawalsReachTheNeighbourWithOurPathAndNextHop() throws Exception {
        BgpSpeaker[] ab = pair(65001, 4200000001L);
        Prefix p1 = Prefix.parse("10.1.0.5/32");
        Prefix p2 = Prefix.parse("10.1.0.0/24");
        ab[0].announce(Set.of(p1, p2));
        await("both prefixes at b", () -> ab[1].bestRoutes().keySet().equals(Set.of(p1, p2)));
        Route r = ab[1].bestRoutes().get(p1).get(0);
        assertEquals("127.0.0.1", r.nextHopText());
        assertEquals(List.of(65001L), r.asPath());
        assertEquals(65001, r.peerAs());
        ab[0].announce(Set.of(p2));
        await("p1 withdrawn", () -> ab[1].bestRoutes().keySet().equals(Set.of(p2)));
        assertEquals(1, status(ab[1]).received());
        assertEquals(1, status(ab[0]).advertised());
        assertTrue(ab[0].bestRoutes().isEmpty(), "a learns nothing: b announced nothing, and nothing comes back");
    }

    @Test
    void aWrongAsInOpenIsRefusedWithBadPeerAs() throws Exception {
        BgpSpeaker a = speaker(65001, "127.0.0.1");
        try (ScriptedPeer p = new ScriptedPeer("127.0.0.3")) {
            a.addPeer(peer("127.0.0.3", 65003, "127.0.0.1", p.port()));
            p.accept();
            assertInstanceOf(BgpMessage.Open.class, p.read());
            p.send(new BgpMessage.Open(4, 65099, 9, Ipv4.parse("127.0.0.3"),
                    io.tenet.bgp.wire.Capabilities.offered(65099)));
            BgpMessage.Notification n = (BgpMessage.Notification) p.read();
            assertEquals("2/2", n.code() + "/" + n.subcode(), n.toString());
            assertTrue(p.closedByPeer());
        }
        await("the error recorded", () -> status(a).lastError().contains("bad peer AS"));
        assertTrue(status(a).state() != SessionState.ESTABLISHED);
    }

    @Test
    void aMalformedUpdateResetsThatSessionOnlyAndASilentNeighbourTimesOut() throws Exception {
        BgpSpeaker[] ab = pair(65001, 65002);
        BgpSpeaker a = ab[0];
        Prefix outside = Prefix.parse("203.0.113.0/24");
        ab[1].announce(Set.of(outside));
        try (ScriptedPeer p = new ScriptedPeer("127.0.0.3")) {
            a.addPeer(peer("127.0.0.3", 65003, "127.0.0.1", p.port()));
            p.establish(65003, 3, "127.0.0.3");
            // an attribute whose length runs past the path attributes: malformed attribute list (3/1)
            byte[] bad = p.codec.encode(new BgpMessage.Update(List.of(), new PathAttributes(0, List.of(), 0x0a000003,
                    -1, -1, false), List.of(Prefix.parse("10.9.0.0/16"))));
            bad[19 + 2 + 2 + 2] = 0x7f; // the ORIGIN attribute's length
            p.sendRaw(bad);
            BgpMessage.Notification n = (BgpMessage.Notification) p.readSkippingKeepalives();
            assertEquals("3/1", n.code() + "/" + n.subcode(), n.toString());
            assertTrue(p.closedByPeer());
        }
        assertEquals(SessionState.ESTABLISHED, a.peers().get(0).state(), "the other session did not notice");
        assertEquals(Set.of(outside), a.bestRoutes().keySet());

        try (ScriptedPeer p = new ScriptedPeer("127.0.0.4")) {
            a.addPeer(peer("127.0.0.4", 65004, "127.0.0.1", p.port()));
            p.establish(65004, 3, "127.0.0.4");
            long start = System.nanoTime();
            BgpMessage m = p.readSkippingKeepalives(); // and the test sends nothing at all
            long waited = (System.nanoTime() - start) / 1_000_000;
            BgpMessage.Notification n = assertInstanceOf(BgpMessage.Notification.class, m);
            assertEquals("4/0", n.code() + "/" + n.subcode(), n.toString());
            assertTrue(waited >= 2500 && waited < 5000, "hold time 3 s: " + waited + " ms");
        }
    }

    @Test
    void routeRefreshResendsTheAnnouncements() throws Exception {
        BgpSpeaker a = speaker(65001, "127.0.0.1");
        Prefix p1 = Prefix.parse("10.1.0.5/32");
        a.announce(Set.of(p1));
        try (ScriptedPeer p = new ScriptedPeer("127.0.0.3")) {
            a.addPeer(peer("127.0.0.3", 65003, "127.0.0.1", p.port()));
            p.establish(65003, 9, "127.0.0.3");
            BgpMessage.Update first = (BgpMessage.Update) p.readSkippingKeepalives();
            assertEquals(List.of(p1), first.nlri());
            p.send(new BgpMessage.RouteRefresh(1, 1));
            BgpMessage.Update again = (BgpMessage.Update) p.readSkippingKeepalives();
            assertEquals(List.of(p1), again.nlri());
        }
    }

    @Test
    void theShorterPathWinsAndEqualPathsAreBothUsed() throws Exception {
        BgpSpeaker a = speaker(65001, "127.0.0.1");
        Prefix outside = Prefix.parse("0.0.0.0/0");
        try (ScriptedPeer p3 = new ScriptedPeer("127.0.0.3"); ScriptedPeer p4 = new ScriptedPeer("127.0.0.4")) {
            a.addPeer(peer("127.0.0.3", 65003, "127.0.0.1", p3.port()));
            a.addPeer(peer("127.0.0.4", 65004, "127.0.0.1", p4.port()));
            p3.establish(65003, 9, "127.0.0.3");
            p4.establish(65004, 9, "127.0.0.4");
            p3.send(update(outside, "192.0.2.3", 65003, 64999));
            p4.send(update(outside, "192.0.2.4", 65004));
            await("the shorter path", () -> {
                List<Route> best = a.bestRoutes().get(outside);
                return best != null && best.size() == 1 && best.get(0).nextHopText().equals("192.0.2.4");
            });
            p3.send(update(outside, "192.0.2.3", 65003));
            await("two equal paths", () -> a.bestRoutes().get(outside).size() == 2);
            List<Route> both = a.bestRoutes().get(outside);
            assertEquals("192.0.2.3", both.get(0).nextHopText(), "the lower router id first");
            p4.send(new BgpMessage.Update(List.of(outside), null, List.of()));
            await("one left", () -> a.bestRoutes().get(outside).size() == 1);
            p3.send(update(Prefix.parse("10.5.0.0/16"), "192.0.2.3", 65003, 65001));
            Thread.sleep(200); // a negative: nothing to poll for but the absence
            Map<Prefix, List<Route>> best = a.bestRoutes();
            assertTrue(!best.containsKey(Prefix.parse("10.5.0.0/16")), "a path through our own AS is a loop");
        }
    }

    private static BgpMessage.Update update(Prefix p, String nextHop, long... path) {
        List<Long> asns = new ArrayList<>();
        for (long as : path) {
            asns.add(as);
        }
        return new BgpMessage.Update(List.of(), new PathAttributes(0, List.of(new PathAttributes.AsSegment(
                PathAttributes.AsSegment.SEQUENCE, asns)), Ipv4.parse(nextHop), -1, -1, false), List.of(p));
    }

    @Test
    void aClosedSessionIsRetriedWithBackOffAndItsRoutesForgotten() throws Exception {
        BgpSpeaker[] ab = pair(65001, 65002);
        Prefix p = Prefix.parse("10.2.0.0/16");
        ab[1].announce(Set.of(p));
        await("learned", () -> ab[0].bestRoutes().containsKey(p));
        int flapsBefore = status(ab[0]).flaps(); // a collision while the pair came up may have ended one session
        ab[1].removePeer(Ipv4.parse("127.0.0.1"));
        await("forgotten", () -> ab[0].bestRoutes().isEmpty());
        assertTrue(status(ab[0]).lastError().contains("peer de-configured"), status(ab[0]).lastError());
        assertEquals(flapsBefore + 1, status(ab[0]).flaps());
        ab[1].addPeer(peer("127.0.0.1", 65001, "127.0.0.2", ab[0].listenPort()));
        await("relearned", () -> ab[0].bestRoutes().containsKey(p));
    }
}
