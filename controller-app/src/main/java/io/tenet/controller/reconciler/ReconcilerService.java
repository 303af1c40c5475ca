package io.tenet.controller.reconciler;

import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.RealizationListener;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.Traffic;
import io.tenet.controller.compiler.CompiledModel;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.store.Mastership;
import io.tenet.openflow.api.ControllerRole;
import io.tenet.openflow.api.OpenFlowController;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.PacketIn;
import io.tenet.openflow.api.SwitchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connected switch reconciled: a model change (from its subscription) is prepared once by the
 * compiler for all switches and handed to every switch's {@link SwitchReconciler}; a switch event asks that
 * switch for a run; a periodic audit re-reads each switch so that changes made behind Tenet's back are undone.
 * The switches' coalescing runners share this service's threads and one compiler.
 */
public final class ReconcilerService implements SwitchService, SwitchListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconcilerService.class);
    private final OpenFlowController controller;
    private final ScheduledExecutorService executor;
    private final CoalescingRunner.Scheduler scheduler;
    private final Map<DatapathId, SwitchReconciler> reconcilers = new ConcurrentHashMap<>();
    /** One compiler for all switches: what is the same on every switch is built once per snapshot. */
    private final DatapathCompiler compiler;
    private final Subscription subscription;
    private volatile CompiledModel latest;
    private final ServiceRejecter rejecter = new ServiceRejecter();

    private final RealizationListener realization;
    private final ModelService model;
    private final Mastership mastership;
    /** The last statistics read and when (System.nanoTime): metrics scrapes and console streams share one read. */
    private Traffic lastTraffic;
    private long lastTrafficAt;

    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval) {
        this(model, controller, auditInterval, new DatapathCompiler(), RealizationListener.NONE);
    }

    /** Telling {@code realization} what became of each change on each switch. */
    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval,
            RealizationListener realization) {
        this(model, controller, auditInterval, new DatapathCompiler(), realization);
    }

    /** With a compiler of one's own choice of features. */
    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval,
            DatapathCompiler compiler) {
        this(model, controller, auditInterval, compiler, RealizationListener.NONE, Mastership.SOLE);
    }

    /** One of a cluster's controllers: it writes only to the switches {@code mastership} makes it master of. */
    public ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval,
            RealizationListener realization, Mastership mastership) {
        this(model, controller, auditInterval, new DatapathCompiler(), realization, mastership);
    }

    private ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval,
            DatapathCompiler compiler, RealizationListener realization) {
        this(model, controller, auditInterval, compiler, realization, Mastership.SOLE);
    }

    private ReconcilerService(ModelService model, OpenFlowController controller, Duration auditInterval,
            DatapathCompiler compiler, RealizationListener realization, Mastership mastership) {
        this.mastership = mastership;
        this.realization = realization;
        this.model = model;
        this.compiler = compiler;
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
        CompiledModel compiled = compiler.prepare(change);
        latest = compiled;
        reconcilers.values().forEach(r -> r.submit(compiled));
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        SwitchReconciler r = new SwitchReconciler(sw, compiler, executor, scheduler, realization);
        if (mastership != Mastership.SOLE) {
            r.role("SLAVE"); // until the mastership says otherwise and the switch confirms it
        }
        SwitchReconciler previous = reconcilers.put(sw.datapathId(), r);
        if (previous != null) {
            previous.close();
        }
        CompiledModel m = latest;
        if (m != null) {
            r.submit(m);
        }
        mastership.join(sw.datapathId().getLong(), (master, generation) -> roleChanged(r, master, generation));
    }

    /**
     * What the mastership decided for a switch: a master asks the switch for the role with its generation and
     * writes once the switch confirms it; a slave stops writing at once and tells the switch so.
     */
    private void roleChanged(SwitchReconciler r, boolean master, long generation) {
        OpenFlowSwitch sw = r.sw();
        if (reconcilers.get(sw.datapathId()) != r) {
            return;
        }
        if (generation < 0) {
            r.role(master ? "EQUAL" : "SLAVE");
            return;
        }
        if (!master) {
            r.role("SLAVE");
        }
        sw.requestRole(master ? ControllerRole.MASTER : ControllerRole.SLAVE, generation).whenComplete((role, e) -> {
            if (e != null) {
                log.warn("Switch {} did not accept this controller as {} (generation {}): {}", sw.datapathId(),
                        master ? "master" : "slave", generation, e.getMessage());
            } else if (master && role == ControllerRole.MASTER && reconcilers.get(sw.datapathId()) == r) {
                log.info("Master of switch {} (generation {})", sw.datapathId(), generation);
                r.role("MASTER");
            }
        });
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        if (r != null && r.sw() == sw && reconcilers.remove(sw.datapathId(), r)) {
            r.close();
            mastership.leave(sw.datapathId().getLong());
        }
    }

    @Override
    public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        CompiledModel m = latest;
        if (r != null && m != null) {
            r.submit(m);
        }
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        SwitchReconciler r = reconcilers.get(sw.datapathId());
        if (r != null) {
            r.countPacketIn();
        }
        if (ServiceRejecter.isReject(packetIn)) {
            rejecter.packetIn(sw, packetIn);
        }
    }

    /** Asks every switch for an audit now, besides the periodic ones. */
    public void requestAudit() {
        reconcilers.values().forEach(SwitchReconciler::requestAudit);
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
    public Optional<Set<String>> ports(String node) {
        for (SwitchReconciler r : reconcilers.values()) {
            SwitchStatus st = r.status();
            if (st.node().equals(node) && r.sw().isConnected() && !st.role().equals("SLAVE")) {
                Set<String> names = new HashSet<>();
                r.sw().ports().values().forEach(p -> names.add(p.getName()));
                return Optional.of(names);
            }
        }
        return Optional.empty();
    }

    /** How long one read of the switches' flow statistics answers every reader. */
    static final long TRAFFIC_MAX_AGE_NANOS = 1_000_000_000L;

    /** Read from the switches at most once per second, however many scrapes and streams ask. */
    @Override
    public synchronized Traffic traffic() {
        long now = System.nanoTime();
        if (lastTraffic == null || now - lastTrafficAt > TRAFFIC_MAX_AGE_NANOS) {
            lastTraffic = readTraffic();
            lastTrafficAt = now;
        }
        return lastTraffic;
    }

    private Traffic readTraffic() {
        List<TrafficReader.Source> sources = new ArrayList<>();
        for (SwitchReconciler r : reconcilers.values()) {
            CompiledSwitch c = r.compiled();
            if (c != null && r.sw().isConnected()) {
                sources.add(new TrafficReader.Source(r.sw(), c));
            }
        }
        return TrafficReader.read(model.snapshot(), sources);
    }

    /** What was last installed on a node's switch, with its ports; empty while none is connected and programmed. */
    public Optional<CompiledSwitch> compiled(String node) {
        for (SwitchReconciler r : reconcilers.values()) {
            if (r.status().node().equals(node)) {
                return Optional.ofNullable(r.compiled());
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        subscription.close();
        controller.removeListener(this);
        reconcilers.values().forEach(SwitchReconciler::close);
        executor.shutdownNow();
    }
}
