package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * TCP throughput of one iperf3 stream between two containers on one host, through Tenet's whole pipeline
 * (classification, conntrack, policy with a default-deny group and an allow rule, commit, output) against the
 * same host's Open vSwitch with a plain NORMAL bridge, in one run. Both paths: userspace datapath, veths with
 * MTU 1450 and TX checksum offload off in the containers.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.ThroughputBenchmark build/tenet}
 * (needs iperf3; {@code make bench} installs it).
 */
public final class ThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int seconds = BenchReport.intArg(args, 1, 8);
        try (Testbed tb = Testbed.start(home, 1)) {
            Testbed.Host h = tb.host(0);
            Api api = tb.api();
            api.createTenant("tp");
            api.createNetwork("tp", "net", "10.92.0.0/24", "10.92.0.254");
            api.createPolicy("tp", "srv-in");
            api.createGroup("tp", "srv", "net", "srv-in", true);
            api.createGroup("tp", "cli", "net", null, false);
            api.mustPost("/api/v1/rules/tp:srv-in:1/", "{\"direction\":\"in\",\"priority\":10,"
                    + "\"fromEndpointGroup\":\"cli\",\"protocol\":\"tcp\",\"port\":5201,\"action\":\"allow\"}");
            Testbed.Container srv = tb.addContainer(h, "tp", "net", "srv");
            Testbed.Container cli = tb.addContainer(h, "tp", "net", "cli");
            double tenet = iperf(cli.ns(), srv.ns(), srv.ip(), seconds);

            // The baseline: a NORMAL bridge on the same ovs-vswitchd.
            String a = tb.prefix() + "-na";
            String b = tb.prefix() + "-nb";
            tb.addNs(a);
            tb.addNs(b);
            Map<String, String> env = h.env();
            Sh.check(env, null, List.of("ovs-vsctl", "add-br", "br-normal", "--", "set", "bridge", "br-normal",
                    "datapath_type=netdev"));
            int i = 0;
            for (String ns : List.of(a, b)) {
                i++;
                String hostEnd = "nrm" + i;
                Sh.check(Sh.inNs(h.ns(), "ip", "link", "add", hostEnd, "mtu", "1450", "up", "type", "veth", "peer",
                        "name", "eth0", "mtu", "1450", "netns", "/var/run/netns/" + ns));
                Sh.check(Sh.inNs(ns, "ip", "addr", "add", "10.93.0." + i + "/24", "dev", "eth0"));
                Sh.check(Sh.inNs(ns, "ip", "link", "set", "eth0", "up"));
                Sh.check(Sh.inNs(ns, "ethtool", "-K", "eth0", "tx", "off"));
                Sh.check(env, null, List.of("ovs-vsctl", "add-port", "br-normal", hostEnd));
            }
            Poll.require(Duration.ofSeconds(15), "NORMAL bridge forwarding", () -> Sh.run(Sh.inNs(a, "ping", "-c",
                    "1", "-W", "1", "10.93.0.2")).ok());
            double normal = iperf(a, b, "10.93.0.2", seconds);
            BenchReport.header("path", seconds + " s, 1 TCP stream", "Gbit/s", "/ NORMAL");
            System.out.printf("| Tenet pipeline (conntrack + policy) | %.2f | %.2f |%n", tenet / 1e9, tenet / normal);
            System.out.printf("| OVS NORMAL bridge | %.2f | 1.00 |%n", normal / 1e9);
        }
    }

    private static double iperf(String clientNs, String serverNs, String serverIp, int seconds) throws Exception {
        Process server = new ProcessBuilder(Sh.inNs(serverNs, "iperf3", "-s", "-B", serverIp)).start();
        try {
            Poll.require(Duration.ofSeconds(5), "iperf3 server", () -> Sh.run(Sh.inNs(serverNs, "ss", "-ltnH",
                    "sport = :5201")).out().contains(":5201"));
            // The path is ready when a connection gets through (flows are installed asynchronously).
            Poll.require(Duration.ofSeconds(15), "a connection through the path", () -> Sh.run(Sh.inNs(clientNs, "nc",
                    "-z", "-w", "1", serverIp, "5201")).ok());
            String out = Sh.check(Map.of(), null, Sh.inNs(clientNs, "iperf3", "-c", serverIp, "-t",
                    Integer.toString(seconds), "-J"));
            JsonNode j = JSON.readTree(out);
            return j.path("end").path("sum_received").path("bits_per_second").asDouble();
        } finally {
            server.destroyForcibly();
        }
    }
}
