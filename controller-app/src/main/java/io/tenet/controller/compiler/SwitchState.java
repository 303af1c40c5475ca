package io.tenet.controller.compiler;

import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything one switch should hold, as the parts the features built for it: flows, groups and meters alike.
 * Immutable. {@link #changesFrom} diffs two states part by part, skipping without a look every part that is the
 * same object in both, so a diff costs what the change touched, not the size of the switch; the result says what
 * to add, modify and remove of each kind, and {@link StateDiff} says in which order.
 */
public final class SwitchState {
    private final String node;
    private final List<Part> parts;
    private final Map<PartKey, Part> byKey;
    private final int flows;
    private final int groups;
    private final int meters;

    private SwitchState(String node, List<Part> parts) {
        this.node = node;
        this.parts = List.copyOf(parts);
        this.byKey = new HashMap<>(2 * parts.size());
        int f = 0;
        int g = 0;
        int m = 0;
        for (Part p : this.parts) {
            if (byKey.put(p.key(), p) != null) {
                throw new IllegalStateException("two parts of node " + node + " have key " + p.key());
            }
            f += p.flowCount();
            g += p.groupCount();
            m += p.meterCount();
        }
        this.flows = f;
        this.groups = g;
        this.meters = m;
    }

    public static SwitchState of(String node, List<Part> parts) {
        return new SwitchState(node, parts);
    }

    /** The node whose switch this is. */
    public String node() {
        return node;
    }

    /** The number of flows. */
    public int size() {
        return flows;
    }

    public int groupCount() {
        return groups;
    }

    public int meterCount() {
        return meters;
    }

    public List<Part> parts() {
        return parts;
    }

    /** The top-level part with this key, or null. */
    public Part part(PartKey key) {
        return byKey.get(key);
    }

    public void forEach(Consumer<FlowSpec> action) {
        parts.forEach(p -> p.forEachFlow(action));
    }

    public void forEachGroup(Consumer<GroupSpec> action) {
        parts.forEach(p -> p.forEachGroup(action));
    }

    public void forEachMeter(Consumer<MeterSpec> action) {
        parts.forEach(p -> p.forEachMeter(action));
    }

    public List<FlowSpec> flows() {
        List<FlowSpec> out = new ArrayList<>(flows);
        forEach(out::add);
        return out;
    }

    /**
     * The flows by key.
     *
     * @throws IllegalStateException if two different flows have one key (a compiler bug: the switch would keep
     *                               only one of them)
     */
    public Map<FlowSpec.Key, FlowSpec> asMap() {
        Map<FlowSpec.Key, FlowSpec> out = new LinkedHashMap<>(2 * flows);
        forEach(f -> {
            FlowSpec previous = out.put(f.key(), f);
            if (previous != null && !previous.equals(f)) {
                throw new IllegalStateException("two flows with one key on node " + node + ": " + previous + " and " + f);
            }
        });
        return out;
    }

    /** The groups by id; two different groups with one id are a compiler bug. */
    public Map<Long, GroupSpec> groupsById() {
        Map<Long, GroupSpec> out = new LinkedHashMap<>();
        forEachGroup(g -> {
            GroupSpec previous = out.put(g.id(), g);
            if (previous != null && !previous.equals(g)) {
                throw new IllegalStateException("two groups with id 0x" + Long.toHexString(g.id()) + " on node " + node);
            }
        });
        return out;
    }

    /** The meters by id; two different meters with one id are a compiler bug. */
    public Map<Long, MeterSpec> metersById() {
        Map<Long, MeterSpec> out = new LinkedHashMap<>();
        forEachMeter(m -> {
            MeterSpec previous = out.put(m.id(), m);
            if (previous != null && !previous.equals(m)) {
                throw new IllegalStateException("two meters with id 0x" + Long.toHexString(m.id()) + " on node " + node);
            }
        });
        return out;
    }

    /** What turns a switch holding {@code before} into one holding this state. */
    public StateDiff changesFrom(SwitchState before) {
        StateDiff.Collector d = new StateDiff.Collector();
        if (!before.node.equals(node)) {
            d.parts(before.parts, before.byKey, List.of(), Map.of());
            d.parts(List.of(), Map.of(), parts, byKey);
            return d.build();
        }
        d.parts(before.parts, before.byKey, parts, byKey);
        return d.build();
    }
}
