package io.tenet.controller.bench;

import io.tenet.controller.api.Traffic;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.SwitchState;
import io.netty.buffer.Unpooled;
import io.tenet.controller.reconciler.StatsReplyFrames;
import io.tenet.controller.reconciler.TrafficReader;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The controller's cost of reading the traffic counters (docs/metrics.md) from 100 switches: the policy cluster
 * of PolicyCompileBenchmark (10,000 endpoints in 1,000 groups with 10,000 rules on 100 hosts) compiled, and every
 * switch answering the flow-statistics request with the frames Open vSwitch would send ({@link StatsReplyFrames}:
 * every flow with its real match and instructions, non-zero counters, multipart replies of at most 64 KiB).
 * {@link TrafficReader#read} reads them as the channel does, counters only ({@link FlowCounter#readReply}), and
 * attributes them by cookie; the JDK CPU time of the calling thread is measured. In the same run, the way the
 * read went before: the same frames decoded whole by Loxi (timed on a sample of switches, which are alike in
 * size, and scaled to 100), and the heap one switch's decoded reply holds each way while a read waits for the
 * others.
 */
public final class TrafficReadBenchmark {
    private static final int SAMPLE = 10;

    private TrafficReadBenchmark() {
    }

    public static void main(String[] args) {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        PolicyCompileBenchmark cluster = new PolicyCompileBenchmark();
        cluster.generate();
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        List<TrafficReader.Source> sources = new ArrayList<>();
        long entries = 0;
        long frames = 0;
        long replyBytes = 0;
        for (int i = 0; i < cluster.views.length; i++) {
            SwitchState state = DatapathCompiler.compileFromScratch(cluster.model, cluster.views[i]);
            List<byte[]> reply = StatsReplyFrames.of(f, state);
            entries += state.size();
            frames += reply.size();
            replyBytes += reply.stream().mapToLong(b -> b.length).sum();
            sources.add(new TrafficReader.Source(new StatsSwitch(f, reply), new CompiledSwitch(cluster.views[i],
                    state)));
        }
        int n = sources.size();
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
        System.out.printf("%d switches, %d flow entries each on average, in %d frames of %.1f MiB; %d groups and %d"
                + " rule-on-group counters attributed%n", n, entries / n, frames / n, replyBytes / 1048576.0 / n,
                t.groupOut().size(), t.rules().size());
        System.out.printf("read of %d switches, counters from the frames and attributed: %.1f ms wall, %.1f ms CPU"
                + " per read%n", n, wallMs, cpuMs);
        List<List<byte[]>> sample = sources.subList(0, Math.min(SAMPLE, n)).stream()
                .map(s -> ((StatsSwitch) s.sw()).frames()).toList();
        double[] counters = perSwitch(sample, reads, mx, TrafficReadBenchmark::counters);
        double[] loxi = perSwitch(sample, reads, mx, TrafficReadBenchmark::loxi);
        System.out.printf("per switch, counters read: %.2f ms wall, %.2f ms CPU; decoded whole by Loxi: %.1f ms wall,"
                + " %.1f ms CPU (x%.0f), so %.0f ms CPU more per read of %d switches%n", counters[0], counters[1],
                loxi[0], loxi[1], loxi[1] / counters[1], (loxi[1] - counters[1]) * n, n);
        System.out.printf("heap held by one switch's reply: counters %.1f MiB, Loxi entries %.1f MiB%n",
                held(sample.get(0), TrafficReadBenchmark::counters), held(sample.get(0), TrafficReadBenchmark::loxi));
    }

    /** Wall and CPU milliseconds per switch of reading each sampled switch's frames one way. */
    private static double[] perSwitch(List<List<byte[]>> sample, int reads, ThreadMXBean mx,
            Function<List<byte[]>, List<?>> read) {
        for (int i = 0; i < 3; i++) {
            sample.forEach(read::apply);
        }
        int times = Math.max(1, reads / 5);
        long cpu = mx.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < times; i++) {
            sample.forEach(read::apply);
        }
        return new double[] {(System.nanoTime() - wall) / 1e6 / times / sample.size(),
            (mx.getCurrentThreadCpuTime() - cpu) / 1e6 / times / sample.size()};
    }

    /** MiB of heap that one switch's reply, read one way, holds (after a full collection each side). */
    private static double held(List<byte[]> frames, Function<List<byte[]>, List<?>> read) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        List<?> kept = read.apply(frames);
        System.gc();
        long used = mem.getHeapMemoryUsage().getUsed() - before;
        return kept.isEmpty() ? 0 : used / 1048576.0;
    }

    private static List<FlowCounter> counters(List<byte[]> frames) {
        List<FlowCounter> out = new ArrayList<>();
        for (byte[] b : frames) {
            out.addAll(FlowCounter.readReply(Unpooled.wrappedBuffer(b)).counters());
        }
        return out;
    }

    private static List<OFFlowStatsEntry> loxi(List<byte[]> frames) {
        List<OFFlowStatsEntry> out = new ArrayList<>();
        try {
            for (byte[] b : frames) {
                out.addAll(((OFFlowStatsReply) OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(b)))
                        .getEntries());
            }
        } catch (OFParseError e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** A connected switch whose flow-statistics reply is a fixed list of frames. */
    private record StatsSwitch(OFFactory factory, List<byte[]> frames) implements OpenFlowSwitch {
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
            return CompletableFuture.completedFuture(loxi(frames));
        }

        @Override
        public CompletableFuture<List<FlowCounter>> dumpFlowCounters(U64 cookie, U64 cookieMask) {
            return CompletableFuture.completedFuture(counters(frames));
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
