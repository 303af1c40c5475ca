package io.tenet.system;

import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.reconciler.ReconcilerService;
import io.tenet.controller.store.embedded.MvStore;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The controller's core without its REST side, against a real ovs-vswitchd: an in-memory model, an OpenFlow
 * server and a reconciler with the given compiler (audits only when asked), and one bridge {@code br0} (userspace
 * datapath, the given datapath id, internal ports of the given names) in a namespace of its own, connected.
 */
final class OvsReconcilerFixture implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    final Testbed tb;
    final OvsInstance ovs;
    final OpenFlowServer server;
    final MvStore store;
    final ModelManager model;
    final ReconcilerService reconciler;

    private OvsReconcilerFixture(Testbed tb, OvsInstance ovs, OpenFlowServer server, MvStore store,
            ModelManager model, ReconcilerService reconciler) {
        this.tb = tb;
        this.ovs = ovs;
        this.server = server;
        this.store = store;
        this.model = model;
        this.reconciler = reconciler;
    }

    /** Starts it all, {@code name} naming the namespace and {@code index} its management address. */
    static OvsReconcilerFixture start(String name, int index, long dpid, DatapathCompiler compiler,
            String... ports) throws Exception {
        Testbed tb = TestbedSupport.start(0, Testbed.Backend.NONE);
        OpenFlowServer server = null;
        MvStore store = null;
        ModelManager model = null;
        ReconcilerService reconciler = null;
        OvsInstance ovs = null;
        try {
            String ns = tb.prefix() + "-" + name;
            tb.addNs(ns);
            tb.attachManagement(ns, index);
            server = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(
                    InetAddress.getByName(tb.managementAddress()), 0)));
            store = MvStore.inMemory();
            model = new ModelManager(store);
            reconciler = new ReconcilerService(model, server, Duration.ofHours(1), compiler);
            ovs = OvsInstance.start(ns, tb.dir().resolve(name));
            ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev", "fail_mode=secure",
                    "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=" + String.format("%016x", dpid));
            for (String p : ports) {
                ovs.vsctl("add-port", "br0", p, "--", "set", "interface", p, "type=internal");
            }
            ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":"
                    + server.localAddress().getPort());
            OpenFlowServer s = server;
            Poll.require(WAIT, "br0 to connect", () -> !s.switches().isEmpty());
            return new OvsReconcilerFixture(tb, ovs, server, store, model, reconciler);
        } catch (Exception | Error e) {
            new OvsReconcilerFixture(tb, ovs, server, store, model, reconciler).close();
            throw e;
        }
    }

    OpenFlowSwitch sw() {
        return server.switches().iterator().next();
    }

    /**
     * Has the reconciler audit the switch and waits for the audit; returns how many state mods it sent (none when
     * the switch holds exactly what was sent).
     */
    long audit() {
        long mods = sw().stateModsSent();
        long runs = reconciler.switches().get(0).reconciliations();
        reconciler.requestAudit();
        Poll.require(WAIT, "the audit to run", () -> reconciler.switches().get(0).reconciliations() > runs);
        return sw().stateModsSent() - mods;
    }

    String lastError() {
        return reconciler.switches().get(0).lastError();
    }

    @Override
    public void close() {
        if (reconciler != null) {
            reconciler.close();
        }
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
        if (store != null) {
            store.close();
        }
        if (ovs != null) {
            ovs.stop();
        }
        tb.close();
    }
}
