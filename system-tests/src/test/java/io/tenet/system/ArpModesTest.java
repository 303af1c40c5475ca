package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ARP in both modes of the global settings, across 3 hosts: {@code proxy} (the default) answers every endpoint's
 * ARP on the asking host, in the datapath, with no packet-in and nothing reaching the owner; {@code flood} floods
 * requests within the network and the owner answers; in both, a container's gratuitous ARP claiming another's
 * address changes nothing.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArpModesTest {
    private static final Duration REALIZED = Duration.ofSeconds(20);
    private static Testbed tb;
    private static Container a;
    private static Container a2;
    private static Container b;
    private static Container c;
    private static Path garp;

    @BeforeAll
    static void setUp() throws IOException {
        tb = TestbedSupport.start(3);
        tb.api().createTenant("ta");
        tb.api().createNetwork("ta", "net", "10.93.0.0/24", "10.93.0.254");
        a = tb.addContainer(tb.host(0), "ta", "net");
        a2 = tb.addContainer(tb.host(0), "ta", "net");
        b = tb.addContainer(tb.host(1), "ta", "net");
        c = tb.addContainer(tb.host(2), "ta", "net");
        garp = tb.dir().resolve("garp.py");
        try (InputStream in = ArpModesTest.class.getResourceAsStream("/scripts/garp.py")) {
            Files.copy(in, garp);
        }
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private static long packetIns(Testbed.Host h) {
        for (JsonNode s : tb.api().get("/api/v1/switches/").body()) {
            if (s.path("nodeName").asText().equals(tb.nodeName(h))) {
                return s.path("packetIns").asLong();
            }
        }
        throw new AssertionError("no switch of " + tb.nodeName(h));
    }

    /** Packets the switch's ARP answer for {@code ip} handled, or -1 when there is no such flow. */
    private static long arpAnswerPackets(Testbed.Host h, String ip) {
        String dump = tb.ofctl(h, "dump-flows", "br-int", "table=10,arp,arp_tpa=" + ip);
        for (String line : dump.split("\n")) {
            int at = line.indexOf("n_packets=");
            if (at >= 0 && line.contains("arp_tpa=" + ip)) {
                return Long.parseLong(line.substring(at + 10, line.indexOf(',', at)));
            }
        }
        return -1;
    }

    private static void setArpMode(String mode) {
        tb.api().mustPost("/api/v1/globals/global/", "{\"arpMode\":\"" + mode + "\"}");
    }

    /** The MAC {@code in} holds for {@code ip} in its neighbour table, or empty. */
    private static String neighbour(Container in, String ip) {
        String[] w = Sh.run(Sh.inNs(in.ns(), "ip", "neigh", "show", ip)).out().trim().split("\\s+");
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals("lladdr")) {
                return w[i + 1];
            }
        }
        return "";
    }

    private static void forget(Container in) {
        Sh.check(Sh.inNs(in.ns(), "ip", "neigh", "flush", "all"));
    }

    /** {@code from} sends a gratuitous ARP with its own MAC claiming {@code victim}'s address. */
    private static void spoofGratuitousArp(Container from, Container victim) {
        Sh.check(Sh.inNs(from.ns(), "/usr/bin/python3", garp.toString(), "eth0", from.mac(), victim.ip()));
    }

    /** b knows c; a's gratuitous ARP for c's address leaves b's entry alone and b still reaches c. */
    private static void aSpoofedGratuitousArpChangesNothing() throws IOException {
        assertTrue(tb.pingWithin(b, c.ip(), REALIZED), "b -> c");
        assertEquals(c.mac(), neighbour(b, c.ip()));
        try (Capture seen = Capture.start(tb.dir(), b.ns(), "eth0", "arp and ether src " + a.mac())) {
            spoofGratuitousArp(a, c);
            spoofGratuitousArp(a, c);
            assertTrue(tb.ping(b, c.ip()), "b still reaches c");
            assertEquals(c.mac(), neighbour(b, c.ip()), "b's entry for c is still c's MAC");
            assertTrue(seen.lines().isEmpty(), "the claim never reached b: " + seen.lines());
        }
    }

    @Test
    @Order(1)
    void proxyArpIsAnsweredOnTheAskingHostInTheDatapath() throws IOException {
        assertTrue(tb.pingWithin(a, b.ip(), REALIZED), "a -> b");
        long answered = arpAnswerPackets(a.host(), b.ip());
        assertTrue(answered >= 0, "the switch of a's host answers ARP for b");
        long packetIns = packetIns(a.host());
        forget(a);
        try (Capture atB = Capture.start(tb.dir(), b.ns(), "eth0", "arp")) {
            assertTrue(tb.ping(a, b.ip()), "a -> b after forgetting b's MAC");
            assertEquals(b.mac(), neighbour(a, b.ip()), "a learnt b's MAC");
            // OVS folds datapath counters into flow statistics about once a second.
            Poll.require(Duration.ofSeconds(5), "the answer flow's packet counter rose",
                    () -> arpAnswerPackets(a.host(), b.ip()) > answered);
            assertEquals(packetIns, packetIns(a.host()), "the controller got no packet-in for it");
            assertTrue(atB.lines().stream().noneMatch(l -> l.contains("Request who-has " + b.ip())),
                    "the request never reached b: " + atB.lines());
        }
    }

    @Test
    @Order(2)
    void proxyModeAGratuitousArpClaimingAnotherAddressChangesNothing() throws IOException {
        aSpoofedGratuitousArpChangesNothing();
    }

    @Test
    @Order(3)
    void floodModeFloodsRequestsWithinTheNetworkAndTheOwnerAnswers() throws IOException {
        setArpMode("flood");
        Poll.require(REALIZED, "the switch no longer answers for b", () -> arpAnswerPackets(a.host(), b.ip()) < 0);
        forget(a);
        try (Capture atB = Capture.start(tb.dir(), b.ns(), "eth0", "arp")) {
            assertTrue(tb.pingWithin(a, b.ip(), REALIZED), "a -> b (another host) in flood mode");
            assertTrue(tb.ping(a, a2.ip()), "a -> a2 (same host) in flood mode");
            assertEquals(b.mac(), neighbour(a, b.ip()));
            Poll.require(Duration.ofSeconds(5), () -> "b saw a's request and answered it: " + atB.lines(),
                    () -> atB.lines().stream().anyMatch(l -> l.contains("Request who-has " + b.ip()))
                            && atB.lines().stream().anyMatch(l -> l.contains("Reply " + b.ip() + " is-at")));
        }
        assertFalse(tb.ping(a, "10.93.0.99"), "an address nobody owns gets no answer");
    }

    @Test
    @Order(4)
    void floodModeAGratuitousArpClaimingAnotherAddressChangesNothing() throws IOException {
        aSpoofedGratuitousArpChangesNothing();
        setArpMode("proxy");
        Poll.require(REALIZED, "proxy answers again", () -> arpAnswerPackets(a.host(), b.ip()) >= 0);
        forget(a);
        assertTrue(tb.pingWithin(a, b.ip(), REALIZED), "a -> b back in proxy mode");
    }
}
