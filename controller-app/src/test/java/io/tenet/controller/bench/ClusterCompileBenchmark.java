package io.tenet.controller.bench;

import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What every compilation benchmark measures on its generated cluster: one switch, every switch on as many
 * threads as there are cores (as the reconciler's pool does after a restart), and every switch on one thread.
 * Subclasses generate {@link #model} and the switches' {@link #views}.
 */
public abstract class ClusterCompileBenchmark {
    ModelSnapshot model;
    NodeView[] views;

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

    @Benchmark
    public int oneSwitch() {
        return DatapathCompiler.compile(model, views[0]).size();
    }

    @Benchmark
    public long wholeCluster() {
        return java.util.Arrays.stream(views).parallel().mapToLong(v -> DatapathCompiler.compile(model, v).size())
                .sum();
    }

    @Benchmark
    public long wholeClusterOneThread() {
        long flows = 0;
        for (NodeView v : views) {
            flows += DatapathCompiler.compile(model, v).size();
        }
        return flows;
    }
}
