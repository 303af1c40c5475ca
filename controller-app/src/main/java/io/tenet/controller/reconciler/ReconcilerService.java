package io.tenet.controller.reconciler;

import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Subscription;
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
 * Keeps every connected switch reconciled: a model change (from its subscription) asks every switch for a run, a
 * switch event asks that switch, and a periodic audit re-reads each switch so that changes made behind Tenet's
 * back are undone. Each switch has its own {@link SwitchReconciler}, whose coalescing runner makes the runs; they
 * share this service's threads and one compiler.
 */
public final class ReconcilerService implements SwitchService, SwitchListener, AutoCloseable {
    private final OpenFlowController controller;
    private final ScheduledExecutorService executor;
    private final CoalescingRunner.Scheduler scheduler;
    private final Map<DatapathId, SwitchReconciler> reconcilers = new ConcurrentHashMap<>();
    /** One compiler for all switches: what is the same on every switch is built once per snapshot. */
    private final DatapathCompiler compiler = new DatapathCompiler();
    private final Subscription subscription;
    private volatile ModelSnapshot latest;

    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval) {
        this.controller = controller;
        this.executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "tenet-reconciler");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = CoalescingRunner.Scheduler.of(executor);
        controller.addListener(this);
        controller.switches().forEach(this::switchConnected);
        this.subscription = model.subscribe("reconciler", this::modelChanged);
        long audit = auditInterval.toMillis();
        executor.scheduleWithFixedDelay(() -> reconcilers.values().forEach(SwitchReconciler::requestAudit), audit,
                audit, TimeUnit.MILLISECONDS);
    }

    private void modelChanged(ModelChange change) {
        latest = change.next();
        reconcilers.values().forEach(r -> r.submit(change.next()));
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        SwitchReconciler r = new SwitchReconciler(sw, compiler, executor, scheduler);
        SwitchReconciler previous = reconcilers.put(sw.datapathId(), r);
        if (previous != null) {
            previous.close();
        }
        ModelSnapshot s = latest;
        if (s != null) {
            r.submit(s);
        }
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        if (r != null && r.sw() == sw && reconcilers.remove(sw.datapathId(), r)) {
            r.close();
        }
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        ModelSnapshot s = latest;
        if (r != null && s != null) {
            r.submit(s);
        }
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
        subscription.close();
        controller.removeListener(this);
        reconcilers.values().forEach(SwitchReconciler::close);
        executor.shutdownNow();
    }
}
