package io.tenet.controller.bench;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.compiler.CompilerFixtures;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.pipeline.Cookie;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Services at scale: 10,000 endpoints on 100 hosts in 100 networks (every host has one member of every network),
 * and {@code services} services, 10 per network, each selecting 10 providers by label (1,000 x 10: every endpoint
 * provides one service), with a TCP port, and a UDP port too when {@code udp}. The same cluster without services
 * is the baseline. {@code oneChange} takes one provider out of its service by its labels (and back).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ServiceCompileBenchmark extends ClusterCompileBenchmark {
    static final int HOSTS = 100;
    static final int NETWORKS = 100;
    static final int SERVICES_PER_NETWORK = 10;
    static final int PROVIDERS_PER_SERVICE = 10;

    @Param({"0", "1000"})
    public int services;

    @Param({"false", "true"})
    public boolean udp;

    @Setup
    public void generate() {
        Map<NetworkKey, Network> nets = new HashMap<>();
        Map<String, Endpoint> eps = new HashMap<>();
        Map<String, Map<String, Integer>> ports = new HashMap<>();
        List<ServiceLB> svcs = new ArrayList<>();
        int ep = 0;
        int id = 0;
        for (int n = 0; n < NETWORKS; n++) {
            Network net = network(n);
            NetworkKey k = net.key();
            Ipv4 base = net.spec().subnet().network();
            nets.put(k, net);
            for (int s = 0; s < SERVICES_PER_NETWORK; s++) {
                String app = "n" + n + "s" + s;
                if (id < services) {
                    List<ServicePort> p = udp ? List.of(ServicePort.parse("80:8080:TCP"), ServicePort.parse("53:5353:UDP"))
                            : List.of(ServicePort.parse("80:8080:TCP"));
                    svcs.add(new ServiceLB(new ScopedKey("t", app), "n" + n, base.plus(200 + s), Map.of("app", app), p,
                            ServiceLB.Affinity.NONE, 10800, ++id));
                }
                for (int i = 0; i < PROVIDERS_PER_SERVICE; i++) {
                    Ipv4 ip = base.plus(s * PROVIDERS_PER_SERVICE + i + 1);
                    String host = "h" + (ep % HOSTS);
                    String intf = "tn" + Integer.toHexString(ep);
                    eps.put("ep" + ep, new Endpoint("ep" + ep, k, "", ip, Mac.forEndpoint(ip), host, intf, "ep" + ep,
                            Map.of(), Map.of("app", app)));
                    ports.computeIfAbsent(host, x -> new HashMap<>()).put(intf, ep + 10);
                    ep++;
                }
            }
        }
        Map<String, Node> hosts = hosts(HOSTS);
        ModelSnapshot.Builder b = CompilerFixtures.snapshot(1, Map.of("t", new Tenant("t", "")), nets, eps, hosts)
                .toBuilder();
        svcs.forEach(svc -> b.put(ModelCollections.SERVICES, svc));
        model = b.build(1, 0);
        views = views(hosts, ports);
        // The change: ep0 (a provider of n0s0) loses its label, and gets it back every other operation.
        Endpoint e0 = eps.get("ep0");
        changed = model.toBuilder().put(ModelCollections.ENDPOINTS, e0.withLabels(Map.of("app", "none")))
                .build(2, 0);
        SwitchState one = DatapathCompiler.compileFromScratch(model, views[0]);
        long serviceFlows = one.flows().stream().filter(f -> f.cookie().category() == Cookie.Category.SERVICE).count();
        System.out.printf("%nservices %d (udp %s): on one switch %d flows (%d of services), %d groups, %d meters%n",
                services, udp, one.size(), serviceFlows, one.groupCount(), one.meterCount());
    }
}
