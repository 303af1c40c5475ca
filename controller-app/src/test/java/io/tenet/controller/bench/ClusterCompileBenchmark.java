package io.tenet.controller.bench;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.compiler.StateDiff;
import io.tenet.controller.compiler.SwitchState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What every compilation benchmark measures on its generated cluster: one switch from scratch; every switch from
 * scratch with one compiler (as after a controller restart), on as many threads as there are cores (as the
 * reconciler's pool does) and on one thread; and one change (the subclass's {@link #changed} snapshot, and back,
 * every other operation) recompiled on every switch and diffed against its previous flows, as the reconcilers do.
 * Subclasses generate {@link #model}, the switches' {@link #views} and, for {@link #oneChange}, {@link #changed}.
 */
public abstract class ClusterCompileBenchmark {
    ModelSnapshot model;
    /** {@link #model} with one change; null when the benchmark has none. */
    ModelSnapshot changed;
    NodeView[] views;
    private DatapathCompiler warm;
    private SwitchState[] current;
    private boolean flip;
    private long version = 100;

    /** Network {@code n} of a generated cluster: VXLAN, VNI n + 1, subnet 10.(n / 250).(n % 250).0/24. */
    static Network network(int n) {
        NetworkKey k = new NetworkKey("t", "n" + n);
        return new Network(new NetworkSpec(k, Encap.VXLAN, new Ipv4Prefix(Ipv4.parse("10." + (n / 250) + "."
                + (n % 250) + ".0"), 24), null, 0, "data"), n + 1);
    }

    /** Hosts h0 .. h(count-1) of a generated cluster, by name, with tunnel addresses in 192.168.0.0/16. */
    static Map<String, Node> hosts(int count) {
        Map<String, Node> hosts = new HashMap<>();
        for (int h = 0; h < count; h++) {
            hosts.put("h" + h, new Node("h" + h, Ipv4.parse("192.168." + (h / 250) + "." + (h % 250 + 1)), h + 1));
        }
        return hosts;
    }

    /** One view per host: its endpoints' ports (by host name) and the tunnel on port 1. */
    static NodeView[] views(Map<String, Node> hosts, Map<String, Map<String, Integer>> ports) {
        NodeView[] out = new NodeView[hosts.size()];
        for (int h = 0; h < out.length; h++) {
            Map<String, Integer> p = new HashMap<>(ports.getOrDefault("h" + h, Map.of()));
            p.put(NodeView.TUNNEL_PORT, 1);
            out[h] = new NodeView(hosts.get("h" + h), p);
        }
        return out;
    }

    /** {@code s} with endpoint {@code id} in {@code group}. */
    static ModelSnapshot withGroup(ModelSnapshot s, String id, String group) {
        Map<String, Endpoint> eps = new HashMap<>(s.get(ENDPOINTS));
        Endpoint e = eps.get(id);
        eps.put(id, new Endpoint(e.id(), e.network(), group, e.ip(), e.mac(), e.node(), e.intfName(), e.containerId(),
                e.attributes()));
        return s.toBuilder().put(ENDPOINTS, eps.get(id)).build(s.version() + 1, 0);
    }

    /** Compiles every switch once with one compiler, keeping the results. */
    static SwitchState[] compileAll(DatapathCompiler c, ModelSnapshot m, NodeView[] views, SwitchState[] previous) {
        return IntStream.range(0, views.length).parallel()
                .mapToObj(i -> c.compile(m, views[i], previous == null ? null : previous[i]))
                .toArray(SwitchState[]::new);
    }

    @Benchmark
    public int oneSwitch() {
        return DatapathCompiler.compileFromScratch(model, views[0]).size();
    }

    @Benchmark
    public long wholeCluster() {
        return Arrays.stream(compileAll(new DatapathCompiler(), model, views, null)).mapToLong(SwitchState::size)
                .sum();
    }

    @Benchmark
    public long wholeClusterOneThread() {
        DatapathCompiler c = new DatapathCompiler();
        long flows = 0;
        for (NodeView v : views) {
            flows += c.compile(model, v, null).size();
        }
        return flows;
    }

    /** Flow-mods the whole cluster needs for one change, after compiling and diffing every switch. */
    @Benchmark
    public long oneChange() {
        if (changed == null) {
            return 0;
        }
        if (warm == null) {
            warm = new DatapathCompiler();
            current = compileAll(warm, model, views, null);
        }
        flip = !flip;
        // Every operation is a new snapshot, as the model publishes them (the maps are shared, not copied).
        ModelSnapshot s = flip ? changed : model;
        ModelSnapshot snapshot = s.toBuilder().build(++version, 0);
        SwitchState[] next = compileAll(warm, snapshot, views, current);
        long mods = IntStream.range(0, views.length).parallel().mapToLong(i -> {
            StateDiff d = next[i].changesFrom(current[i]);
            return d.removedFlows().size() + d.addedFlows().size();
        }).sum();
        current = next;
        return mods;
    }
}
