package io.tenet.system;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.RealizationListener;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.store.embedded.MvStore;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.testbed.BenchReport;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A full resync and a no-op audit of one real switch holding about 100,000 of Tenet's flows: the controller's core
 * in this process (in-memory model, OpenFlow server, reconciler), one bridge (userspace datapath) in a namespace of
 * its own. The model: one VXLAN network with one endpoint on the bridge's host and {@code remote} endpoints on
 * another host, each of which gives the bridge its ARP answer and its delivery through the tunnel. Measured, each
 * {@code rounds} times: an audit of the switch in order (read back, compared, nothing sent), and the resync after
 * ovs-vswitchd is killed and started again (the userspace datapath comes back empty), from the switch's
 * reconnection to the barrier confirming the whole pipeline; the reconciler's own timing, then the bridge's flow
 * count checked.
 *
 * <p>Run: {@code java -cp "system-tests/target/test-classes:system-tests/target/classes:<test class path>"
 * io.tenet.system.ResyncBenchmark 50000 5}
 */
public final class ResyncBenchmark {
    private static final NetworkKey NET = new NetworkKey("t", "big");
    private static final long DPID = 0xb1;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private ResyncBenchmark() {
    }

    /** What the reconciler reports: its full state runs (after each connection) and its audits. */
    private static final class Reports implements RealizationListener {
        final BlockingQueue<double[]> realized = new LinkedBlockingQueue<>();
        final BlockingQueue<double[]> audited = new LinkedBlockingQueue<>();

        @Override
        public void realized(String node, double seconds, int messages) {
            realized.add(new double[] {seconds, messages});
        }

        @Override
        public void refused(String node, int errors) {
            throw new IllegalStateException("the switch refused " + errors + " messages");
        }

        @Override
        public void audited(String node, double seconds, int repairs) {
            audited.add(new double[] {seconds, repairs});
        }

        static double[] next(BlockingQueue<double[]> q, String what) throws InterruptedException {
            double[] r = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (r == null) {
                throw new IllegalStateException("no " + what + " within " + WAIT);
            }
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        int remote = BenchReport.intArg(args, 0, 50_000);
        int rounds = BenchReport.intArg(args, 1, 5);
        double[] audit = new double[rounds];
        double[] resync = new double[rounds];
        double resyncMessages = 0;
        int flows;
        Reports reports = new Reports();
        try (Testbed tb = TestbedSupport.start(0, Testbed.Backend.NONE);
             MvStore store = MvStore.inMemory();
             ModelManager model = new ModelManager(store)) {
            populate(model, remote);
            String ns = tb.prefix() + "-rs";
            tb.addNs(ns);
            tb.attachManagement(ns, 91);
            try (OpenFlowServer server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(
                    InetAddress.getByName(tb.managementAddress()), 0)));
                 ReconcilerService reconciler = new ReconcilerService(model, server, Duration.ofHours(1), reports)) {
                OvsInstance ovs = OvsInstance.start(ns, tb.dir().resolve("rs"));
                try {
                    ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev",
                            "fail_mode=secure", "protocols=OpenFlow13,OpenFlow14",
                            "other-config:datapath-id=" + String.format("%016x", DPID));
                    for (String p : new String[] {NodeView.TUNNEL_PORT, "tnl0"}) {
                        ovs.vsctl("add-port", "br0", p, "--", "set", "interface", p, "type=internal");
                    }
                    ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":"
                            + server.localAddress().getPort());
                    double[] first = Reports.next(reports.realized, "first state");
                    flows = awaitFlows(ovs, reconciler);
                    System.err.printf("first state: %d flows, %.0f ms, %d messages%n", flows, first[0] * 1000,
                            (long) first[1]);
                    for (int r = 0; r < rounds; r++) {
                        reports.audited.clear();
                        reconciler.requestAudit();
                        double[] a = Reports.next(reports.audited, "audit");
                        if (a[1] != 0) {
                            throw new IllegalStateException("the audit of a switch in order sent " + a[1]);
                        }
                        audit[r] = a[0] * 1000;
                        reports.realized.clear();
                        ovs.crashAndRestartVswitchd();
                        double[] back = Reports.next(reports.realized, "resync");
                        resync[r] = back[0] * 1000;
                        resyncMessages = back[1];
                        if (awaitFlows(ovs, reconciler) != flows) {
                            throw new IllegalStateException("the resync did not restore " + flows + " flows");
                        }
                        System.err.printf("round %d: audit %.0f ms, resync %.0f ms (%d messages)%n", r + 1,
                                audit[r], resync[r], (long) back[1]);
                    }
                } finally {
                    ovs.stop();
                }
            }
        }
        BenchReport.header("one switch with " + flows + " flows", rounds + " rounds, median (max)", "ms",
                "messages sent", "against the audit");
        double a = BenchReport.percentile(audit, 50);
        double s = BenchReport.percentile(resync, 50);
        System.out.printf("| no-op audit (read back, compare) | %.0f (%.0f) | 0 | 1.00x |%n", a,
                BenchReport.percentile(audit, 100));
        System.out.printf("| full resync after ovs-vswitchd restart | %.0f (%.0f) | %.0f | %.2fx |%n", s,
                BenchReport.percentile(resync, 100), resyncMessages, s / a);
    }

    private static void populate(ModelManager m, int remote) {
        m.put(TENANTS, new Tenant("t", ""));
        m.put(NETWORKS, new NetworkSpec(NET, Encap.VXLAN, Ipv4Prefix.parse("10.80.0.0/16"), null, 0, "data"));
        m.put(NODES, new Node("local", Ipv4.parse("192.168.91.1"), DPID));
        m.put(NODES, new Node("remote", Ipv4.parse("192.168.91.2"), DPID + 1));
        m.put(ENDPOINTS, new EndpointRequest("l0", NET, "", "local", "tnl0", "l0", Map.of(), null));
        for (int i = 0; i < remote; i++) {
            m.put(ENDPOINTS, new EndpointRequest("r" + i, NET, "", "remote", "tnr" + i, "r" + i, Map.of(), null));
        }
    }

    /** Waits for the bridge to hold what the reconciler installed; returns the flow count. */
    private static int awaitFlows(OvsInstance ovs, ReconcilerService reconciler) {
        int[] want = new int[1];
        Poll.require(WAIT, "the bridge to hold every flow", () -> {
            if (reconciler.switches().isEmpty()) {
                return false;
            }
            want[0] = reconciler.switches().get(0).flows();
            return want[0] > 0 && ovs.ofctl("dump-aggregate", "br0").contains("flow_count=" + want[0]);
        });
        return want[0];
    }
}
