package io.tenet.system;

import io.tenet.testbed.Api;
import io.tenet.testbed.BenchReport;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover time of a controller cluster: 3 standalone controllers on a 3-member etcd, 2 hosts whose switches are
 * connected to all three. Each round kills (SIGKILL) the master of host 0's switch and at once writes, through a
 * surviving controller, a rule that denies pings from a container on host 1 to one on host 0 (ICMP into their
 * group, enforced on host 0's switch). Measured from the kill: a survivor reports itself MASTER of the switch; the
 * switch holds the rule's flows, the first change a new master makes there (it finds the switch in order when it
 * reads it back, so it sends nothing before); new pings go unanswered, the rule enforced.
 * Then the rule goes, the dead controller is started again and the roles settle before the next round.
 *
 * <p>Run: {@code java -cp "system-tests/target/test-classes:system-tests/target/classes:<test class path>"
 * io.tenet.system.FailoverBenchmark build/tenet 5}
 */
public final class FailoverBenchmark {
    private static final String RULE = "{\"tenantName\":\"fb\",\"policyName\":\"p\",\"ruleId\":\"1\","
            + "\"direction\":\"in\",\"action\":\"deny\",\"protocol\":\"icmp\",\"priority\":10}";

    private FailoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        int rounds = BenchReport.intArg(args, 1, 5);
        double[] master = new double[rounds];
        double[] flowMod = new double[rounds];
        double[] enforced = new double[rounds];
        try (ControllerCluster cluster = ControllerCluster.start(home, 3, 2)) {
            Testbed tb = cluster.tb;
            Api a = cluster.apis.get(0);
            a.createTenant("fb");
            a.createNetwork("fb", "net", "10.65.0.0/24", "10.65.0.254");
            a.createPolicy("fb", "p");
            a.createGroup("fb", "g", "net", "p", false);
            Host h0 = tb.host(0);
            Container target = tb.addContainer(h0, "fb", "net", "g");
            Container source = tb.addContainer(tb.host(1), "fb", "net", "g");
            for (int r = 0; r < rounds; r++) {
                Poll.require(Duration.ofSeconds(10), "the ping", () -> tb.ping(source, target.ip()));
                cluster.awaitSettledRoles();
                int victim = cluster.masterOf(h0, List.of(0, 1, 2));
                List<Integer> survivors = new ArrayList<>(List.of(0, 1, 2));
                survivors.remove(Integer.valueOf(victim));
                Api via = cluster.apis.get(survivors.get(0));
                String flowsBefore = flowCount(tb, h0);
                long killed = System.nanoTime();
                tb.killController(victim);
                via.mustPost("/api/v1/rules/fb:p:1/", RULE);
                master[r] = Double.NaN;
                flowMod[r] = Double.NaN;
                enforced[r] = Double.NaN;
                double refusedSince = Double.NaN;
                int refusals = 0;
                long deadline = killed + Duration.ofSeconds(30).toNanos();
                while ((Double.isNaN(master[r]) || Double.isNaN(flowMod[r]) || Double.isNaN(enforced[r]))
                        && System.nanoTime() < deadline) {
                    if (Double.isNaN(master[r]) && cluster.masterOf(h0, survivors) >= 0) {
                        master[r] = (System.nanoTime() - killed) / 1e6;
                    }
                    if (Double.isNaN(flowMod[r]) && !flowCount(tb, h0).equals(flowsBefore)) {
                        flowMod[r] = (System.nanoTime() - killed) / 1e6;
                    }
                    if (Double.isNaN(enforced[r])) {
                        // A new ping each time (a new ICMP id, so a new connection for the stateful rules): the
                        // first of three in a row that go unanswered.
                        double at = (System.nanoTime() - killed) / 1e6;
                        if (Sh.run(Sh.inNs(source.ns(), "ping", "-c", "1", "-W", "0.3", target.ip())).ok()) {
                            refusals = 0;
                        } else if (refusals++ == 0) {
                            refusedSince = at;
                        }
                        if (refusals == 3) {
                            enforced[r] = refusedSince;
                        }
                    }
                }
                System.err.printf("round %d: master %.0f ms, first flow-mod %.0f ms, rule enforced %.0f ms%n", r + 1,
                        master[r], flowMod[r], enforced[r]);
                if (via.delete("/api/v1/rules/fb:p:1/").status() != 200) {
                    throw new IllegalStateException("the rule could not be deleted");
                }
                tb.startController(victim);
                Poll.require(Duration.ofSeconds(30), () -> "three controllers again: " + cluster.roles(),
                        () -> cluster.oneMasterEach(cluster.apis));
            }
        }
        BenchReport.header("the master of a switch killed (3 controllers, 3-member etcd)",
                rounds + " rounds, median (max)", "ms after the kill");
        row("a survivor is MASTER of the switch", master);
        row("first confirmed flow-mod from the new master (the new rule's flows)", flowMod);
        row("the new rule enforced (new pings go unanswered)", enforced);
    }

    private static void row(String what, double[] ms) {
        System.out.printf("| %s | %.0f (%.0f) |%n", what, BenchReport.percentile(ms, 50),
                BenchReport.percentile(ms, 100));
    }

    /** How many flows the host's br-int holds: changes when a controller writes flows. */
    private static String flowCount(Testbed tb, Host h) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("flow_count=(\\d+)")
                .matcher(tb.ofctl(h, "dump-aggregate", "br-int"));
        if (!m.find()) {
            throw new IllegalStateException("no flow count from " + h.name() + "'s br-int");
        }
        return m.group(1);
    }
}
