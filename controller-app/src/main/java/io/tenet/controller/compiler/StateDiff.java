package io.tenet.controller.compiler;

import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What turns one switch state into another, by kind. The order to apply it in is fixed here, once, for every
 * feature: groups and meters are added and modified first (flows may name them), then flows are removed and
 * added, and groups and meters are removed last (a switch deletes the flows of a group or meter it deletes). A
 * group or meter that changes is modified in place, never deleted and added again, for the same reason.
 */
public record StateDiff(List<FlowSpec> removedFlows, List<FlowSpec> addedFlows, List<GroupSpec> addedGroups,
        List<GroupSpec> modifiedGroups, List<GroupSpec> removedGroups, List<MeterSpec> addedMeters,
        List<MeterSpec> modifiedMeters, List<MeterSpec> removedMeters) {
    public boolean isEmpty() {
        return removedFlows.isEmpty() && addedFlows.isEmpty() && addedGroups.isEmpty() && modifiedGroups.isEmpty()
                && removedGroups.isEmpty() && addedMeters.isEmpty() && modifiedMeters.isEmpty() && removedMeters.isEmpty();
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

        /** Sibling parts: {@code was} (indexed by key in {@code wasByKey} when the caller has it) and {@code now}. */
        void parts(List<Part> was, Map<PartKey, Part> wasByKey, List<Part> now) {
            if (was == now) {
                return;
            }
            Map<PartKey, Part> left = new HashMap<>(wasByKey.isEmpty() ? index(was) : wasByKey);
            for (Part p : now) {
                part(left.remove(p.key()), p);
            }
            for (Part q : left.values()) {
                part(q, null);
            }
        }

        private static Map<PartKey, Part> index(List<Part> parts) {
            Map<PartKey, Part> out = new HashMap<>(2 * parts.size());
            parts.forEach(p -> out.put(p.key(), p));
            return out;
        }

        private void part(Part was, Part now) {
            if (was == now) {
                return;
            }
            if (was != null) {
                was.flows().forEach(f -> flowsBefore.put(f.key(), f));
                was.groups().forEach(g -> groupsBefore.put(g.id(), g));
                was.meters().forEach(m -> metersBefore.put(m.id(), m));
            }
            if (now != null) {
                flowsAfter.addAll(now.flows());
                now.groups().forEach(g -> groupsAfter.put(g.id(), g));
                now.meters().forEach(m -> metersAfter.put(m.id(), m));
            }
            List<Part> wasChildren = was == null ? List.of() : was.children();
            List<Part> nowChildren = now == null ? List.of() : now.children();
            if (!wasChildren.isEmpty() || !nowChildren.isEmpty()) {
                parts(wasChildren, Map.of(), nowChildren);
            }
        }

        StateDiff build() {
            List<FlowSpec> added = new ArrayList<>();
            for (FlowSpec f : flowsAfter) {
                FlowSpec was = flowsBefore.remove(f.key());
                if (!f.equals(was)) {
                    added.add(f);
                }
            }
            List<FlowSpec> removed = new ArrayList<>(flowsBefore.values());
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
                    List.copyOf(modifiedMeters), List.copyOf(metersBefore.values()));
        }
    }
}
