package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a container's link carries: its MTU is the underlay's (the host's uplink, 1500 in the testbed) less the
 * encapsulation's overhead, so the largest don't-fragment packet crosses hosts and one byte more is refused at the sender, and
 * TCP across hosts flows steadily (no path MTU black hole). Then network profiles: a member of a group with a
 * 10 Mbit/s profile sends at that rate, its packets arrive marked with the profile's DSCP, and a profile change
 * takes effect on the live container.
 */
@Tag("system")
class MtuAndNetProfileTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REALIZED = Duration.ofSeconds(20);
    private static Testbed tb;
    private static Container vx1;
    private static Container vx2;
    private static Container vl1;
    private static Container vl2;
    private static Container shaped;

    @BeforeAll
    static void setUp() {
        tb = TestbedSupport.start(2);
        tb.api().createTenant("tm");
        tb.api().createNetwork("tm", "vx", "vxlan", "10.91.0.0/24", "10.91.0.254");
        tb.api().createNetwork("tm", "vl", "vlan", "10.92.0.0/24", "10.92.0.254");
        vx1 = tb.addContainer(tb.host(0), "tm", "vx");
        vx2 = tb.addContainer(tb.host(1), "tm", "vx");
        vl1 = tb.addContainer(tb.host(0), "tm", "vl");
        vl2 = tb.addContainer(tb.host(1), "tm", "vl");
        tb.api().mustPost("/api/v1/netprofiles/tm:slow/", "{\"bandwidth\":\"10Mbps\",\"DSCP\":46}");
        tb.api().mustPost("/api/v1/endpointGroups/tm:shaped/", "{\"networkName\":\"vx\",\"netProfile\":\"slow\"}");
        shaped = tb.addContainer(tb.host(0), "tm", "vx", "shaped");
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private static int mtu(Container c) {
        return mtu(c.ns(), "eth0");
    }

    /** The host's uplink MTU, which its containers' MTU derives from. */
    private static int underlay(Container c) {
        return mtu(c.host().ns(), "eth1");
    }

    private static int mtu(String ns, String dev) {
        String link = Sh.check(Sh.inNs(ns, "ip", "-o", "link", "show", dev));
        String[] w = link.split("\\s+");
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals("mtu")) {
                return Integer.parseInt(w[i + 1]);
            }
        }
        throw new AssertionError("no mtu in " + link);
    }

    /** A ping with don't-fragment of {@code size} bytes of IP packet. */
    private static Sh.Result dfPing(Container from, Container to, int size) {
        return Sh.run(Sh.inNs(from.ns(), "ping", "-M", "do", "-c", "1", "-W", "2", "-s", Integer.toString(size - 28),
                to.ip()));
    }

    private static void largestPacketCrossesAndOneMoreIsRefused(Container a, Container b, int expectedMtu) {
        assertEquals(expectedMtu, mtu(a), "container MTU");
        assertTrue(tb.pingWithin(a, b.ip(), REALIZED), "reachable");
        Sh.Result largest = dfPing(a, b, expectedMtu);
        assertTrue(largest.ok(), "a " + expectedMtu + "-byte don't-fragment ping across hosts: " + largest);
        Sh.Result tooBig = dfPing(a, b, expectedMtu + 1);
        assertFalse(tooBig.ok(), "one byte more must not pass: " + tooBig);
        assertTrue((tooBig.out() + tooBig.err()).contains("message too long"),
                "refused at the sender, not lost on the way: " + tooBig);
    }

    @Test
    void vxlanContainersGetTheUnderlayMtuLessFiftyBytes() {
        largestPacketCrossesAndOneMoreIsRefused(vx1, vx2, underlay(vx1) - 50);
    }

    @Test
    void vlanContainersGetTheWholeUnderlayMtu() {
        largestPacketCrossesAndOneMoreIsRefused(vl1, vl2, underlay(vl1));
    }

    @Test
    void tcpAcrossHostsFlowsSteadily() throws Exception {
        JsonNode run = iperf(vx1, vx2, 3);
        List<Long> bytes = new ArrayList<>();
        run.path("intervals").forEach(i -> bytes.add(i.path("sum").path("bytes").asLong()));
        assertTrue(bytes.size() >= 5, "intervals: " + bytes);
        assertTrue(bytes.stream().allMatch(b -> b > 0), "every half second carried data (no stall): " + bytes);
        assertTrue(run.path("end").path("sum_received").path("bits_per_second").asDouble() > 10e6,
                "at least 10 Mbit/s: " + run.path("end").path("sum_received"));
    }

    /**
     * What reaches vx2 when a member of the shaped group offers UDP at twice {@code rateMbps}, in Mbit/s as the
     * receiver counted it: 4 s after 2 s left out, so that the meter's burst (a second at the rate) is spent before
     * the count starts. UDP, not TCP: a policer's drops make TCP back off below the rate by an amount that depends
     * on the machine's load, while an over-offered UDP stream is cut to the rate itself.
     */
    private static double shapedMbps(int rateMbps) throws Exception {
        JsonNode run = iperf(shaped, vx2, 4, 2, "-u", "-l", "1200", "-b", (2 * rateMbps) + "M");
        return run.path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
    }

    /** The TOS byte of the echo requests from the shaped member, as tcpdump in vx2 sees them. */
    private static String tosSeen() throws Exception {
        try (Capture c = Capture.start(tb.dir(), vx2.ns(), "eth0", "icmp and src " + shaped.ip())) {
            assertTrue(tb.pingWithin(shaped, vx2.ip(), REALIZED), "shaped -> vx2");
            Poll.require(Duration.ofSeconds(5), () -> "the echo request in vx2: " + c.lines(), () -> !c.lines().isEmpty());
            String line = c.lines().get(0);
            int at = line.indexOf("tos ");
            return line.substring(at + 4, line.indexOf(',', at));
        }
    }

    @Test
    void aProfileLimitsAndMarksItsMembersAndAChangeReachesTheLiveContainer() throws Exception {
        double first = shapedMbps(10);
        assertTrue(Math.abs(first - 10) <= 1.5, "10 Mbit/s profile, +-15 %: " + first + " Mbit/s");
        assertEquals("0xb8", tosSeen(), "DSCP 46 (EF) is TOS 0xb8");
        double unshaped = iperf(vx1, vx2, 2).path("end").path("sum_received").path("bits_per_second").asDouble() / 1e6;
        assertTrue(unshaped > 20, "a container of no profile is not limited: " + unshaped + " Mbit/s");
        tb.api().mustPost("/api/v1/netprofiles/tm:slow/", "{\"bandwidth\":\"20Mbps\",\"DSCP\":10}");
        Poll.require(REALIZED, "the new marking", () -> {
            try {
                return tosSeen().equals("0x28");
            } catch (Exception e) {
                return false;
            }
        });
        double second = shapedMbps(20);
        assertTrue(Math.abs(second - 20) <= 3, "20 Mbit/s after the change, +-15 %: " + second + " Mbit/s");
        System.out.printf("netprofile: 10 Mbit/s profile %.2f, unshaped %.1f, 20 Mbit/s profile %.2f Mbit/s%n", first,
                unshaped, second);
    }

    static JsonNode iperf(Container from, Container to, int seconds) throws Exception {
        return iperf(from, to, seconds, 0);
    }

    /**
     * iperf3 from {@code from} to {@code to} for {@code seconds} after {@code omit} seconds left out of the counts,
     * with half-second intervals and any further client {@code options}; its JSON report.
     */
    static JsonNode iperf(Container from, Container to, int seconds, int omit, String... options) throws Exception {
        Process server = new ProcessBuilder(Sh.inNs(to.ns(), "iperf3", "-s", "-1", "-B", to.ip()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Poll.require(Duration.ofSeconds(5), "iperf3 server", () -> Sh.run(Sh.inNs(to.ns(), "ss", "-ltnH",
                    "sport = :5201")).out().contains(":5201"));
            List<String> command = new ArrayList<>(List.of("iperf3", "-c", to.ip(), "-t", Integer.toString(seconds),
                    "-O", Integer.toString(omit), "-i", "0.5", "-J"));
            command.addAll(List.of(options));
            Sh.Result r = Sh.run(Sh.inNs(from.ns(), command.toArray(String[]::new)));
            assertTrue(r.ok(), "iperf3: " + r);
            return JSON.readTree(r.out());
        } finally {
            server.destroyForcibly();
        }
    }
}
