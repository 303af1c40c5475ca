package io.tenet.testbed;

import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Flow programming rate on one real ovs-vswitchd (userspace datapath, a bridge of its own in a namespace), the
 * same {@code flows} flow-adds three ways in turn, {@code rounds} times, the bridge emptied before each: Tenet's
 * channel as one batch confirmed by one barrier, the same as one OpenFlow 1.4 bundle (open, add, barrier, commit,
 * barrier: what the reconciler sends), and {@code ovs-ofctl -O OpenFlow14 --bundle add-flows} with the flows as
 * text. Each time runs to the switch confirming and holding every flow.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.FlowProgrammingBenchmark
 * build/tenet 100000 3}
 */
public final class FlowProgrammingBenchmark {
    private FlowProgrammingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        int count = BenchReport.intArg(args, 1, 100_000);
        int rounds = BenchReport.intArg(args, 2, 3);
        double[][] ms = new double[3][rounds];
        double[][] switchCpu = new double[3][rounds];
        try (Testbed tb = Testbed.start(home, 0, Testbed.Backend.NONE)) {
            String ns = tb.prefix() + "-fp";
            tb.addNs(ns);
            tb.attachManagement(ns, 90);
            OpenFlowServer server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(
                    InetAddress.getByName(tb.managementAddress()), 0)));
            OvsInstance ovs = OvsInstance.start(ns, tb.dir().resolve("fp"));
            try {
                ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev", "fail_mode=secure",
                        "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=00000000000000f1");
                ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":"
                        + server.localAddress().getPort());
                Poll.require(Duration.ofSeconds(20), "br0 to connect", () -> !server.switches().isEmpty());
                OpenFlowSwitch sw = server.switches().iterator().next();
                List<OFMessage> flows = flows(sw.factory(), count);
                Path text = tb.dir().resolve("flows.txt");
                Files.write(text, texts(count));
                long vswitchd = Long.parseLong(Files.readString(tb.dir().resolve("fp/ovs-vswitchd.pid")).strip());
                Step[] ways = {() -> check(sw.sendBatch(flows).get(5, TimeUnit.MINUTES)),
                    () -> check(sw.sendBundle(flows).get(5, TimeUnit.MINUTES)),
                    () -> ovs.ofctl("--bundle", "add-flows", "br0", text.toString())};
                for (int r = 0; r < rounds; r++) {
                    for (int w = 0; w < ways.length; w++) {
                        ovs.ofctl("del-flows", "br0");
                        long cpu = cpuMillis(vswitchd);
                        ms[w][r] = timed(ovs, count, ways[w]);
                        switchCpu[w][r] = cpuMillis(vswitchd) - cpu;
                    }
                    System.err.printf("round %d: batch %.0f ms, bundle %.0f ms, ovs-ofctl --bundle %.0f ms%n", r + 1,
                            ms[0][r], ms[1][r], ms[2][r]);
                }
            } finally {
                ovs.stop();
                server.close();
            }
        }
        BenchReport.header("programming " + count + " flows", rounds + " rounds, median (max)", "ms",
                "flow-mods/s", "against ovs-ofctl --bundle", "ovs-vswitchd CPU ms");
        String[] names = {"Tenet's channel, one batch and a barrier", "Tenet's channel, one OpenFlow 1.4 bundle",
            "ovs-ofctl -O OpenFlow14 --bundle add-flows"};
        double ofctl = BenchReport.percentile(ms[2], 50);
        for (int i = 0; i < 3; i++) {
            double median = BenchReport.percentile(ms[i], 50);
            System.out.printf("| %s | %.0f (%.0f) | %.0f | %.2fx | %.0f |%n", names[i], median,
                    BenchReport.percentile(ms[i], 100), count / (median / 1000), ofctl / median,
                    BenchReport.percentile(switchCpu[i], 50));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** User and system CPU of a process so far, in ms (from /proc, at the kernel's 100 ticks a second). */
    private static long cpuMillis(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Runs {@code step} on the emptied bridge and checks that the bridge holds every flow; returns its ms. */
    private static double timed(OvsInstance ovs, int count, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        double ms = (System.nanoTime() - t0) / 1e6;
        String agg = ovs.ofctl("dump-aggregate", "br0");
        if (!agg.contains("flow_count=" + count)) {
            throw new IllegalStateException("the bridge holds " + agg + ", not " + count + " flows");
        }
        return ms;
    }

    private static void check(OpenFlowSwitch.BatchResult r) {
        if (!r.ok()) {
            throw new IllegalStateException("refused: " + r.errors().get(0).getMessage());
        }
    }

    /** Flow {@code i}: table 1, IPv4 to 10.x.y.z (from i), output to port 2. */
    private static List<OFMessage> flows(OFFactory f, int count) {
        List<OFMessage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(f.buildFlowAdd().setTableId(TableId.of(1)).setPriority(100).setCookie(U64.of(0x7e01000000000000L
                    + i)).setMatch(f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                    .setExact(MatchField.IPV4_DST, IPv4Address.of(address(i))).build())
                    .setInstructions(List.of(f.instructions().applyActions(List.of(f.actions().output(OFPort.of(2),
                            0))))).build());
        }
        return out;
    }

    private static List<String> texts(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add("table=1,priority=100,cookie=0x" + Long.toHexString(0x7e01000000000000L + i) + ",ip,nw_dst="
                    + address(i) + ",actions=output:2");
        }
        return out;
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
    }
}
