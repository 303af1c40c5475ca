package io.tenet.controller.reconciler;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchService.InstalledFlow;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.reconciler.FlowEncoder.WireBody;
import io.tenet.controller.reconciler.FlowEncoder.WireKey;
import io.tenet.openflow.api.OpenFlowErrorException;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one switch to the desired state and keeps it there. Requests coalesce: however many changes arrive while
 * a run is in progress, one more run follows, on the latest snapshot. A run compiles, diffs against what the
 * switch holds (dumped from the switch after connect and after any failure, remembered otherwise) and sends only
 * the difference, confirmed by a barrier. Only one run per switch at a time.
 */
final class SwitchReconciler {
    private static final Logger log = LoggerFactory.getLogger(SwitchReconciler.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final OpenFlowSwitch sw;
    private final ModelService model;
    private final Executor executor;
    private final FlowEncoder encoder;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();
    /** What the switch holds, by key; null until dumped, and again after any failure. */
    private Map<WireKey, WireBody> installed;
    private volatile String node = "";
    private volatile String lastError = "";
    /** Finished runs. */
    private volatile long runs;
    private volatile int flowCount;
    private volatile boolean unknownLogged;
    /** The flows of the last successful run, for operators; rendered only when someone asks. */
    private volatile Map<FlowSpec.Key, FlowSpec> lastDesired = Map.of();

    SwitchReconciler(OpenFlowSwitch sw, ModelService model, Executor executor) {
        this.sw = sw;
        this.model = model;
        this.executor = executor;
        this.encoder = new FlowEncoder(sw.factory());
    }

    OpenFlowSwitch sw() {
        return sw;
    }

    /** Asks for a run; returns at once. */
    void request() {
        dirty.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Forgets what the switch holds, so that the next run reads it back (the audit). */
    void requestAudit() {
        synchronized (this) {
            installed = null;
        }
        request();
    }

    private void drain() {
        try {
            while (dirty.getAndSet(false) && sw.isConnected()) {
                runOnce();
            }
        } finally {
            running.set(false);
        }
        if (dirty.get() && sw.isConnected() && running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private synchronized void runOnce() {
        ModelSnapshot snapshot = model.snapshot();
        Node n = snapshot.nodeByDatapathId(sw.datapathId().getLong()).orElse(null);
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
            Map<FlowSpec.Key, FlowSpec> desiredSpecs = DatapathCompiler.compile(snapshot, new NodeView(n, ports));
            Map<WireKey, OFFlowAdd> desired = new LinkedHashMap<>();
            for (FlowSpec spec : desiredSpecs.values()) {
                OFFlowAdd add = encoder.add(spec);
                desired.put(encoder.key(add), add);
            }
            if (installed == null) {
                installed = dump();
            }
            List<OFMessage> diff = new ArrayList<>();
            List<WireKey> removed = new ArrayList<>();
            for (WireKey k : installed.keySet()) {
                if (!desired.containsKey(k)) {
                    diff.add(encoder.delete(k));
                    removed.add(k);
                }
            }
            Map<WireKey, WireBody> added = new HashMap<>();
            for (Map.Entry<WireKey, OFFlowAdd> e : desired.entrySet()) {
                WireBody want = encoder.body(e.getValue());
                if (!want.equals(installed.get(e.getKey()))) {
                    diff.add(e.getValue());
                    added.put(e.getKey(), want);
                }
            }
            if (!diff.isEmpty()) {
                OpenFlowSwitch.BatchResult result = sw.sendBatch(diff).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!result.ok()) {
                    for (OpenFlowErrorException error : result.errors()) {
                        log.warn("Switch {} (node {}) refused a flow: {}. The flow is retried at the next"
                                + " reconciliation; this is a bug in the pipeline if it persists.", sw.datapathId(),
                                node, error.getMessage());
                    }
                    lastError = result.errors().get(0).getMessage();
                    installed = null;
                    return;
                }
                removed.forEach(installed::remove);
                installed.putAll(added);
                log.debug("Switch {} (node {}): {} flow-mods, {} flows", sw.datapathId(), node, diff.size(),
                        installed.size());
            }
            flowCount = installed.size();
            lastError = "";
            lastDesired = desiredSpecs;
        } catch (Exception e) {
            installed = null;
            lastError = e.toString();
            if (sw.isConnected()) {
                log.warn("Reconciling switch {} (node {}) failed: {}; it is retried at the next change or audit",
                        sw.datapathId(), node, e.toString());
            }
        } finally {
            // Counted when a run has finished, so that a status showing a run also shows its outcome.
            runs++;
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
        List<InstalledFlow> listing = new ArrayList<>(lastDesired.size());
        for (FlowSpec spec : lastDesired.values()) {
            listing.add(new InstalledFlow(spec.cookie().owner(), spec.ofctl()));
        }
        return listing;
    }

    SwitchStatus status() {
        return new SwitchStatus(sw.datapathId().toString(), node, String.valueOf(sw.remoteAddress()),
                sw.factory().getVersion().toString(), flowCount, sw.flowModsSent(), runs, lastError);
    }
}
