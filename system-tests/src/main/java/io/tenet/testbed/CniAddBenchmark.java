package io.tenet.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CNI ADD wall time, measured as a container runtime sees it: from spawning {@code tenet-cni} to its exit, JVM
 * start included, for N sequential ADDs on one simulated host. Three variants in one run, so that the ratios
 * hold on a noisy machine: through the host agent (the default), in-process without an agent, and the bare cost
 * of spawning a process in the host namespace ({@code ip netns exec ... true}).
 *
 * <p>Run: {@code make bench} or {@code java -cp ... io.tenet.testbed.CniAddBenchmark build/tenet 100}.
 */
public final class CniAddBenchmark {
    private CniAddBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int n = BenchReport.intArg(args, 1, 100);
        try (Testbed tb = Testbed.start(home, 1)) {
            Testbed.Host h = tb.host(0);
            tb.api().createTenant("bench");
            tb.api().mustPost("/api/v1/networks/bench:net/", "{\"tenantName\":\"bench\",\"networkName\":\"net\","
                    + "\"subnet\":\"10.50.0.0/16\",\"gateway\":\"10.50.255.254\"}");
            String conf = tb.netconf("bench", "net");
            double[] spawn = new double[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Sh.check(Sh.inNs(h.ns(), "true"));
                spawn[i] = (System.nanoTime() - t0) / 1e6;
            }
            double[] agent = runAdds(tb, h, conf, "a", n, null);
            Path alone = tb.dir().resolve("no-agent");
            Files.createDirectories(alone);
            Files.copy(h.dir().resolve("tenet/node.json"), alone.resolve("node.json"));
            double[] inProcess = runAdds(tb, h, conf, "p", Math.max(10, n / 4), alone);
            BenchReport.header("variant", "", "runs", "p50 ms", "p99 ms", "p50 / agent");
            row("ADD through tenet-node agent", agent, agent);
            row("ADD in-process (no agent)", inProcess, agent);
            row("spawn only (ip netns exec true)", spawn, agent);
        }
    }

    private static double[] runAdds(Testbed tb, Testbed.Host h, String conf, String tag, int n, Path runDir) {
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ns = tb.prefix() + "-b" + tag + i;
            tb.addNs(ns);
            namespaces.add(ns);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            String ns = namespaces.get(i);
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", h.ns(), "env"));
            h.env().forEach((k, v) -> argv.add(k + "=" + (k.equals("TENET_RUNDIR") && runDir != null ? runDir : v)));
            argv.addAll(List.of("CNI_COMMAND=ADD", "CNI_CONTAINERID=" + ns, "CNI_NETNS=/var/run/netns/" + ns,
                    "CNI_IFNAME=eth0", tb.home().resolve("bin/tenet-cni").toString()));
            long t0 = System.nanoTime();
            Sh.Result r = Sh.run(java.util.Map.of(), conf, argv);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (!r.ok()) {
                throw new IllegalStateException("ADD " + i + " failed: " + r.out() + r.err());
            }
        }
        return ms;
    }

    private static void row(String name, double[] ms, double[] base) {
        double p50 = BenchReport.percentile(ms, 50);
        System.out.printf("| %s | %d | %.0f | %.0f | %.2f |%n", name, ms.length, p50, BenchReport.percentile(ms, 99),
                p50 / BenchReport.percentile(base, 50));
    }

}
