package io.tenet.testbed;

import io.tenet.testbed.Testbed.Container;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How long a host's crashed Open vSwitch keeps cross-host traffic away, in one run on 2 simulated hosts: a
 * container on host 0 pings one on host 1 every 20 ms while host 1's ovs-vswitchd is killed and restarted
 * ({@code rounds} times), then its ovsdb-server. Per crash: pings lost, the longest silence, the kill to the
 * switch's new controller connection (its own log line), and that connection to the first answer (the controller's
 * resync of the whole pipeline; the issue's target: within 2 s).
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.SwitchRestartBenchmark
 * build/tenet 5}
 */
public final class SwitchRestartBenchmark {
    private SwitchRestartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        int rounds = BenchReport.intArg(args, 1, 5);
        List<SwitchFaults.Outage> vswitchd = new ArrayList<>();
        List<SwitchFaults.Outage> ovsdb = new ArrayList<>();
        try (Testbed tb = Testbed.start(home, 2, Testbed.Backend.STANDALONE)) {
            Api api = tb.api();
            api.createTenant("bench");
            api.createNetwork("bench", "net", "10.63.0.0/24", "10.63.0.254");
            Container a = tb.addContainer(tb.host(0), "bench", "net");
            Container b = tb.addContainer(tb.host(1), "bench", "net");
            Poll.require(java.time.Duration.ofSeconds(30), "a reaches b", () -> tb.ping(a, b.ip()));
            for (int i = 0; i < rounds; i++) {
                vswitchd.add(SwitchFaults.vswitchdCrash(tb.host(1), a, b));
                System.err.println("ovs-vswitchd crash " + (i + 1) + ": " + vswitchd.get(i));
            }
            for (int i = 0; i < rounds; i++) {
                ovsdb.add(SwitchFaults.ovsdbCrash(tb.host(1), a, b));
                System.err.println("ovsdb-server crash " + (i + 1) + ": " + ovsdb.get(i));
            }
        }
        BenchReport.header("crash of host 1's daemon", rounds + " each, median (max)", "pings lost (every 20 ms)",
                "longest silence ms", "kill to reconnect ms", "reconnect to traffic ms");
        row("ovs-vswitchd (SIGKILL, restarted)", vswitchd);
        row("ovsdb-server (SIGKILL, restarted)", ovsdb);
    }

    private static void row(String name, List<SwitchFaults.Outage> runs) {
        System.out.printf("| %s | %s | %s | %s | %s |%n", name, cell(runs, o -> o.ping().lost()),
                cell(runs, o -> o.ping().longestGapMs()), cell(runs, SwitchFaults.Outage::crashToReconnectMs),
                cell(runs, SwitchFaults.Outage::reconnectToTrafficMs));
    }

    private static String cell(List<SwitchFaults.Outage> runs, ToDoubleFunction<SwitchFaults.Outage> f) {
        double[] v = runs.stream().mapToDouble(f).toArray();
        if (Double.isNaN(v[0])) {
            return "-";
        }
        return String.format("%.0f (%.0f)", BenchReport.percentile(v, 50), BenchReport.percentile(v, 100));
    }
}
