package io.tenet.aci.sync;

import io.tenet.aci.apic.ApicClient;
import io.tenet.aci.apic.ApicException;
import io.tenet.aci.apic.Dn;
import io.tenet.aci.apic.Mo;
import io.tenet.aci.mapping.AciMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation of the APIC with the desired objects: Tenet's objects are read back (all of them by class,
 * filtered by their annotation, or the subtrees of the tenants a model change touched; paged either way),
 * compared with the desired ones, and only the difference is sent: created, then modified, then deleted objects
 * (make before break; only a binding that frees an encap another group takes is deleted first). The changes of
 * one tenant go in one POST ({@link ChangeTree}); when the APIC refuses
 * it for a validation error, the tree is sent again one object at a time, so one bad object blocks only itself
 * and what lies under it. An object the APIC refused is not sent again until the model changes it or a periodic
 * resync retries it. A Tenet object that holds objects of others is not deleted; its own Tenet children are. A
 * failure to be heard (no answer, 5xx, the login refused) ends the run with an exception; the next run reads the
 * APIC again, so nothing is lost or sent twice.
 */
public final class AciSync {
    private static final Logger log = LoggerFactory.getLogger(AciSync.class);
    /** The classes Tenet makes, parents before children. */
    public static final List<String> CLASSES = List.of("fvTenant", "fvCtx", "fvBD", "fvRsCtx", "fvSubnet", "fvAp",
            "fvAEPg", "fvRsBd", "fvRsDomAtt", "fvRsPathAtt", "fvRsNodeAtt", "vzFilter", "vzEntry", "vzBrCP",
            "vzSubj", "vzRsSubjFiltAtt", "fvRsProv", "fvRsCons", "vzRsAnyToCons", "vzRsAnyToProv");
    /**
     * Configuration that operators make under tenants, groups and contracts besides Tenet's classes: an object of
     * these (or of Tenet's classes) without Tenet's annotation keeps its Tenet parent from being deleted. What the
     * APIC makes by itself (vzAny, default policy relations, learned endpoints, faults, statistics) does not.
     */
    static final Set<String> OPERATORS = Set.of("l3extOut", "l3extInstP", "l3extSubnet", "l2extOut", "l2extInstP",
            "fvRsConsIf", "fvRsProtBy", "fvRsIntraEpg", "fvRsSecInherited", "fvCrtrn", "fvESg",
            "fvStCEp", "vzTaboo", "vzCPIf", "vzOOBBrCP", "vzFilter", "vzBrCP", "fvAEPg", "fvAp", "fvBD", "fvCtx",
            "fvSubnet", "fvRsBDToOut", "vnsAbsGraph", "vnsLDevVip", "vzRsSubjGraphAtt", "fvRsNodeAtt",
            "fvRsPathAtt", "fvRsDomAtt");
    private static final Set<String> HOLDERS = Set.of("fvTenant", "fvCtx", "fvBD", "fvAp", "fvAEPg", "vzFilter",
            "vzBrCP", "vzSubj");
    private static final String CODE_EXISTS = "103";

    /** An object the APIC refused, with its code and text. */
    public record Failure(String dn, String cls, String code, String text) {
    }

    /** What one run did. {@code pending}: changes not sent (blocked under a refused object). */
    public record Result(Instant at, Duration took, int created, int modified, int deleted, int requests,
            List<Failure> failures, List<String> kept, int pending, boolean dryRun) {
        public boolean changedNothing() {
            return created + modified + deleted == 0;
        }
    }

    private final ApicClient client;
    private final Clock clock;
    /** Objects found to exist without Tenet's annotation: used as parents, never changed. */
    private final Set<String> foreign = new HashSet<>();
    /** Objects the APIC refused, as they were sent; not sent again while they stay the same. */
    private final Map<String, Failure> refused = new HashMap<>();
    private final Map<String, Mo> refusedAs = new HashMap<>();
    private SortedMap<String, Mo> wanted = new TreeMap<>();
    private volatile int pending;
    private int requests;
    private int[] done;

    public AciSync(ApicClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Changes of the current or last run not yet sent. */
    public int pending() {
        return pending;
    }

    /** Tenet's objects on the APIC, by dn: all of them ({@code tenants} null), or those of the given tenants. */
    public Map<String, Mo> actual(Set<String> tenants) throws ApicException {
        Map<String, Mo> actual = new HashMap<>();
        // what is someone else's is found again by every read (and by 103 answers), never remembered past it
        if (tenants == null) {
            foreign.clear();
        } else {
            foreign.removeIf(dn -> tenants.contains(Dn.tenantOf(dn)));
        }
        if (tenants == null) {
            for (String cls : CLASSES) {
                for (Mo m : client.classQuery(cls, "eq(" + cls + ".annotation,\"" + AciMapping.ANNOTATION + "\")")) {
                    actual.put(m.dn(), m);
                }
            }
            for (Mo t : client.classQuery("fvTenant", "")) {
                if (!actual.containsKey(t.dn())) {
                    foreign.add(t.dn());
                }
            }
            return actual;
        }
        for (String t : tenants) {
            for (Mo m : client.subtree(t, CLASSES)) {
                if (AciMapping.ANNOTATION.equals(m.attribute("annotation"))) {
                    actual.put(m.dn(), m);
                } else if (m.dn().equals(t)) {
                    foreign.add(t);
                }
            }
        }
        return actual;
    }

    /**
     * One sync. {@code retryRefused}: send the objects the APIC refused again even if unchanged (the periodic
     * resync does, since the APIC's side may have been fixed meanwhile). {@code tenants}: reconcile only these
     * tenants' objects (dns {@code uni/tn-X}), read back by subtree; null: everything, read back by class.
     */
    public Result run(SortedMap<String, Mo> all, boolean dryRun, boolean retryRefused, Set<String> tenants)
            throws ApicException {
        Instant start = clock.instant();
        if (retryRefused) {
            refused.clear();
            refusedAs.clear();
        }
        SortedMap<String, Mo> desired = all;
        if (tenants != null) {
            desired = new TreeMap<>();
            for (Mo m : all.values()) {
                if (tenants.contains(Dn.tenantOf(m.dn()))) {
                    desired.put(m.dn(), m);
                }
            }
        }
        wanted = desired;
        Map<String, Mo> actual = actual(tenants);
        List<Change> upserts = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int waiting = 0;
        for (Mo want : desired.values()) {
            if (foreign.contains(want.dn())) {
                continue;
            }
            Mo have = actual.get(want.dn());
            Change c = have == null ? new Change(Change.Op.CREATE, want)
                    : have.differences(want).isEmpty() ? null
                    : new Change(Change.Op.MODIFY, new Mo(want.cls(), want.dn(), have.differences(want)));
            if (c == null) {
                continue;
            }
            if (want.equals(refusedAs.get(want.dn()))) {
                failures.add(refused.get(want.dn()));
                continue;
            }
            if (underRefused(want.dn(), desired)) {
                waiting++;
                continue;
            }
            upserts.add(c);
        }
        refusedAs.keySet().retainAll(all.keySet());
        refused.keySet().retainAll(all.keySet());
        List<Change> deletes = new ArrayList<>();
        for (Mo have : actual.values()) {
            if (!desired.containsKey(have.dn())) {
                deletes.add(new Change(Change.Op.DELETE, have));
            }
        }
        List<String> kept = new ArrayList<>();
        requests = 0;
        done = new int[Change.Op.values().length];
        pending = upserts.size() + deletes.size() + waiting;
        if (!dryRun) {
            Set<String> blocked = new HashSet<>();
            // A binding that frees a path's encap another group now takes (a VLAN freed and given again) goes
            // first: the APIC refuses one encap on one path for two groups.
            Set<String> wantedEncaps = new HashSet<>();
            for (Change c : upserts) {
                wantedEncaps.add(encapOnPath(wanted.get(c.mo().dn())));
            }
            wantedEncaps.remove("");
            List<Change> freeing = new ArrayList<>();
            List<Change> rest = new ArrayList<>();
            for (Change d : deletes) {
                (wantedEncaps.contains(encapOnPath(d.mo())) ? freeing : rest).add(d);
            }
            write(freeing, failures, blocked);
            write(upserts, failures, blocked);
            write(topDeletes(rest, kept), failures, blocked);
            pending = blocked.size() + waiting;
        }
        Result r = new Result(start, Duration.between(start, clock.instant()),
                dryRun ? count(upserts, Change.Op.CREATE) : done[Change.Op.CREATE.ordinal()],
                dryRun ? count(upserts, Change.Op.MODIFY) : done[Change.Op.MODIFY.ordinal()],
                dryRun ? deletes.size() : done[Change.Op.DELETE.ordinal()], requests, allFailures(failures),
                List.copyOf(kept), pending, dryRun);
        if (!r.changedNothing() || !failures.isEmpty()) {
            log.info("APIC sync: {} created, {} modified, {} deleted in {} requests ({} ms){}", r.created(),
                    r.modified(), r.deleted(), r.requests(), r.took().toMillis(),
                    failures.isEmpty() ? "" : "; " + failures.size() + " refused");
        }
        return r;
    }

    /** For a path or node binding, its target and encap; an empty string for anything else. */
    private static String encapOnPath(Mo m) {
        return m.cls().equals("fvRsPathAtt") || m.cls().equals("fvRsNodeAtt")
                ? m.attribute("tDn") + " " + m.attribute("encap") : "";
    }

    /** This run's refusals and those of earlier runs still standing (in tenants this run did not look at). */
    private List<Failure> allFailures(List<Failure> now) {
        Map<String, Failure> out = new TreeMap<>();
        refused.forEach(out::put);
        now.forEach(f -> out.put(f.dn(), f));
        return List.copyOf(out.values());
    }

    /** Whether an ancestor of {@code dn} is an object the APIC refused and the model still asks for as it was. */
    private boolean underRefused(String dn, SortedMap<String, Mo> desired) {
        for (String p = Dn.parent(dn); !p.isEmpty(); p = Dn.parent(p)) {
            Mo refusedMo = refusedAs.get(p);
            if (refusedMo != null && refusedMo.equals(desired.get(p))) {
                return true;
            }
        }
        return false;
    }

    private static int count(List<Change> changes, Change.Op op) {
        return (int) changes.stream().filter(c -> c.op() == op).count();
    }

    /**
     * The deletions to send: only the outermost (the APIC deletes what lies under them), except that an object
     * holding objects of others stays, and its own deleted children are deleted one by one.
     */
    private List<Change> topDeletes(List<Change> deletes, List<String> kept) throws ApicException {
        Map<String, Change> byDn = new TreeMap<>();
        deletes.forEach(c -> byDn.put(c.mo().dn(), c));
        List<Change> out = new ArrayList<>();
        Set<String> keptDns = new HashSet<>();
        for (Change c : byDn.values()) {
            String parent = c.mo().parentDn();
            boolean under = false;
            for (String p = parent; !p.isEmpty(); p = Dn.parent(p)) {
                if (byDn.containsKey(p) && !keptDns.contains(p)) {
                    under = true;
                    break;
                }
            }
            if (under) {
                continue;
            }
            if (HOLDERS.contains(c.mo().cls()) && holdsOthers(c.mo().dn())) {
                keptDns.add(c.mo().dn());
                kept.add(c.mo().dn());
                log.info("Not deleting {}: it holds objects Tenet did not make", c.mo().dn());
                continue;
            }
            out.add(c);
        }
        return out;
    }

    private boolean holdsOthers(String dn) throws ApicException {
        for (Mo m : client.subtree(dn, List.of())) {
            if (!m.dn().equals(dn) && (CLASSES.contains(m.cls()) || OPERATORS.contains(m.cls()))
                    && !AciMapping.ANNOTATION.equals(m.attribute("annotation"))) {
                return true;
            }
        }
        return false;
    }

    /** Sends {@code changes}, one tree per tenant, falling back to one object at a time on a refusal. */
    private void write(List<Change> changes, List<Failure> failures, Set<String> blocked) throws ApicException {
        Map<String, List<Change>> byTenant = new LinkedHashMap<>();
        for (Change c : changes) {
            String t = Dn.tenantOf(c.mo().dn());
            byTenant.computeIfAbsent(t.isEmpty() ? c.mo().dn() : t, k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<Change>> e : byTenant.entrySet()) {
            List<Change> group = e.getValue();
            try {
                post(e.getKey(), group);
                group.forEach(this::done);
            } catch (ApicException x) {
                if (!isRefusal(x)) {
                    throw x;
                }
                oneByOne(e.getKey(), group, failures, blocked);
            }
        }
    }

    private void done(Change c) {
        done[c.op().ordinal()]++;
        pending = Math.max(0, pending - 1);
    }

    private void oneByOne(String root, List<Change> group, List<Failure> failures, Set<String> blocked)
            throws ApicException {
        List<Change> ordered = new ArrayList<>(group);
        ordered.sort(Comparator.comparingInt((Change c) -> Dn.rns(c.mo().dn()).size()).thenComparing(c -> c.mo().dn()));
        Set<String> failed = new HashSet<>();
        for (Change c : ordered) {
            String dn = c.mo().dn();
            if (failed.stream().anyMatch(f -> Dn.within(dn, f))) {
                blocked.add(dn);
                continue;
            }
            try {
                post(root, List.of(c));
                done(c);
            } catch (ApicException x) {
                if (!isRefusal(x)) {
                    throw x;
                }
                if (c.op() == Change.Op.CREATE && CODE_EXISTS.equals(x.code())) {
                    if (adopt(root, c)) {
                        done(c);
                        continue;
                    }
                    foreign.add(dn);
                    log.info("{} exists on the APIC and is not Tenet's: left as it is, used as a parent", dn);
                    continue;
                }
                Failure f = new Failure(dn, c.mo().cls(), x.code(), x.getMessage());
                log.warn("APIC refused {} {} ({} {}): {}; not sent again until it changes", c.op().status, dn,
                        x.httpStatus(), x.code(), x.getMessage());
                failures.add(f);
                if (c.op() != Change.Op.DELETE) {
                    refused.put(dn, f);
                    refusedAs.put(dn, wanted.get(dn));
                    failed.add(dn);
                }
            }
        }
    }

    /**
     * A refusal of what was sent (HTTP 400 with the APIC's code: validation, an object that exists), as opposed
     * to a failure to be heard (no answer, 5xx, 401 or 403 for the login, Tenet's own settings), which ends the run.
     */
    private static boolean isRefusal(ApicException x) {
        return !x.isTransient() && x.httpStatus() == 400;
    }

    /**
     * An object Tenet creates under one of its own that already exists there, as the relations the APIC makes by
     * itself with their parent ({@code fvRsCtx} under a bridge domain): Tenet takes it over, setting all its
     * attributes and its annotation. Under someone else's parent it stays theirs.
     */
    private boolean adopt(String root, Change c) throws ApicException {
        Mo want = wanted.get(c.mo().dn());
        String parent = c.mo().parentDn();
        if (want == null || !wanted.containsKey(parent) || foreign.contains(parent)) {
            return false;
        }
        post(root, List.of(new Change(Change.Op.MODIFY, want)));
        log.info("{} existed under Tenet's {} (made by the APIC with it): taken over", want.dn(), parent);
        return true;
    }

    /** One POST at {@code root} (a tenant's dn) with the changes nested under it. */
    private void post(String root, List<Change> changes) throws ApicException {
        requests++;
        client.post(root, ChangeTree.of(root, changes));
    }
}
