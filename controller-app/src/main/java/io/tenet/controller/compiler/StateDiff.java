package io.tenet.controller.compiler;

import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What turns one switch state into another, by kind. The order to apply it in is fixed here, once, for every
 * feature: groups and meters are added first (flows may name them), then flows are added, then groups are
 * modified (a bucket that starts sending somewhere finds the flows that take it there already in place, and one
 * that stops does so before they go), then flows are removed, and groups and meters are removed last (a switch
 * deletes the flows of a group or meter it deletes). A group or meter that changes is modified in place, never
 * deleted and added again, for the same reason.
 * {@code releases} are the UDP translations ({@link Conntrack.Release}) of flows that were removed or changed
 * and that no flow of the changed parts still makes; they are applied after everything else.
 */
public record StateDiff(List<FlowSpec> removedFlows, List<FlowSpec> addedFlows, List<GroupSpec> addedGroups,
        List<GroupSpec> modifiedGroups, List<GroupSpec> removedGroups, List<MeterSpec> addedMeters,
        List<MeterSpec> modifiedMeters, List<MeterSpec> removedMeters, List<Conntrack.Release> releases) {
    public boolean isEmpty() {
        return removedFlows.isEmpty() && addedFlows.isEmpty() && addedGroups.isEmpty() && modifiedGroups.isEmpty()
                && removedGroups.isEmpty() && addedMeters.isEmpty() && modifiedMeters.isEmpty() && removedMeters.isEmpty()
                && releases.isEmpty();
    }

    /**
     * Gathers the contents of the parts that differ between two states (the same object on both sides is skipped
     * whole), then compares them by flow key and by group and meter id. A flow that moved from one part to
     * another unchanged is neither removed nor added. Correct because a flow key, a group id and a meter id occur
     * in one part only: the reconciler checks it whenever it compares with the switch in full.
     */
    static final class Collector {
        private final Map<FlowSpec.Key, FlowSpec> flowsBefore = new HashMap<>();
        private final List<FlowSpec> flowsAfter = new ArrayList<>();
        private final Map<Long, GroupSpec> groupsBefore = new HashMap<>();
        private final Map<Long, GroupSpec> groupsAfter = new HashMap<>();
        private final Map<Long, MeterSpec> metersBefore = new HashMap<>();
        private final Map<Long, MeterSpec> metersAfter = new HashMap<>();

        /**
         * Sibling parts: {@code was} and {@code now}, with their indexes by key when the caller has them (else
         * null). Parts at the same position that are the same object, the common case, are skipped at once.
         */
        void parts(List<Part> was, Map<PartKey, Part> wasByKey, List<Part> now, Map<PartKey, Part> nowByKey) {
            if (was == now) {
                return;
            }
            Map<PartKey, Part> wasIndex = wasByKey != null || was.size() <= 8 ? wasByKey : index(was);
            for (int i = 0; i < now.size(); i++) {
                Part p = now.get(i);
                if (i < was.size() && was.get(i) == p) {
                    continue;
                }
                Part q = find(was, wasIndex, p.key());
                if (q != p) {
                    part(q, p);
                }
            }
            Map<PartKey, Part> nowIndex = nowByKey != null || now.size() <= 8 ? nowByKey : index(now);
            for (int i = 0; i < was.size(); i++) {
                Part q = was.get(i);
                if (i < now.size() && now.get(i) == q) {
                    continue;
                }
                if (find(now, nowIndex, q.key()) == null) {
                    part(q, null);
                }
            }
        }

        private static Part find(List<Part> parts, Map<PartKey, Part> index, PartKey key) {
            if (index != null) {
                return index.get(key);
            }
            for (int i = 0; i < parts.size(); i++) {
                if (parts.get(i).key().equals(key)) {
                    return parts.get(i);
                }
            }
            return null;
        }

        private static Map<PartKey, Part> index(List<Part> parts) {
            Map<PartKey, Part> out = new HashMap<>(2 * parts.size());
            for (int i = 0; i < parts.size(); i++) {
                out.put(parts.get(i).key(), parts.get(i));
            }
            return out;
        }

        private void part(Part was, Part now) {
            if (was == now) {
                return;
            }
            if (was != null) {
                for (FlowSpec f : was.flows()) {
                    flowsBefore.put(f.key(), f);
                }
                if (!was.groups().isEmpty()) {
                    was.groups().forEach(g -> groupsBefore.put(g.id(), g));
                }
                if (!was.meters().isEmpty()) {
                    was.meters().forEach(m -> metersBefore.put(m.id(), m));
                }
            }
            if (now != null) {
                flowsAfter.addAll(now.flows());
                if (!now.groups().isEmpty()) {
                    now.groups().forEach(g -> groupsAfter.put(g.id(), g));
                }
                if (!now.meters().isEmpty()) {
                    now.meters().forEach(m -> metersAfter.put(m.id(), m));
                }
            }
            List<Part> wasChildren = was == null ? List.of() : was.children();
            List<Part> nowChildren = now == null ? List.of() : now.children();
            if (!wasChildren.isEmpty() || !nowChildren.isEmpty()) {
                parts(wasChildren, null, nowChildren, null);
            }
        }

        StateDiff build() {
            List<FlowSpec> added = new ArrayList<>();
            Set<Conntrack.Release> released = new LinkedHashSet<>();
            for (FlowSpec f : flowsAfter) {
                FlowSpec was = flowsBefore.remove(f.key());
                if (!f.equals(was)) {
                    added.add(f);
                    release(was, released);
                }
            }
            List<FlowSpec> removed = new ArrayList<>(flowsBefore.values());
            removed.forEach(f -> release(f, released));
            if (!released.isEmpty()) {
                // A translation that another flow still makes (a slot of the same provider, moved) is in use.
                flowsAfter.forEach(f -> released.remove(Conntrack.Release.of(f)));
            }
            List<GroupSpec> addedGroups = new ArrayList<>();
            List<GroupSpec> modifiedGroups = new ArrayList<>();
            groupsAfter.forEach((id, g) -> {
                GroupSpec was = groupsBefore.remove(id);
                if (was == null) {
                    addedGroups.add(g);
                } else if (!was.equals(g)) {
                    modifiedGroups.add(g);
                }
            });
            List<MeterSpec> addedMeters = new ArrayList<>();
            List<MeterSpec> modifiedMeters = new ArrayList<>();
            metersAfter.forEach((id, m) -> {
                MeterSpec was = metersBefore.remove(id);
                if (was == null) {
                    addedMeters.add(m);
                } else if (!was.equals(m)) {
                    modifiedMeters.add(m);
                }
            });
            return new StateDiff(List.copyOf(removed), List.copyOf(added), List.copyOf(addedGroups),
                    List.copyOf(modifiedGroups), List.copyOf(groupsBefore.values()), List.copyOf(addedMeters),
                    List.copyOf(modifiedMeters), List.copyOf(metersBefore.values()), List.copyOf(released));
        }

        private static void release(FlowSpec f, Set<Conntrack.Release> out) {
            Conntrack.Release r = f == null ? null : Conntrack.Release.of(f);
            if (r != null) {
                out.add(r);
            }
        }
    }
}
