package io.tenet.controller.bench;

import io.tenet.controller.api.Traffic;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.reconciler.TrafficReader;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The controller's cost of reading the traffic counters (docs/metrics.md) from 100 switches: the policy cluster
 * of PolicyCompileBenchmark (10,000 endpoints in 1,000 groups with 10,000 rules on 100 hosts) compiled, every flow of
 * every switch answering a flow-statistics request with non-zero counts, and {@link TrafficReader#read} attributing
 * them by cookie. The replies are built in memory, so this is the controller's attribution alone: decoding the
 * replies from the wire comes on top (the JDK CPU time of the calling thread is measured). Prints wall and CPU
 * milliseconds per read of all 100 switches, and flow entries per switch.
 */
public final class TrafficReadBenchmark {
    private TrafficReadBenchmark() {
    }

    public static void main(String[] args) {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        PolicyCompileBenchmark cluster = new PolicyCompileBenchmark();
        cluster.generate();
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        List<TrafficReader.Source> sources = new ArrayList<>();
        long entries = 0;
        for (int i = 0; i < cluster.views.length; i++) {
            SwitchState state = DatapathCompiler.compileFromScratch(cluster.model, cluster.views[i]);
            List<OFFlowStatsEntry> stats = new ArrayList<>();
            long[] n = {1};
            state.forEach(spec -> stats.add(f.buildFlowStatsEntry().setCookie(U64.of(spec.cookie().value()))
                    .setTableId(TableId.of(spec.table().id())).setPriority(spec.priority())
                    .setMatch(f.matchWildcardAll()).setPacketCount(U64.of(n[0]++)).setByteCount(U64.of(100 * n[0]))
                    .build()));
            entries += stats.size();
            sources.add(new TrafficReader.Source(new StatsSwitch(f, stats), new CompiledSwitch(cluster.views[i],
                    state)));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10; i++) {
            TrafficReader.read(cluster.model, sources);
        }
        long wall = System.nanoTime();
        long cpu = mx.getCurrentThreadCpuTime();
        Traffic t = null;
        for (int i = 0; i < reads; i++) {
            t = TrafficReader.read(cluster.model, sources);
        }
        double wallMs = (System.nanoTime() - wall) / 1e6 / reads;
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / reads;
        System.out.printf("traffic read of %d switches (%d flow entries each on average): %.1f ms wall, %.1f ms CPU"
                + " per read; %d groups, %d rule-on-group counters%n", sources.size(), entries / sources.size(),
                wallMs, cpuMs, t.groupOut().size(), t.rules().size());
    }

    /** A connected switch whose flow statistics are a fixed list. */
    private record StatsSwitch(OFFactory factory, List<OFFlowStatsEntry> stats) implements OpenFlowSwitch {
        public DatapathId datapathId() {
            return DatapathId.of(1);
        }

        public SocketAddress remoteAddress() {
            return InetSocketAddress.createUnresolved("bench", 6653);
        }

        public boolean isConnected() {
            return true;
        }

        public Map<String, OFPortDesc> ports() {
            return Map.of();
        }

        public CompletableFuture<BatchResult> sendBatch(List<? extends OFMessage> messages) {
            return CompletableFuture.completedFuture(new BatchResult(List.of()));
        }

        public CompletableFuture<List<OFFlowStatsEntry>> dumpFlows(U64 cookie, U64 cookieMask) {
            return CompletableFuture.completedFuture(stats);
        }

        public CompletableFuture<List<OFGroupDescStatsEntry>> dumpGroups() {
            return CompletableFuture.completedFuture(List.of());
        }

        public CompletableFuture<List<OFMeterConfig>> dumpMeters() {
            return CompletableFuture.completedFuture(List.of());
        }

        public long flowModsSent() {
            return 0;
        }

        public long stateModsSent() {
            return 0;
        }

        public void disconnect() {
        }
    }
}
