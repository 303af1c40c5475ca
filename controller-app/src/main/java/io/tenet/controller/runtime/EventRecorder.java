package io.tenet.controller.runtime;

import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.EventLog.Severity;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the controller's own events into the {@link EventLog}: every model change, by collection and key, as
 * created, updated or deleted (as the model's subscribers see changes: writes close together on one object may
 * make one event); and every switch that connects, disconnects, fails to reconcile or recovers, read
 * from the switches' status every {@code poll}. Other modules (the ACI bridge) append their own.
 */
public final class EventRecorder implements AutoCloseable {
    public static final Duration POLL = Duration.ofSeconds(1);
    private final EventLog log;
    private final SwitchService switches;
    private final Subscription subscription;
    private final ScheduledExecutorService executor;
    private Map<String, SwitchStatus> known = new HashMap<>();

    public EventRecorder(ModelService model, SwitchService switches, EventLog log, Duration poll) {
        this.log = log;
        this.switches = switches;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenet-events");
            t.setDaemon(true);
            return t;
        });
        this.subscription = model.subscribe("events", this::modelChanged);
        executor.scheduleWithFixedDelay(this::pollSwitches, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void modelChanged(ModelChange change) {
        if (change.isInitial()) {
            int records = 0;
            for (ModelCollection<?, ?, ?> c : change.next().schema().collections()) {
                records += change.next().get(c).size();
            }
            log.append(Severity.INFO, "model", "", "model loaded: " + records + " objects");
            return;
        }
        for (ModelCollection<?, ?, ?> c : change.next().schema().collections()) {
            record(change, c);
        }
    }

    /** One event per object the change touches; an object made and removed within one merged change is none. */
    private <K> void record(ModelChange change, ModelCollection<K, ?, ?> c) {
        for (K k : change.changed(c)) {
            boolean before = change.previous().get(c).containsKey(k);
            boolean after = change.next().get(c).containsKey(k);
            if (before || after) {
                log.append(Severity.INFO, "model", c.name() + "/" + k, !before ? "created" : !after ? "deleted"
                        : "updated");
            }
        }
    }

    /** Never throws: an exception would end the polling for good. */
    private void pollSwitches() {
        try {
            compareSwitches();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(EventRecorder.class).error("Switch events not recorded this round: {}",
                    e.toString(), e);
        }
    }

    private void compareSwitches() {
        Map<String, SwitchStatus> now = new HashMap<>();
        for (SwitchStatus s : switches.switches()) {
            now.put(s.datapathId(), s);
            SwitchStatus was = known.get(s.datapathId());
            if (was == null) {
                log.append(Severity.INFO, "switch", s.datapathId(), "connected from " + s.address() + " (node "
                        + (s.node().isEmpty() ? "not registered" : s.node()) + ", " + s.version() + ")");
            } else if (!was.address().equals(s.address())) {
                // A new connection (its own source port) since the last look: the switch went and came back
                // between two polls, as a restarted ovs-vswitchd does.
                log.append(Severity.WARNING, "switch", s.datapathId(), "disconnected and connected again from "
                        + s.address() + " (node " + (s.node().isEmpty() ? "not registered" : s.node()) + ", "
                        + s.version() + "; was " + was.address() + ")");
            }
            String before = was == null ? "" : was.lastError();
            if (!s.lastError().equals(before)) {
                if (s.lastError().isEmpty()) {
                    log.append(Severity.INFO, "switch", s.datapathId(), "reconciled again (node " + s.node() + ")");
                } else {
                    log.append(Severity.ERROR, "switch", s.datapathId(), "reconciliation failed (node " + s.node()
                            + "): " + s.lastError());
                }
            }
        }
        for (SwitchStatus s : known.values()) {
            if (!now.containsKey(s.datapathId())) {
                log.append(Severity.WARNING, "switch", s.datapathId(), "disconnected (node " + s.node() + ")");
            }
        }
        known = now;
    }

    @Override
    public void close() {
        subscription.close();
        executor.shutdownNow();
    }
}
