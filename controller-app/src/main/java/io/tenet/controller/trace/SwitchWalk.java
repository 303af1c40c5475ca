package io.tenet.controller.trace;

import io.tenet.controller.api.TraceService.Hop;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.Nat;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One packet through one switch's compiled flows, as the switch would take it: in each table the matching flow
 * of highest priority, its actions applied in order, {@code goto_table}, {@code resubmit} and a conntrack
 * recirculation followed, groups entered (a select group's bucket picked by a hash of the addresses and ports, as a
 * switch picks one per connection). The packet is the first of a new connection: conntrack finds it new in every
 * zone, and a commit with translation rewrites it as the switch's conntrack would.
 */
final class SwitchWalk {
    /** More tables than any packet passes on one switch: a loop in the flows stops here rather than spinning. */
    private static final int MAX_STEPS = 64;

    /** A copy of the packet sent out of a port; {@code inPort} when it went back out of the port it came in on. */
    record Sent(int port, TracePacket packet, boolean inPort, Hop by) {
    }

    private final String node;
    private final Map<PipelineTable, List<FlowSpec>> tables = new EnumMap<>(PipelineTable.class);
    private final Map<Long, GroupSpec> groups;
    private final List<Hop> hops = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    /** Translations committed on this switch, by zone: a later {@code ct(nat)} in that zone applies them. */
    private final Map<Integer, Nat> committed = new HashMap<>();
    private Hop lastHop;
    private Hop dropped;
    private boolean toController;
    private int steps;

    SwitchWalk(CompiledSwitch sw) {
        this.node = sw.view().node().name();
        sw.state().forEach(f -> tables.computeIfAbsent(f.table(), t -> new ArrayList<>()).add(f));
        tables.values().forEach(l -> l.sort(Comparator.comparingInt(FlowSpec::priority).reversed()));
        this.groups = sw.state().groupsById();
    }

    /** Walks {@code p} from {@code table}; returns what left the switch. */
    List<Sent> run(TracePacket p, PipelineTable table) {
        enter(p, table, false);
        return sent;
    }

    List<Hop> hops() {
        return hops;
    }

    /** The hop where the packet ended without leaving (an empty action list, or a miss that drops); else null. */
    Hop dropped() {
        return dropped;
    }

    boolean toController() {
        return toController;
    }

    private FlowSpec lookup(PipelineTable t, TracePacket p) {
        for (FlowSpec f : tables.getOrDefault(t, List.of())) {
            if (FlowMatch.matches(f, p)) {
                return f;
            }
        }
        return null;
    }

    /** Looks {@code p} up in {@code t} and applies what matched; a resubmit's miss does nothing. */
    private void enter(TracePacket p, PipelineTable t, boolean resubmit) {
        if (++steps > MAX_STEPS) {
            throw new IllegalStateException("the packet passed " + MAX_STEPS + " tables on " + node
                    + ": the flows loop");
        }
        FlowSpec f = lookup(t, p);
        if (f == null || f.cookie().category() == io.tenet.controller.pipeline.Cookie.Category.PIPELINE
                && f.match().isEmpty()) {
            boolean next = t.miss() == PipelineTable.Miss.NEXT;
            Hop h = new Hop(node, t.name(), t.id(), -1, "pipeline", "miss", resubmit ? "resubmit: no flow"
                    : next ? "no flow: on to the next table" : "no flow: dropped");
            hops.add(h);
            lastHop = h;
            if (resubmit) {
                return;
            }
            if (next) {
                enter(p, t.next(), false);
            } else {
                dropped = h;
            }
            return;
        }
        Hop h = new Hop(node, t.name(), t.id(), f.priority(), f.cookie().owner(), f.ofctl(), "");
        hops.add(h);
        lastHop = h;
        if (!apply(p, f.actions(), h) && !resubmit) {
            dropped = h;
        }
    }

    /** Applies actions; true when the packet went on (out, into a group, to another table, to the controller). */
    private boolean apply(TracePacket p, List<Action> actions, Hop at) {
        boolean onward = false;
        PipelineTable recirculate = null;
        for (Action a : actions) {
            if (a instanceof Action.Output o) {
                sent.add(new Sent(o.port(), p.copy(), false, at));
                onward = true;
            } else if (a instanceof Action.OutputInPort) {
                sent.add(new Sent(p.inPort, p.copy(), true, at));
                onward = true;
            } else if (a instanceof Action.Controller) {
                toController = true;
                onward = true;
            } else if (a instanceof Action.Resubmit r) {
                enter(p, r.table(), true);
            } else if (a instanceof Action.Ct ct) {
                conntrack(p, ct);
                if (ct.table() != null) {
                    recirculate = ct.table();
                }
            } else if (a instanceof Action.Group g) {
                onward |= group(p, g.groupId(), at);
            } else if (a instanceof Action.GotoTable g) {
                enter(p, g.table(), false);
                onward = true;
            } else {
                Rewrite.apply(a, p);
            }
        }
        if (recirculate != null) {
            enter(p, recirculate, false);
            onward = true;
        }
        return onward;
    }

    private boolean group(TracePacket p, long id, Hop at) {
        GroupSpec g = groups.get(id);
        if (g == null || g.buckets().isEmpty()) {
            return false;
        }
        if (g.type() == GroupSpec.Type.ALL) {
            boolean any = false;
            for (GroupSpec.Bucket b : g.buckets()) {
                any |= apply(p.copy(), b.actions(), at);
            }
            return any;
        }
        int i = g.type() == GroupSpec.Type.SELECT ? Math.floorMod(Long.hashCode(p.ipSrc * 31 + p.tpSrc
                + p.ipDst * 17 + p.tpDst), g.buckets().size()) : 0;
        Hop pick = new Hop(node, "group 0x" + Long.toHexString(id), -1, -1, g.owner().owner(), g.ofctl(),
                g.type() == GroupSpec.Type.SELECT ? "bucket " + (i + 1) + " of " + g.buckets().size()
                        + " (a switch picks one per connection, by hash)" : "");
        hops.add(pick);
        return apply(p, g.buckets().get(i).actions(), pick);
    }

    /** Conntrack of a new connection: tracked and new; a commit with translation rewrites the packet. */
    private void conntrack(TracePacket p, Action.Ct ct) {
        Nat nat = ct.nat();
        if (nat != null && nat.kind() == Nat.Kind.EXISTING) {
            nat = committed.get(ct.zone());
        }
        if (ct.commit() && ct.nat() != null && ct.nat().kind() != Nat.Kind.EXISTING) {
            committed.put(ct.zone(), ct.nat());
        }
        if (nat != null && (ct.commit() || ct.nat().kind() == Nat.Kind.EXISTING)) {
            if (nat.kind() == Nat.Kind.DST) {
                p.ipDst = nat.ip().unsigned();
                if (nat.port() > 0) {
                    p.tpDst = nat.port();
                }
            } else if (nat.kind() == Nat.Kind.SRC) {
                p.ipSrc = nat.ip().unsigned();
            }
        }
        p.ctState = CtState.TRK | CtState.NEW;
    }

    Hop lastHop() {
        return lastHop;
    }
}
