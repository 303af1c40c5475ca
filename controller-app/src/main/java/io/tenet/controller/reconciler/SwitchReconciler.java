package io.tenet.controller.reconciler;

import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchService.InstalledFlow;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.compiler.SwitchFlows;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.reconciler.FlowEncoder.WireBody;
import io.tenet.controller.reconciler.FlowEncoder.WireKey;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one switch to the desired state and keeps it there. Its runs are made by a {@link CoalescingRunner}:
 * however many snapshots arrive while a run is in progress, one more run follows, on the latest; a run that
 * fails is retried with back-off. A run compiles (incrementally, from the switch's previous compilation) and
 * sends only the difference, confirmed by a barrier. The difference is taken against the switch's flows read
 * back from it after connect, after any failure and at each audit; otherwise against the flows of the last
 * successful run, part by part, so that a change costs what it touches.
 */
final class SwitchReconciler implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(SwitchReconciler.class);

    private final OpenFlowSwitch sw;
    private final FlowEncoder encoder;
    private final DatapathCompiler compiler;
    private final CoalescingRunner<ModelSnapshot> runner;
    /** What the switch holds: the flows of the last successful run; null until read back, and after any failure. */
    private SwitchFlows installed;
    /** The last compilation, whose unchanged parts the next one reuses. */
    private SwitchFlows compiled;
    private volatile String node = "";
    private volatile int flowCount;
    private volatile boolean unknownLogged;
    /** The flows of the last successful run, for operators; rendered only when someone asks. */
    private volatile SwitchFlows lastDesired;

    SwitchReconciler(OpenFlowSwitch sw, DatapathCompiler compiler, Executor executor,
            CoalescingRunner.Scheduler scheduler) {
        this.sw = sw;
        this.compiler = compiler;
        this.encoder = new FlowEncoder(sw.factory());
        this.runner = new CoalescingRunner<>("reconciler of switch " + sw.datapathId(), executor, scheduler,
                CoalescingRunner.latest(), CoalescingRunner.Backoff.DEFAULT, this::run);
    }

    OpenFlowSwitch sw() {
        return sw;
    }

    /** Asks for a run on {@code snapshot}; returns at once. */
    void submit(ModelSnapshot snapshot) {
        runner.submit(snapshot);
    }

    /** Asks for a run that reads the switch back rather than trusting memory (the audit); returns at once. */
    void requestAudit() {
        runner.requestAudit();
    }

    @Override
    public void close() {
        runner.close();
    }

    private synchronized void run(ModelSnapshot snapshot, boolean audit) throws Exception {
        if (!sw.isConnected()) {
            return;
        }
        Node n = ModelIndexes.nodeByDatapathId(snapshot, sw.datapathId().getLong()).orElse(null);
        if (n == null) {
            if (!unknownLogged) {
                log.info("Switch {} is not registered by any node; leaving its flows alone until `tenet-node init`"
                        + " registers datapath id {}", sw, sw.datapathId());
                unknownLogged = true;
            }
            return;
        }
        node = n.name();
        try {
            Map<String, Integer> ports = new HashMap<>();
            for (OFPortDesc p : sw.ports().values()) {
                ports.put(p.getName(), p.getPortNo().getPortNumber());
            }
            SwitchFlows desired = compiler.compile(snapshot, new NodeView(n, ports), compiled);
            compiled = desired;
            List<OFMessage> diff = new ArrayList<>();
            if (audit) {
                installed = null;
            }
            if (installed == null) {
                diffAgainstSwitch(desired, diff);
            } else {
                SwitchFlows.Diff changes = desired.changesFrom(installed);
                changes.removed().forEach(f -> diff.add(encoder.delete(f)));
                changes.added().forEach(f -> diff.add(encoder.add(f)));
            }
            if (!diff.isEmpty()) {
                OpenFlowSwitch.BatchResult result = sw.sendBatch(diff).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!result.ok()) {
                    installed = null;
                    throw new RefusedException("switch " + sw.datapathId() + " (node " + node + ") refused "
                            + result.errors().size() + " of " + diff.size() + " messages, first: "
                            + result.errors().get(0).getMessage() + ". The switch is read back and the change retried;"
                            + " if this persists it is a bug in the pipeline");
                }
                log.debug("Switch {} (node {}): {} flow-mods, {} flows", sw.datapathId(), node, diff.size(),
                        desired.size());
            }
            installed = desired;
            flowCount = desired.size();
            lastDesired = desired;
        } catch (Exception e) {
            installed = null;
            if (!sw.isConnected()) {
                // The switch went away; its reconnection brings a fresh reconciler.
                return;
            }
            throw e;
        }
    }

    /** A batch the switch refused in part; its message says what and where. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    /** Adds to {@code diff} what turns the flows read back from the switch into {@code desired}. */
    private void diffAgainstSwitch(SwitchFlows desired, List<OFMessage> diff) throws Exception {
        Map<WireKey, WireBody> held = dump();
        Map<WireKey, OFFlowAdd> want = new LinkedHashMap<>(2 * desired.size());
        desired.forEach(spec -> {
            OFFlowAdd add = encoder.add(spec);
            OFFlowAdd other = want.put(encoder.key(add), add);
            if (other != null && !encoder.body(other).equals(encoder.body(add))) {
                // The diff of later runs relies on one flow per key; the model is meant to make this impossible.
                throw new IllegalStateException("two flows with one key on node " + node + ": " + spec);
            }
        });
        for (WireKey k : held.keySet()) {
            if (!want.containsKey(k)) {
                diff.add(encoder.delete(k));
            }
        }
        for (Map.Entry<WireKey, OFFlowAdd> e : want.entrySet()) {
            if (!encoder.body(e.getValue()).equals(held.get(e.getKey()))) {
                diff.add(e.getValue());
            }
        }
    }

    private Map<WireKey, WireBody> dump() throws Exception {
        List<OFFlowStatsEntry> entries = sw.dumpFlows(U64.of(Cookie.OWNER), U64.of(Cookie.OWNER_MASK))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<WireKey, WireBody> out = new HashMap<>();
        for (OFFlowStatsEntry e : entries) {
            out.put(WireKey.of(e.getTableId().getValue(), e.getPriority(), e.getMatch()), WireBody.of(e));
        }
        return out;
    }

    List<InstalledFlow> flows() {
        SwitchFlows shown = lastDesired;
        if (shown == null) {
            return List.of();
        }
        List<InstalledFlow> listing = new ArrayList<>(shown.size());
        shown.forEach(spec -> listing.add(new InstalledFlow(spec.cookie().owner(), spec.ofctl())));
        return listing;
    }

    SwitchStatus status() {
        CoalescingRunner.Status st = runner.status();
        return new SwitchStatus(sw.datapathId().toString(), node, String.valueOf(sw.remoteAddress()),
                sw.factory().getVersion().toString(), flowCount, 0, 0, sw.flowModsSent(), st.runs(), st.lastError());
    }
}
