package io.tenet.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Realization latency: from the REST call that adds a rule to its flow being installed on all 3 hosts. Every host
 * has a member of the group the policy is attached to, so every host must install the rule. Each host's
 * {@code br-int} is polled with {@code ovs-ofctl} (about 15-20 ms a poll here, which bounds the resolution).
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.RealizationBenchmark build/tenet 50}
 */
public final class RealizationBenchmark {
    private RealizationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int n = BenchReport.intArg(args, 1, 50);
        ExecutorService pollers = Executors.newFixedThreadPool(3);
        try (Testbed tb = Testbed.start(home, 3)) {
            Api api = tb.api();
            api.createTenant("rb");
            api.createNetwork("rb", "net", "10.91.0.0/24", "10.91.0.254");
            api.createPolicy("rb", "svc-in");
            api.createGroup("rb", "svc", "net", "svc-in", true);
            api.createGroup("rb", "cli", "net", null, false);
            for (Testbed.Host h : tb.hosts()) {
                tb.addContainer(h, "rb", "net", "svc");
                tb.addContainer(h, "rb", "net", "cli");
            }
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                int port = 20000 + i;
                long t0 = System.nanoTime();
                api.mustPost("/api/v1/rules/rb:svc-in:" + i + "/", "{\"direction\":\"in\",\"priority\":10,"
                        + "\"fromEndpointGroup\":\"cli\",\"protocol\":\"tcp\",\"port\":" + port + ",\"action\":\"allow\"}");
                List<Future<Long>> done = new ArrayList<>();
                for (Testbed.Host h : tb.hosts()) {
                    done.add(pollers.submit(() -> {
                        Poll.require(Duration.ofSeconds(10), "rule on " + h.name(), () -> tb.ofctl(h, "dump-flows",
                                "br-int", "table=40,tcp,tp_dst=" + port).contains("tp_dst=" + port));
                        return System.nanoTime();
                    }));
                }
                long last = 0;
                for (Future<Long> f : done) {
                    last = Math.max(last, f.get());
                }
                ms[i] = (last - t0) / 1e6;
            }
            BenchReport.header("realization", "", "rules", "p50 ms", "p99 ms", "max ms");
            System.out.printf("| REST POST rule -> flow on all 3 hosts | %d | %.0f | %.0f | %.0f |%n", n,
                    BenchReport.percentile(ms, 50), BenchReport.percentile(ms, 99),
                    BenchReport.percentile(ms, 100));
        } finally {
            pollers.shutdownNow();
        }
    }
}
