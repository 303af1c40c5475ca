package io.tenet.controller.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One desired OpenFlow group: its id, its type and its buckets, and the model object that owns it. Tenet's group
 * ids carry its owner byte ({@link #OWNER}, as cookies do) so the reconciler audits and removes only its own
 * groups. Flows name groups with {@link Action.Group}; the reconciler adds groups before the flows that use them
 * and deletes them after, since a switch refuses a flow naming a missing group and deletes the flows of a group
 * it deletes.
 */
public record GroupSpec(long id, Type type, List<Bucket> buckets, Cookie owner) {
    /** High byte of every group id Tenet allocates. */
    public static final long OWNER = 0x7e000000L;

    /** The OpenFlow group types Tenet uses. */
    public enum Type {
        /** Every bucket gets a copy (floods). */
        ALL,
        /** One bucket per flow, by weight (load balancing). */
        SELECT,
        /** Exactly one bucket (a shared next hop). */
        INDIRECT
    }

    /** One bucket: its weight (select groups; 0 otherwise) and its actions. */
    public record Bucket(int weight, List<Action> actions) {
        public Bucket {
            if (weight < 0 || weight > 0xffff) {
                throw new IllegalArgumentException("bucket weight out of range: " + weight);
            }
            actions = List.copyOf(actions);
            for (Action a : actions) {
                if (a instanceof Action.GotoTable || a instanceof Action.Meter) {
                    throw new IllegalArgumentException("a bucket holds actions, not instructions: " + a);
                }
            }
        }

        String ofctl() {
            return "bucket=" + (weight > 0 ? "weight:" + weight + "," : "") + "actions="
                    + (actions.isEmpty() ? "drop" : actions.stream().map(Action::ofctl).collect(Collectors.joining(",")));
        }
    }

    public GroupSpec {
        if (!isTenets(id)) {
            throw new IllegalArgumentException("group id 0x" + Long.toHexString(id) + " is outside Tenet's range 0x"
                    + Long.toHexString(OWNER) + "-0x" + Long.toHexString(OWNER | 0xffffff));
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        buckets = List.copyOf(buckets);
        if (type == Type.INDIRECT && buckets.size() != 1) {
            throw new IllegalArgumentException("an indirect group has exactly one bucket, not " + buckets.size());
        }
        if (type == Type.SELECT && buckets.stream().anyMatch(b -> b.weight() == 0)) {
            throw new IllegalArgumentException("every bucket of a select group needs a weight above 0");
        }
    }

    /** Whether a group id read from a switch is one Tenet allocates. */
    public static boolean isTenets(long id) {
        return (id & 0xff000000L) == OWNER;
    }

    /** ovs-ofctl syntax, accepted by {@code ovs-ofctl add-group}. */
    public String ofctl() {
        return "group_id=0x" + Long.toHexString(id) + ",type=" + type.name().toLowerCase(Locale.ROOT)
                + buckets.stream().map(b -> "," + b.ofctl()).collect(Collectors.joining());
    }
}
