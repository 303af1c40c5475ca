package io.tenet.controller.reconciler;

import io.tenet.controller.api.ModelListener;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.openflow.api.OpenFlowController;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.SwitchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * Keeps every connected switch reconciled: a model change asks every switch for a run, a switch event asks that
 * switch, and a periodic audit re-reads each switch's flows so that changes made behind Tenet's back are undone.
 * Listeners only enqueue; all work happens on this service's threads.
 */
public final class ReconcilerService implements SwitchService, SwitchListener, ModelListener, AutoCloseable {
    private final ModelService model;
    private final OpenFlowController controller;
    private final ScheduledExecutorService executor;
    private final Map<DatapathId, SwitchReconciler> reconcilers = new ConcurrentHashMap<>();
    /** One compiler for all switches: what is the same on every switch is built once per snapshot. */
    private final DatapathCompiler compiler = new DatapathCompiler();

    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval) {
        this.model = model;
        this.controller = controller;
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "tenet-reconciler");
            t.setDaemon(true);
            return t;
        });
        model.addListener(this);
        controller.addListener(this);
        controller.switches().forEach(this::switchConnected);
        long audit = auditInterval.toMillis();
        executor.scheduleWithFixedDelay(() -> reconcilers.values().forEach(SwitchReconciler::requestAudit), audit,
                audit, TimeUnit.MILLISECONDS);
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        SwitchReconciler r = new SwitchReconciler(sw, model, compiler, executor);
        reconcilers.put(sw.datapathId(), r);
        r.request();
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        reconcilers.computeIfPresent(sw.datapathId(), (k, r) -> r.sw() == sw ? null : r);
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        if (r != null) {
            r.request();
        }
    }

    @Override
    public void modelChanged(ModelSnapshot snapshot) {
        reconcilers.values().forEach(SwitchReconciler::request);
    }

    @Override
    public List<SwitchStatus> switches() {
        List<SwitchStatus> out = new ArrayList<>();
        reconcilers.values().forEach(r -> out.add(r.status()));
        out.sort(Comparator.comparing(SwitchStatus::datapathId));
        return out;
    }

    @Override
    public List<InstalledFlow> flows(String node) {
        for (SwitchReconciler r : reconcilers.values()) {
            if (r.status().node().equals(node)) {
                return r.flows();
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        model.removeListener(this);
        controller.removeListener(this);
        executor.shutdownNow();
    }
}
