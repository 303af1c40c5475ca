package io.tenet.aci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.aci.apic.ApicClient;
import io.tenet.aci.apic.ApicException;
import io.tenet.aci.apic.ApicSettings;
import io.tenet.aci.apic.Dn;
import io.tenet.aci.apic.Mo;
import io.tenet.aci.mapping.AciMapping;
import io.tenet.aci.sync.AciSync;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.ControllerContext;
import io.tenet.controller.api.ControllerModule;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.OperStatus;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.collections.ModelCollections;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACI bridge (docs/aci.md): a controller module that keeps a Cisco APIC in step with the model. It watches
 * the model through the controller's {@link ModelService}, and on every change computes the desired APIC objects
 * ({@link AciMapping}) and reconciles them ({@link AciSync}) on a thread of its own: after a change, only the
 * tenants whose objects it changed, read back by subtree; at start, after a failure and every
 * {@link Settings#resync} (against drift: someone changing Tenet's objects on the APIC), everything. Neither a
 * model write nor the datapath ever waits for the APIC. A run that fails (the APIC unreachable, the token refused
 * twice) is tried again after a back-off doubling up to 30 s, with the newest model; credentials the APIC refuses
 * (401) or settings that cannot be used are not tried again until {@code aciGw} changes, so that no account is
 * locked by retries. It does nothing until the {@code aciGw} object names APICs and
 * {@code globals.networkInfraType} is {@code aci}; leaving ACI mode leaves the APIC as it is. Its state shows in
 * {@code aciGws} inspect as {@code bridge}.
 */
public final class AciBridge implements ControllerModule {
    private static final Logger log = LoggerFactory.getLogger(AciBridge.class);

    /** Timing: how often the APIC is read back even without a model change, and the retry back-off. */
    public record Settings(Duration resync, CoalescingRunner.Backoff backoff, Duration requestTimeout, int attempts,
            Duration requestBackoff, Clock clock) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(5),
                new CoalescingRunner.Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), Duration.ofSeconds(10), 4,
                Duration.ofMillis(250), Clock.systemUTC());
    }

    /** The collections the mapping reads: a change elsewhere (endpoints come and go all day) needs no sync. */
    private static final List<ModelCollection<?, ?, ?>> MAPPED = List.of(ModelCollections.GLOBALS,
            ModelCollections.ACI_GWS, ModelCollections.TENANTS, ModelCollections.NETWORKS, ModelCollections.GROUPS,
            ModelCollections.POLICIES, ModelCollections.RULES, ModelCollections.APP_PROFILES,
            ModelCollections.EXT_CONTRACTS_GROUPS);

    private final Settings settings;
    private ScheduledExecutorService executor;
    private CoalescingRunner<ModelSnapshot> runner;
    private Subscription subscription;
    private OperStatus status;
    private final Supplier<ObjectNode> view = this::view;
    private ApicSettings apic;
    private volatile ApicClient client;
    private volatile AciSync sync;
    /** Settings the APIC refused (401) or that cannot be used: not tried again until they change. */
    private ApicSettings refusedSettings;
    private volatile String state = "starting";
    private volatile AciSync.Result last;
    private volatile List<AciMapping.Unmapped> unmapped = List.of();
    private volatile String lastError = "";
    private volatile EventLog events;
    /** The refusals already told to the event log, as dn and code. */
    private Set<String> reported = Set.of();
    /** What the last successful sync made the APIC hold: a change then reads back only the tenants it touches. */
    private SortedMap<String, Mo> lastDesired;
    private volatile long syncs;

    /** The module as the standalone controller finds it (ServiceLoader). */
    public AciBridge() {
        this(Settings.DEFAULT);
    }

    public AciBridge(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "aci-bridge";
    }

    @Override
    public void start(ControllerContext context) {
        start(context.require(ModelService.class), context.require(OperStatus.class),
                context.find(EventLog.class).orElse(null));
    }

    /**
     * Starts on the given services (what the OSGi component calls); {@code eventLog} (may be null) gets the
     * failures, recoveries and refusals.
     */
    public synchronized void start(ModelService model, OperStatus operStatus, EventLog eventLog) {
        events = eventLog;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenet-aci-bridge");
            t.setDaemon(true);
            return t;
        });
        runner = new CoalescingRunner<>("aci-bridge", executor, CoalescingRunner.Scheduler.of(executor),
                CoalescingRunner.latest(), settings.backoff(), (s, audit) -> sync(s, audit));
        status = operStatus;
        status.publish(AciGw.BRIDGE_STATUS, view);
        subscription = model.subscribe("aci-bridge", change -> {
            if (change.isInitial() || MAPPED.stream().anyMatch(change::touches)) {
                runner.submit(change.next());
            }
        });
        long every = settings.resync().toMillis();
        executor.scheduleWithFixedDelay(runner::requestAudit, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the periodic resync now, on the bridge's thread: a sync that also sends again the objects the APIC
     * refused.
     */
    public void resyncNow() {
        runner.requestAudit();
    }

    private void sync(ModelSnapshot s, boolean resync) throws ApicException {
        AciGw gw = s.get(ModelCollections.ACI_GWS).get(AciGw.NAME);
        Global global = s.get(ModelCollections.GLOBALS).get(Global.NAME);
        if (global == null || global.networkInfraType() != Global.InfraType.ACI) {
            idle("idle: globals.networkInfraType is not aci");
            return;
        }
        if (gw == null || gw.apicUrls().isEmpty()) {
            idle("idle: aciGws/aciGw names no APIC (apicUrls)");
            return;
        }
        ApicSettings wanted = new ApicSettings(gw.apicUrls(), gw.apicUsername(), gw.apicPassword(),
                gw.apicPrivateKey(), gw.apicCertName(), gw.apicCaCert(), settings.requestTimeout(), settings.attempts(),
                settings.requestBackoff(), 1000);
        if (wanted.equals(refusedSettings)) {
            syncs++;
            return;
        }
        refusedSettings = null;
        if (!Objects.equals(wanted, apic)) {
            try {
                client = new ApicClient(wanted, settings.clock());
            } catch (ApicException e) {
                idle("not connected: " + e.getMessage() + "; not tried again until aciGw changes");
                refusedSettings = wanted;
                log.error("ACI bridge cannot use the aciGw settings: {}", e.getMessage());
                return;
            }
            apic = wanted;
            sync = new AciSync(client, settings.clock());
            lastDesired = null;
            log.info("ACI bridge connecting to {}", wanted);
        }
        AciMapping.Desired desired = AciMapping.of(s, gw);
        unmapped = desired.unmapped();
        state = "syncing";
        Set<String> scope = resync || lastDesired == null || gw.dryRun() ? null : changedTenants(lastDesired,
                desired.objects());
        lastDesired = null;
        try {
            AciSync.Result r = sync.run(desired.objects(), gw.dryRun(), resync, scope);
            lastDesired = gw.dryRun() ? null : desired.objects();
            last = r;
            if (!lastError.isEmpty()) {
                event(EventLog.Severity.INFO, client.status().url().toString(), "APIC in sync again");
            }
            lastError = "";
            Set<String> refusals = new TreeSet<>();
            for (AciSync.Failure f : r.failures()) {
                String id = f.dn() + " " + f.code();
                refusals.add(id);
                if (!reported.contains(id)) {
                    event(EventLog.Severity.ERROR, f.dn(), "the APIC refused " + f.cls() + " (code " + f.code() + "): "
                            + f.text());
                }
            }
            reported = refusals;
            state = gw.dryRun() ? "dry run: changes computed, none sent"
                    : r.failures().isEmpty() ? "in sync" : "in sync but for the objects the APIC refused";
        } catch (ApicException e) {
            if (e.httpStatus() == 401 || ApicException.CONFIG.equals(e.code())) {
                refusedSettings = wanted;
                lastError = e.getMessage();
                state = "not connected: " + e.getMessage() + "; not tried again until aciGw changes";
                event(EventLog.Severity.ERROR, client.status().url().toString(), state);
                log.error("ACI bridge: {}", state);
                return;
            }
            if (lastError.isEmpty()) {
                event(EventLog.Severity.WARNING, client.status().url().toString(), "APIC sync failed, to be retried: "
                        + e.getMessage());
            }
            lastError = (e.code().isEmpty() ? "" : "APIC code " + e.code() + ": ") + e.getMessage();
            state = "retrying: " + lastError;
            log.warn("ACI sync failed, to be retried: {}", lastError);
            throw e;
        } catch (RuntimeException e) {
            lastError = "internal error: " + e;
            state = "retrying: " + lastError;
            event(EventLog.Severity.ERROR, "", "ACI sync failed inside Tenet (a bug): " + e);
            log.error("ACI sync failed inside Tenet, to be retried: {}", e.toString(), e);
            throw e;
        } finally {
            syncs++;
        }
    }

    /** The tenants ({@code uni/tn-X}) whose desired objects differ between two mappings. */
    static Set<String> changedTenants(SortedMap<String, Mo> before, SortedMap<String, Mo> after) {
        Set<String> out = new TreeSet<>();
        before.forEach((dn, mo) -> {
            if (!mo.equals(after.get(dn))) {
                out.add(Dn.tenantOf(dn));
            }
        });
        after.keySet().forEach(dn -> {
            if (!before.containsKey(dn)) {
                out.add(Dn.tenantOf(dn));
            }
        });
        return out;
    }

    private void event(EventLog.Severity severity, String subject, String message) {
        EventLog e = events;
        if (e != null) {
            e.append(severity, "aci", subject, message);
        }
    }

    private void idle(String why) {
        state = why;
        lastDesired = null;
        apic = null;
        client = null;
        sync = null;
    }

    /** What {@code aciGws} inspect shows as {@code bridge}. */
    ObjectNode view() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("state", state);
        o.put("syncs", syncs);
        ApicClient c = client;
        if (c != null) {
            ApicClient.Status cs = c.status();
            ObjectNode a = o.putObject("apic");
            a.put("url", cs.url().toString());
            a.put("reachable", cs.reachable());
            a.put("loggedIn", cs.loggedIn());
            a.put("auth", cs.auth());
            a.put("tokenExpiry", cs.tokenExpiry() == null ? "" : cs.tokenExpiry().toString());
            a.put("logins", cs.logins());
            a.put("refreshes", cs.refreshes());
            a.put("lastError", cs.lastError());
        }
        AciSync.Result r = last;
        if (r != null) {
            ObjectNode l = o.putObject("lastSync");
            l.put("time", r.at().toString());
            l.put("tookMs", r.took().toMillis());
            l.put("created", r.created());
            l.put("modified", r.modified());
            l.put("deleted", r.deleted());
            l.put("requests", r.requests());
            l.put("dryRun", r.dryRun());
            ArrayNode errors = l.putArray("errors");
            for (AciSync.Failure f : r.failures()) {
                errors.addObject().put("dn", f.dn()).put("class", f.cls()).put("code", f.code()).put("text", f.text());
            }
            ArrayNode kept = l.putArray("kept");
            r.kept().forEach(kept::add);
        }
        AciSync s = sync;
        o.put("pendingRetry", s == null ? 0 : s.pending());
        o.put("lastError", lastError);
        ArrayNode um = o.putArray("unmapped");
        for (AciMapping.Unmapped u : unmapped) {
            um.addObject().put("item", u.item()).put("reason", u.reason());
        }
        return o;
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (runner != null) {
            runner.close();
        }
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
        if (status != null) {
            status.withdraw(AciGw.BRIDGE_STATUS, view);
            status = null;
        }
    }
}
