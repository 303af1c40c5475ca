package io.tenet.controller.compiler;

import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A piece of a switch's desired state, built by one datapath feature from declared inputs: flows, groups and
 * meters of its own, and child parts (a network's part on a switch holds the slices every switch shares). A part
 * is immutable and is compared by identity: the compiler's one reuse rule ({@link #reuse}) hands back the very
 * same part when its inputs are equal to the ones it was built from, so that a switch diff skips, without looking
 * inside, every part that is the same object as before.
 *
 * <pre>
 *   switch state ── part forwarding:t:blue ──┬── part local        (this switch's own flows)
 *                                            ├── part arp h1       (the same object on every switch)
 *                                            └── part remote h2
 *                ── part policy:t:web          (the same object on every switch with members of t:web)
 * </pre>
 *
 * <p>Inputs must have value equality and hold other parts only as references (parts compare by identity).
 */
public final class Part {
    private final PartKey key;
    private final Object inputs;
    private final List<FlowSpec> flows;
    private final List<GroupSpec> groups;
    private final List<MeterSpec> meters;
    private final List<Part> children;
    private final int flowCount;
    private final int groupCount;
    private final int meterCount;

    private Part(PartKey key, Object inputs, Contents c) {
        this.key = Objects.requireNonNull(key, "key");
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.flows = c.flows;
        this.groups = c.groups;
        this.meters = c.meters;
        this.children = c.children;
        int f = flows.size();
        int g = groups.size();
        int m = meters.size();
        for (int i = 0; i < children.size(); i++) {
            Part p = children.get(i);
            f += p.flowCount;
            g += p.groupCount;
            m += p.meterCount;
        }
        this.flowCount = f;
        this.groupCount = g;
        this.meterCount = m;
    }

    /** What a part holds. */
    public record Contents(List<FlowSpec> flows, List<GroupSpec> groups, List<MeterSpec> meters, List<Part> children) {
        public Contents {
            flows = List.copyOf(flows);
            groups = List.copyOf(groups);
            meters = List.copyOf(meters);
            children = List.copyOf(children);
        }

        public static Contents flows(List<FlowSpec> flows) {
            return new Contents(flows, List.of(), List.of(), List.of());
        }

        public static Contents children(List<Part> children) {
            return new Contents(List.of(), List.of(), List.of(), children);
        }
    }

    /** A new part. */
    public static Part of(PartKey key, Object inputs, Contents contents) {
        return new Part(key, inputs, contents);
    }

    /**
     * The reuse rule, the only one the compiler has: {@code previous} itself when it was built from inputs equal
     * to {@code inputs}, else a new part built from them.
     */
    public static <I> Part reuse(Part previous, PartKey key, I inputs, Function<I, Contents> build) {
        if (previous != null && previous.key.equals(key) && previous.inputs.equals(inputs)) {
            return previous;
        }
        return new Part(key, inputs, build.apply(inputs));
    }

    public PartKey key() {
        return key;
    }

    public Object inputs() {
        return inputs;
    }

    /** This part's own flows (not its children's). */
    public List<FlowSpec> flows() {
        return flows;
    }

    public List<GroupSpec> groups() {
        return groups;
    }

    public List<MeterSpec> meters() {
        return meters;
    }

    /** The child parts, in the order the feature gave them; their keys are distinct. */
    public List<Part> children() {
        return children;
    }

    /** Flows of this part and its children. */
    public int flowCount() {
        return flowCount;
    }

    public int groupCount() {
        return groupCount;
    }

    public int meterCount() {
        return meterCount;
    }

    void forEachFlow(Consumer<FlowSpec> action) {
        flows.forEach(action);
        children.forEach(c -> c.forEachFlow(action));
    }

    void forEachGroup(Consumer<GroupSpec> action) {
        groups.forEach(action);
        children.forEach(c -> c.forEachGroup(action));
    }

    void forEachMeter(Consumer<MeterSpec> action) {
        meters.forEach(action);
        children.forEach(c -> c.forEachMeter(action));
    }

    @Override
    public String toString() {
        return "part " + key + " (" + flowCount + " flows, " + groupCount + " groups, " + meterCount + " meters)";
    }
}
