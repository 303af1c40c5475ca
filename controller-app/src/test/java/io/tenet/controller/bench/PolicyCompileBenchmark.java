package io.tenet.controller.bench;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.CompilerFixtures;
import io.tenet.controller.compiler.DatapathCompiler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy at scale: 10,000 endpoints on 100 hosts in 100 networks, 1,000 endpoint groups (10 per network, 10
 * members each), each with its own policy of 10 in rules admitting another group of its network on a port:
 * 10,000 rules. {@code oneSwitch} compiles one host; {@code wholeCluster} every host once; {@code oneChange}
 * moves one endpoint to another group.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PolicyCompileBenchmark extends ClusterCompileBenchmark {
    static final int HOSTS = 100;
    static final int NETWORKS = 100;
    static final int GROUPS_PER_NETWORK = 10;
    static final int MEMBERS_PER_GROUP = 10;
    static final int RULES_PER_GROUP = 10;

    @Setup
    public void generate() {
        Map<NetworkKey, Network> nets = new HashMap<>();
        Map<ScopedKey, EndpointGroup> groups = new HashMap<>();
        Map<ScopedKey, Policy> policies = new HashMap<>();
        Map<Rule.RuleKey, Rule> rules = new HashMap<>();
        Map<String, Endpoint> eps = new HashMap<>();
        Map<String, Map<String, Integer>> ports = new HashMap<>();
        int groupId = 0;
        int ep = 0;
        for (int n = 0; n < NETWORKS; n++) {
            Network net = network(n);
            NetworkKey k = net.key();
            Ipv4 base = net.spec().subnet().network();
            nets.put(k, net);
            for (int g = 0; g < GROUPS_PER_NETWORK; g++) {
                ScopedKey gk = new ScopedKey("t", "n" + n + "g" + g);
                ScopedKey pk = new ScopedKey("t", "n" + n + "p" + g);
                policies.put(pk, new Policy(pk));
                groups.put(gk, new EndpointGroup(gk, "n" + n, List.of(pk.name()), "", "", List.of(), true, ++groupId));
                for (int r = 0; r < RULES_PER_GROUP; r++) {
                    Rule.RuleKey rk = new Rule.RuleKey("t", pk.name(), "r" + r);
                    rules.put(rk, new Rule(rk, Rule.Direction.IN, 1 + r, "n" + n + "g" + ((g + 1) % GROUPS_PER_NETWORK),
                            "", null, Rule.Protocol.TCP, 8000 + r, Rule.Verdict.ALLOW));
                }
                for (int i = 0; i < MEMBERS_PER_GROUP; i++) {
                    Ipv4 ip = base.plus(g * MEMBERS_PER_GROUP + i + 1);
                    String host = "h" + (ep % HOSTS);
                    String intf = "tn" + Integer.toHexString(ep);
                    eps.put("ep" + ep, new Endpoint("ep" + ep, k, gk.name(), ip, Mac.forEndpoint(ip), host, intf,
                            "ep" + ep, Map.of()));
                    ports.computeIfAbsent(host, x -> new HashMap<>()).put(intf, ep + 10);
                    ep++;
                }
            }
        }
        Map<String, Node> hosts = hosts(HOSTS);
        model = CompilerFixtures.snapshot(1, Map.of("t", new Tenant("t", "")), nets, eps, hosts, groups, policies,
                rules);
        views = views(hosts, ports);
        // The change: endpoint ep0 (of group n0g0) moves to group n0g1 of the same network.
        changed = withGroup(model, "ep0", "n0g1");
        System.out.println("\nflows on one switch: " + DatapathCompiler.compileFromScratch(model, views[0]).size());
    }
}
