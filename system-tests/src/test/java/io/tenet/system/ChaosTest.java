package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.testbed.Api;
import io.tenet.testbed.Pinger;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Prometheus;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import io.tenet.testbed.Testbed.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chaos on a controller cluster: 3 controllers on a 3-member etcd, 3 hosts whose switches are connected to all of
 * them. A seeded sequence of steps, bounded in count and time, kills and restarts controllers, etcd members (one
 * at a time, so etcd keeps its quorum) and host 2's ovs-vswitchd, while containers are added to and deleted from
 * host 2 through CNI (every switch gets their flows), groups come and go (default deny on some), and rules come
 * and go on their groups' policies. At the end, with everything started again: every controller is at the same
 * store revision and holds exactly the live containers' endpoints and their addresses; every switch's master
 * audits its switch twice and repairs nothing (its tables are the compiled state); and a ping between two
 * containers the chaos never touches (hosts 0 and 1, whose switches stay up) lost nothing.
 *
 * <p>The seed is printed first and named in every failure; {@code -Dtenet.chaos.seed=N} replays the same steps
 * ({@code -Dtenet.chaos.steps} sets how many, 40 by default).
 */
@Tag("system")
class ChaosTest {
    private static final String T = "ch";
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final String[] GROUPS = {"g1", "g2"};

    private final long seed = Long.getLong("tenet.chaos.seed", System.nanoTime());
    private final Random rnd = new Random(seed);
    private final List<String> steps = new ArrayList<>();
    /** When each step started, epoch seconds (as the ping's answers are timed). */
    private final List<Double> started = new ArrayList<>();

    @Test
    void afterRandomKillsAndChangesTheTablesTheStoreAndTheAddressesAgreeAndTheQuietPingLostNothing()
            throws Exception {
        System.err.println("chaos seed: " + seed + " (replay with -Dtenet.chaos.seed=" + seed + ")");
        int count = Integer.getInteger("tenet.chaos.steps", 40);
        try (ControllerCluster cluster = ControllerCluster.start(TestbedSupport.home(), 3, 3)) {
            Testbed tb = cluster.tb;
            Api first = cluster.apis.get(0);
            first.createTenant(T);
            first.createNetwork(T, "net", "10.68.0.0/24", "10.68.0.254");
            first.createPolicy(T, "quiet");
            first.createGroup(T, "quiet", "net", "quiet", false);
            for (String g : GROUPS) {
                first.createPolicy(T, "p" + g);
                first.createGroup(T, g, "net", "p" + g, false);
            }
            Container q0 = tb.addContainer(tb.host(0), T, "net", "quiet");
            Container q1 = tb.addContainer(tb.host(1), T, "net", "quiet");
            assertTrue(tb.pingWithin(q0, q1.ip(), Duration.ofSeconds(20)), "the quiet pair reach each other");
            Chaos chaos = new Chaos(cluster);
            Pinger.Result ping;
            try (Pinger pinger = new Pinger(q0.ns(), q1.ip(), 0.05)) {
                Poll.require(Duration.ofSeconds(10), "the quiet ping runs", () -> pinger.repliesSoFar() >= 5);
                long end = System.nanoTime() + BOUND.toNanos();
                for (int i = 0; i < count && System.nanoTime() < end; i++) {
                    double at = System.currentTimeMillis() / 1000.0;
                    String step = chaos.step(rnd.nextInt(100));
                    steps.add(step);
                    started.add(at);
                }
                System.err.println("chaos steps (seed " + seed + "): " + steps);
                chaos.restoreAll();
                ping = pinger.stop();
            }
            assertEquals(0, ping.lost(), where("the quiet ping lost nothing: " + ping.lost() + " of "
                    + ping.transmitted() + " lost; silences " + silences(ping.replies(), 0.05)));
            Set<String> expected = new TreeSet<>(List.of(q0.containerId() + "-eth0", q1.containerId() + "-eth0"));
            chaos.live.forEach(c -> expected.add(c.containerId() + "-eth0"));
            for (Api api : cluster.apis) {
                Poll.require(Duration.ofSeconds(30), () -> where(api.base() + " holds the live containers' "
                        + expected.size() + " endpoints: " + endpoints(api)), () -> endpoints(api).equals(expected));
                assertEquals(expected.size(), api.allocatedAddresses(T, "net"),
                        where(api.base() + ": every allocated address is a live endpoint's"));
            }
            awaitAuditsRepairNothing(cluster);
            assertTrue(tb.pingWithin(q0, q1.ip(), Duration.ofSeconds(5)), where("the quiet pair after the chaos"));
        }
    }

    /** The silences of the ping longer than one and a half intervals, each with the step that was running. */
    private String silences(List<Double> replies, double interval) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < replies.size(); i++) {
            double gap = replies.get(i) - replies.get(i - 1);
            if (gap > 1.5 * interval) {
                int during = -1;
                for (int k = 0; k < started.size() && started.get(k) <= replies.get(i - 1); k++) {
                    during = k;
                }
                out.add(String.format("%.0f ms after reply %d, during %s", gap * 1000, i - 1,
                        during < 0 ? "the start" : "step " + during + " (" + steps.get(during) + ")"));
            }
        }
        return out.toString();
    }

    /** Says where a failure happened: the seed and the steps taken. */
    private String where(String what) {
        return what + " (seed " + seed + ", steps: " + steps + ")";
    }

    private static Set<String> endpoints(Api api) {
        Set<String> out = new TreeSet<>();
        Api.Reply r = api.get("/api/v1/endpoints/");
        if (r.status() == 200) {
            for (JsonNode e : r.body()) {
                out.add(e.path("endpointID").asText());
            }
        }
        return out;
    }

    /**
     * Every switch's master audits it twice more (tables read back and compared with the compiled state) and
     * repairs nothing; all controllers are at the same store revision first.
     */
    private void awaitAuditsRepairNothing(ControllerCluster cluster) {
        Poll.require(Duration.ofSeconds(30), () -> where("one model revision everywhere"), () -> {
            Set<Double> versions = new HashSet<>();
            cluster.apis.forEach(a -> versions.add(Prometheus.scrape(a.base()).get("tenet_model_revision")));
            return versions.size() == 1 && !versions.contains(null);
        });
        for (Host h : cluster.tb.hosts()) {
            String node = "node=\"" + cluster.tb.nodeName(h) + "\"";
            double[] start = audits(cluster, node);
            Poll.require(Duration.ofSeconds(30), () -> where("an audit of " + h.name()),
                    () -> audits(cluster, node)[0] >= start[0] + 1);
            double[] settled = audits(cluster, node);
            Poll.require(Duration.ofSeconds(30), () -> where("two more audits of " + h.name()),
                    () -> audits(cluster, node)[0] >= settled[0] + 2);
            assertEquals(settled[1], audits(cluster, node)[1], where(h.name() + "'s tables needed repairs: they"
                    + " differed from the compiled state"));
        }
    }

    /** Audits of a node's switch and the messages they repaired with, summed over the controllers. */
    private static double[] audits(ControllerCluster cluster, String node) {
        double runs = 0;
        double repairs = 0;
        for (Api a : cluster.apis) {
            Map<String, Double> m = Prometheus.scrape(a.base());
            runs += Prometheus.sum(m, "tenet_audit_seconds_count", node);
            repairs += Prometheus.sum(m, "tenet_audit_repairs_total", node);
        }
        return new double[] {runs, repairs};
    }

    /** The chaos's own state: what lives, what is down, and the steps. */
    private final class Chaos {
        final ControllerCluster cluster;
        final List<Container> live = new ArrayList<>();
        /** The groups containers may join: the two made first, then those the chaos made and did not delete. */
        final List<String> groups = new ArrayList<>(List.of(GROUPS));
        /** The group of each live container, by name. */
        final Map<String, String> groupOf = new HashMap<>();
        final List<String> rules = new ArrayList<>();
        final Set<Integer> deadControllers = new TreeSet<>();
        int deadMember = -1;
        int ruleSeq;
        int groupSeq;

        Chaos(ControllerCluster cluster) {
            this.cluster = cluster;
        }

        /** A controller that answers, chosen by the seed. */
        Api alive() {
            List<Integer> up = new ArrayList<>(List.of(0, 1, 2));
            up.removeAll(deadControllers);
            return cluster.apis.get(up.get(rnd.nextInt(up.size())));
        }

        String step(int roll) throws Exception {
            Testbed tb = cluster.tb;
            if (roll < 22) {
                // On host 2 only: on the userspace datapath any port added to or removed from a bridge pauses it
                // for a moment (docs/resilience.md), and the quiet pair's hosts stay as they are.
                Host h = tb.host(2);
                String g = groups.get(rnd.nextInt(groups.size()));
                Container c = tb.addContainer(h, T, "net", g);
                live.add(c);
                groupOf.put(c.name(), g);
                return "add " + c.name() + "@" + h.name() + " in " + g;
            } else if (roll < 34 && !live.isEmpty()) {
                Container c = live.remove(rnd.nextInt(live.size()));
                Sh.Result del = tb.deleteContainer(c);
                assertTrue(del.ok(), where("DEL " + c.name() + ": " + del.out() + del.err()));
                groupOf.remove(c.name());
                return "del " + c.name();
            } else if (roll < 38) {
                String g = "gx" + (++groupSeq);
                Api via = alive();
                via.createPolicy(T, "p" + g);
                via.createGroup(T, g, "net", "p" + g, rnd.nextBoolean());
                groups.add(g);
                return "group " + g;
            } else if (roll < 41 && groups.size() > GROUPS.length) {
                // A group of the chaos's own without members goes (its policy and rules stay).
                List<String> empty = new ArrayList<>(groups.subList(GROUPS.length, groups.size()));
                empty.removeAll(groupOf.values());
                if (empty.isEmpty()) {
                    return "no empty group to delete";
                }
                String g = empty.get(rnd.nextInt(empty.size()));
                assertEquals(200, alive().delete("/api/v1/endpointGroups/" + T + ":" + g + "/").status(),
                        where("delete group " + g));
                groups.remove(g);
                return "ungroup " + g;
            } else if (roll < 55) {
                String g = groups.get(rnd.nextInt(groups.size()));
                String id = Integer.toString(++ruleSeq);
                String path = "/api/v1/rules/" + T + ":p" + g + ":" + id + "/";
                alive().mustPost(path, "{\"tenantName\":\"" + T + "\",\"policyName\":\"p" + g + "\",\"ruleId\":\""
                        + id + "\",\"direction\":\"" + (rnd.nextBoolean() ? "in" : "out") + "\",\"action\":\""
                        + (rnd.nextBoolean() ? "allow" : "deny") + "\",\"protocol\":\"tcp\",\"port\":"
                        + (8000 + rnd.nextInt(10)) + ",\"priority\":" + (1 + rnd.nextInt(10)) + "}");
                rules.add(path);
                return "rule " + path;
            } else if (roll < 65 && !rules.isEmpty()) {
                String path = rules.remove(rnd.nextInt(rules.size()));
                assertEquals(200, alive().delete(path).status(), where("delete " + path));
                return "unrule " + path;
            } else if (roll < 85) {
                boolean kill = roll < 75 ? deadControllers.size() < 2 : deadControllers.isEmpty();
                if (kill) {
                    List<Integer> up = new ArrayList<>(List.of(0, 1, 2));
                    up.removeAll(deadControllers);
                    int victim = up.get(rnd.nextInt(up.size()));
                    tb.killController(victim);
                    deadControllers.add(victim);
                    return "kill controller " + victim;
                }
                int back = new ArrayList<>(deadControllers).get(rnd.nextInt(deadControllers.size()));
                tb.startController(back);
                deadControllers.remove(back);
                return "start controller " + back;
            } else if (roll < 93) {
                if (deadMember >= 0) {
                    cluster.etcd.restart(deadMember);
                    cluster.etcd.awaitHealthy(Duration.ofSeconds(30));
                    String s = "start etcd " + deadMember;
                    deadMember = -1;
                    return s;
                }
                deadMember = rnd.nextInt(cluster.etcd.size());
                cluster.etcd.kill(deadMember);
                return "kill etcd " + deadMember;
            }
            tb.host(2).ovs().crashAndRestartVswitchd();
            return "restart vswitchd@" + tb.host(2).name();
        }

        /** Starts whatever is down and waits until every switch has one master again. */
        void restoreAll() throws Exception {
            if (deadMember >= 0) {
                cluster.etcd.restart(deadMember);
                cluster.etcd.awaitHealthy(Duration.ofSeconds(30));
                deadMember = -1;
            }
            for (int i : deadControllers) {
                cluster.tb.startController(i);
            }
            deadControllers.clear();
            Poll.require(Duration.ofSeconds(30), () -> where("one master per switch again: " + cluster.roles()),
                    () -> cluster.oneMasterEach(cluster.apis));
        }
    }
}
