package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwarding modes side by side on two simulated hosts, in one run: one iperf3 TCP stream and sequential
 * TCP requests (connect, read the server's one-line answer, close) between containers on different hosts, over
 * a VXLAN and a VLAN network in bridge mode; then, on the same hosts in routing mode, within a network and
 * routed between two networks of a tenant. The paths take turns, round after round, so that the machine's drift
 * falls on all of them alike.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.ModesBenchmark
 * build/tenet 4 3} (seconds of iperf3 per path and round, rounds).
 */
public final class ModesBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 200;
    private static final int PORT = 7000;

    /** One measured path: from one container to another. */
    private record Path2(String name, Testbed.Container from, Testbed.Container to) {
    }

    private record Stats(List<Double> gbits, List<Double> latenciesMs) {
    }

    private ModesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int seconds = BenchReport.intArg(args, 1, 4);
        int rounds = BenchReport.intArg(args, 2, 3);
        Map<String, Stats> results = new LinkedHashMap<>();
        try (Testbed tb = Testbed.start(home, 2)) {
            Api api = tb.api();
            api.createTenant("tb");
            api.createNetwork("tb", "vx", "vxlan", "10.97.1.0/24", "10.97.1.254");
            api.createNetwork("tb", "vl", "vlan", "10.97.2.0/24", "10.97.2.254");
            List<Path2> bridge = List.of(
                    new Path2("bridge mode, VXLAN, within a network", tb.addContainer(tb.host(0), "tb", "vx"),
                            tb.addContainer(tb.host(1), "tb", "vx")),
                    new Path2("bridge mode, VLAN, within a network", tb.addContainer(tb.host(0), "tb", "vl"),
                            tb.addContainer(tb.host(1), "tb", "vl")));
            measure(tb, bridge, seconds, rounds, results);
            for (Testbed.Container c : List.copyOf(tb.containers())) {
                tb.deleteContainer(c);
            }
            for (String n : List.of("vx", "vl")) {
                Poll.require(Duration.ofSeconds(10), "network " + n + " deleted",
                        () -> api.delete("/api/v1/networks/tb:" + n + "/").status() / 100 == 2);
            }
            api.mustPost("/api/v1/globals/global/", "{\"fwdMode\":\"routing\"}");
            api.createNetwork("tb", "n1", "vxlan", "10.97.3.0/24", "10.97.3.254");
            api.createNetwork("tb", "n2", "vxlan", "10.97.4.0/24", "10.97.4.254");
            Testbed.Container a = tb.addContainer(tb.host(0), "tb", "n1");
            List<Path2> routing = List.of(
                    new Path2("routing mode, VXLAN, within a network", a, tb.addContainer(tb.host(1), "tb", "n1")),
                    new Path2("routing mode, VXLAN, routed between networks", a,
                            tb.addContainer(tb.host(1), "tb", "n2")));
            measure(tb, routing, seconds, rounds, results);
        }
        BenchReport.header("path, across 2 hosts", rounds + " rounds of " + seconds + " s iperf3 and " + REQUESTS
                + " requests per path", "Gbit/s (mean)", "min", "max", "request p50 ms", "request p99 ms");
        for (Map.Entry<String, Stats> e : results.entrySet()) {
            List<Double> g = e.getValue().gbits();
            double[] lat = e.getValue().latenciesMs().stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", e.getKey(),
                    g.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    g.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    g.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    BenchReport.percentile(lat, 50), BenchReport.percentile(lat, 99));
        }
    }

    private static void measure(Testbed tb, List<Path2> paths, int seconds, int rounds, Map<String, Stats> results)
            throws Exception {
        List<Process> servers = new ArrayList<>();
        try {
            for (Path2 p : paths) {
                results.put(p.name(), new Stats(new ArrayList<>(), new ArrayList<>()));
                servers.add(new ProcessBuilder(Sh.inNs(p.to().ns(), "python3", "-c", ServiceScripts.SERVER,
                        p.to().ip(), Integer.toString(PORT), Integer.toString(PORT), p.to().name()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                Poll.require(Duration.ofSeconds(20), p.name() + " answers", () -> Sh.run(Sh.inNs(p.from().ns(), "nc",
                        "-z", "-w", "1", p.to().ip(), Integer.toString(PORT))).ok());
            }
            for (int r = 0; r < rounds; r++) {
                for (Path2 p : paths) {
                    Stats s = results.get(p.name());
                    s.gbits().add(iperf(p, seconds) / 1e9);
                    String out = Sh.check(Sh.inNs(p.from().ns(), "python3", "-c", ServiceScripts.CLIENT, "tcp",
                            p.to().ip(), Integer.toString(PORT), Integer.toString(REQUESTS)));
                    for (String line : out.split("\n")) {
                        String[] w = line.trim().split(" ");
                        if (w.length == 2 && w[0].equals(p.to().name())) {
                            s.latenciesMs().add(Double.parseDouble(w[1]) * 1000);
                        }
                    }
                }
            }
        } finally {
            servers.forEach(Process::destroyForcibly);
        }
    }

    private static double iperf(Path2 p, int seconds) throws Exception {
        Process server = new ProcessBuilder(Sh.inNs(p.to().ns(), "iperf3", "-s", "-1", "-B", p.to().ip()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Poll.require(Duration.ofSeconds(5), "iperf3 server", () -> Sh.run(Sh.inNs(p.to().ns(), "ss", "-ltnH",
                    "sport = :5201")).out().contains(":5201"));
            JsonNode j = JSON.readTree(Sh.check(Sh.inNs(p.from().ns(), "iperf3", "-c", p.to().ip(), "-t",
                    Integer.toString(seconds), "-J")));
            return j.path("end").path("sum_received").path("bits_per_second").asDouble();
        } finally {
            server.destroyForcibly();
        }
    }
}
