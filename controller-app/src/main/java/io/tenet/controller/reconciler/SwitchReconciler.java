package io.tenet.controller.reconciler;

import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.RealizationListener;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchService.InstalledFlow;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.compiler.CompiledModel;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.compiler.StateDiff;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one switch to the desired state (flows, groups and meters) and keeps it there. Its runs are made by a
 * {@link CoalescingRunner}: however many compiled models arrive while a run is in progress, one more run follows,
 * on the latest; a run that fails is retried with back-off. A run compiles the switch (incrementally, from its
 * previous state) and sends only the difference, in one batch confirmed by a barrier and ordered as
 * {@link StateDiff} says. The difference is taken against what the switch holds, read back from it after
 * connect, after any failure and at each audit ({@link SwitchReadBack}); otherwise against the state of the last
 * successful run, part by part, so that a change costs what it touches.
 */
final class SwitchReconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchReconciler.class);

    private final OpenFlowSwitch sw;
    private final FlowEncoder encoder;
    private final DatapathCompiler compiler;
    private final CoalescingRunner<CompiledModel> runner;
    /** The newest model submitted: an older one arriving late (a port event racing a model change) never wins. */
    private final AtomicReference<CompiledModel> newest =
            new AtomicReference<>();
    /** What the switch holds: the state of the last successful run; null until read back, and after any failure. */
    private SwitchState installed;
    /** The last compilation, whose unchanged parts the next one reuses. */
    private SwitchState compiled;
    private volatile String node = "";
    private volatile boolean unknownLogged;
    private final AtomicBoolean noGroupStats = new AtomicBoolean();
    private final AtomicLong packetIns = new AtomicLong();
    private volatile boolean releaseRefusalLogged;
    /** The state of the last successful run and the ports it was compiled for, for operators and traces. */
    private volatile CompiledSwitch lastDesired;
    /** This controller's role on the switch; runs write only while it is MASTER or EQUAL (a controller alone). */
    private volatile String role = "EQUAL";

    private final RealizationListener realization;
    /** When this switch connected: a change older than that is realized here from then on. */
    private final long connectedNanos = System.nanoTime();
    /** The newest model version realized, so that a run for one already realized (an audit, a port) is not timed. */
    private long realizedVersion = -1;

    SwitchReconciler(OpenFlowSwitch sw, DatapathCompiler compiler, Executor executor,
            CoalescingRunner.Scheduler scheduler, RealizationListener realization) {
        this.sw = sw;
        this.realization = realization;
        this.compiler = compiler;
        this.encoder = new FlowEncoder(sw.factory());
        this.runner = new CoalescingRunner<>("reconciler of switch " + sw.datapathId(), executor, scheduler,
                SwitchReconciler::newer, CoalescingRunner.Backoff.DEFAULT, this::run);
    }

    OpenFlowSwitch sw() {
        return sw;
    }

    /** Asks for a run on {@code model}, or on a newer one already submitted; returns at once. */
    void submit(CompiledModel model) {
        runner.submit(newest.accumulateAndGet(model, SwitchReconciler::newer));
    }

    /** The newer of two compiled models, by the version of their snapshots. */
    private static CompiledModel newer(CompiledModel a, CompiledModel b) {
        return a == null || b.snapshot().version() >= a.snapshot().version() ? b : a;
    }

    /** Asks for a run that reads the switch back rather than trusting memory (the audit); returns at once. */
    void requestAudit() {
        runner.requestAudit();
    }

    @Override
    public void close() {
        runner.close();
    }

    /**
     * Sets this controller's role on the switch. Becoming able to write starts a run that reads the switch back
     * (another master may have changed it meanwhile); a slave's runs do nothing.
     */
    void role(String newRole) {
        String old = role;
        role = newRole;
        if (writes(newRole) && !writes(old)) {
            runner.requestAudit();
        }
    }

    private static boolean writes(String role) {
        return !role.equals("SLAVE");
    }

    private synchronized void run(CompiledModel model, boolean audit) throws Exception {
        if (!sw.isConnected() || !writes(role)) {
            installed = null;
            return;
        }
        Node n = ModelIndexes.nodeByDatapathId(model.snapshot(), sw.datapathId().getLong()).orElse(null);
        if (n == null) {
            if (!unknownLogged) {
                log.info("Switch {} is not registered by any node; leaving its flows alone until `tenet-node init`"
                        + " registers datapath id {}", sw, sw.datapathId());
                unknownLogged = true;
            }
            return;
        }
        node = n.name();
        long started = System.nanoTime();
        try {
            Map<String, Integer> ports = new HashMap<>();
            for (OFPortDesc p : sw.ports().values()) {
                ports.put(p.getName(), p.getPortNo().getPortNumber());
            }
            NodeView view = new NodeView(n, ports);
            SwitchState desired = compiler.compile(model, view, compiled);
            compiled = desired;
            if (audit) {
                installed = null;
            }
            StateDiff diff = installed == null ? null : desired.changesFrom(installed);
            List<OFMessage> messages = diff == null ? new SwitchReadBack(sw, encoder, node, noGroupStats)
                    .changes(desired)
                    : encode(diff);
            if (!messages.isEmpty()) {
                OpenFlowSwitch.BatchResult result = apply(messages);
                if (!result.ok()) {
                    installed = null;
                    realization.refused(node, result.errors().size());
                    String first = result.errors().get(0).getMessage();
                    throw new RefusedException("switch " + sw.datapathId() + " (node " + node + ") refused "
                            + result.errors().size() + " of " + messages.size() + " messages" + (atomic()
                            ? ", so none of this change was applied" : "") + "; first: " + first
                            + ownerOf(result, desired) + ". The switch is read back and the change retried;"
                            + " if this persists it is a bug in the pipeline");
                }
                if (!audit && model.snapshot().version() > realizedVersion) {
                    long from = Math.max(model.preparedNanos(), connectedNanos);
                    realization.realized(node, (System.nanoTime() - from) / 1e9, messages.size());
                }
                log.debug("Switch {} (node {}): {} messages for {} flows, {} groups, {} meters", sw.datapathId(), node,
                        messages.size(), desired.size(), desired.groupCount(), desired.meterCount());
            }
            installed = desired;
            lastDesired = new CompiledSwitch(view, desired);
            if (audit) {
                realization.audited(node, (System.nanoTime() - started) / 1e9, messages.size());
            }
            realizedVersion = Math.max(realizedVersion, model.snapshot().version());
            if (diff != null && !diff.releases().isEmpty()) {
                release(diff.releases());
            }
        } catch (Exception e) {
            installed = null;
            if (!sw.isConnected()) {
                // The switch went away; its reconnection brings a fresh reconciler.
                return;
            }
            throw e;
        }
    }

    /**
     * Flushes the conntrack state of translations that left, after the groups that made them changed. Best
     * effort and never retried: a switch older than OVS 3.1 refuses the flush, and then a UDP client keeps its
     * stale translation until conntrack times it out (logged once), which is what it would do without Tenet.
     */
    private void release(List<Conntrack.Release> releases) {
        List<OFMessage> flushes = releases.stream().map(encoder::release).toList();
        sw.sendBatch(flushes).whenComplete((r, e) -> {
            if (e == null && r.ok()) {
                log.debug("Switch {}: released the conntrack state of {}", sw.datapathId(), releases);
            } else if (!releaseRefusalLogged) {
                releaseRefusalLogged = true;
                log.warn("Switch {} (node {}) refused to flush the conntrack state of removed providers ({}); UDP"
                        + " clients keep their translation until it times out", sw.datapathId(), node,
                        e != null ? e.toString() : r.errors().get(0).getMessage());
            }
        });
    }

    /**
     * Applies one run's messages: on an OpenFlow 1.4 switch its flow and group changes as one bundle, so the switch
     * holds either the state before or the state after, never half of it, and a refused change leaves it as it
     * was; meters go around the bundle (Open vSwitch takes no meter-mod in a bundle): new and changed ones before
     * it, as the flows in it may use them, removed ones after it. On a 1.3 switch, one batch.
     */
    private OpenFlowSwitch.BatchResult apply(List<OFMessage> messages) throws Exception {
        if (!atomic()) {
            return await(sw.sendBatch(messages));
        }
        List<OFMessage> before = new ArrayList<>();
        List<OFMessage> bundled = new ArrayList<>();
        List<OFMessage> after = new ArrayList<>();
        for (OFMessage m : messages) {
            if (m instanceof OFMeterMod mod) {
                (mod.getCommand() == OFMeterModCommand.DELETE ? after : before).add(m);
            } else {
                bundled.add(m);
            }
        }
        OpenFlowSwitch.BatchResult result = new OpenFlowSwitch.BatchResult(List.of());
        if (!before.isEmpty()) {
            result = await(sw.sendBatch(before));
        }
        if (result.ok() && !bundled.isEmpty()) {
            result = await(sw.sendBundle(bundled));
        }
        if (result.ok() && !after.isEmpty()) {
            result = await(sw.sendBatch(after));
        }
        return result;
    }

    /** Whether changes go in bundles: on OpenFlow 1.4. */
    private boolean atomic() {
        return sw.factory().getVersion().compareTo(OFVersion.OF_14) >= 0;
    }

    /** The object whose flow a refusal names (by the refused flow-mod's cookie), or nothing. */
    private static String ownerOf(OpenFlowSwitch.BatchResult result, SwitchState desired) {
        for (var e : result.errors()) {
            if (e.refusedMessage().orElse(null) instanceof OFFlowMod mod) {
                Cookie c = TrafficReader.owners(desired).get(mod.getCookie().getValue());
                if (c != null) {
                    return " (a flow of " + c.owner() + ")";
                }
            }
        }
        return "";
    }

    private static OpenFlowSwitch.BatchResult await(java.util.concurrent.CompletableFuture<OpenFlowSwitch.BatchResult>
            f) throws Exception {
        return f.get(SwitchReadBack.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The messages of a diff, in the order {@link StateDiff} prescribes. */
    private List<OFMessage> encode(StateDiff d) {
        List<OFMessage> out = new ArrayList<>();
        d.addedGroups().forEach(g -> out.add(encoder.addGroup(g)));
        d.addedMeters().forEach(m -> out.add(encoder.addMeter(m)));
        d.modifiedMeters().forEach(m -> out.add(encoder.modifyMeter(m)));
        d.addedFlows().forEach(f -> out.add(encoder.add(f)));
        d.modifiedGroups().forEach(g -> out.add(encoder.modifyGroup(g)));
        d.removedFlows().forEach(f -> out.add(encoder.delete(f)));
        d.removedGroups().forEach(g -> out.add(encoder.deleteGroup(g.id(), FlowEncoder.type(g.type()))));
        d.removedMeters().forEach(m -> out.add(encoder.deleteMeter(m.id())));
        return out;
    }

    /** A batch the switch refused in part; its message says what and where. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    /** What the last successful run installed, with the ports it was compiled for; null before one. */
    CompiledSwitch compiled() {
        return lastDesired;
    }

    List<InstalledFlow> flows() {
        CompiledSwitch last = lastDesired;
        if (last == null) {
            return List.of();
        }
        SwitchState shown = last.state();
        List<InstalledFlow> listing = new ArrayList<>(shown.size() + shown.groupCount() + shown.meterCount());
        shown.forEachGroup(g -> listing.add(new InstalledFlow(g.owner().owner(), g.ofctl())));
        shown.forEachMeter(m -> listing.add(new InstalledFlow(m.owner().owner(), m.ofctl())));
        shown.forEach(spec -> listing.add(new InstalledFlow(spec.cookie().owner(), spec.ofctl())));
        return listing;
    }

    /** Counts a packet-in from this reconciler's switch. */
    void countPacketIn() {
        packetIns.incrementAndGet();
    }

    SwitchStatus status() {
        CoalescingRunner.Status st = runner.status();
        CompiledSwitch last = lastDesired;
        SwitchState shown = last == null ? null : last.state();
        return new SwitchStatus(sw.datapathId().toString(), node, String.valueOf(sw.remoteAddress()),
                sw.factory().getVersion().toString(), shown == null ? 0 : shown.size(),
                shown == null ? 0 : shown.groupCount(), shown == null ? 0 : shown.meterCount(), sw.flowModsSent(),
                sw.stateModsSent(), st.runs(), packetIns.get(), st.lastError(), role);
    }
}
