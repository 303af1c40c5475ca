package io.tenet.controller.bench;


import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.CompilerFixtures;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flow compilation for a generated model: {@code endpoints} spread evenly over {@code nodes} hosts and 100
 * networks (so every host has members of every network). {@code oneSwitch} is the work of one reconciler run;
 * {@code wholeCluster} compiles every switch once, as after a controller restart; {@code oneChange} removes one
 * endpoint and puts it back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CompileBenchmark extends ClusterCompileBenchmark {
    @Param({"10000"})
    public int endpoints;

    @Param({"100"})
    public int nodes;

    @Setup
    public void generate() {
        int networks = 100;
        Map<NetworkKey, Network> nets = new HashMap<>();
        for (int n = 0; n < networks; n++) {
            Network net = network(n);
            nets.put(net.key(), net);
        }
        Map<String, Node> hosts = hosts(nodes);
        Map<String, Endpoint> eps = new HashMap<>();
        Map<String, Map<String, Integer>> ports = new HashMap<>();
        for (int i = 0; i < endpoints; i++) {
            int n = i % networks;
            String host = "h" + (i / networks % nodes);
            Ipv4 ip = Ipv4.parse("10." + (n / 250) + "." + (n % 250) + ".0").plus(i / networks + 1);
            String id = "ep" + i;
            String intf = "tn" + Integer.toHexString(i);
            eps.put(id, new Endpoint(id, new NetworkKey("t", "n" + n), "", ip, Mac.forEndpoint(ip), host, intf, id,
                    Map.of()));
            ports.computeIfAbsent(host, k -> new HashMap<>()).put(intf, i + 10);
        }
        model = CompilerFixtures.snapshot(1, Map.of("t", new Tenant("t", "")), nets, eps, hosts);
        views = views(hosts, ports);
        // The change: endpoint ep0 leaves.
        Map<String, Endpoint> fewer = new HashMap<>(eps);
        fewer.remove("ep0");
        changed = CompilerFixtures.withEndpoints(model, 2, fewer);
    }
}
