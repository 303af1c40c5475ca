package io.tenet.controller.pipeline;

/** One part of a {@link Action.Learn}: what the learned flow matches, or loads. */
public sealed interface LearnSpec {
    String ofctl();

    /** The learned flow matches {@code field} as this packet has it. */
    record MatchSame(NxmField field) implements LearnSpec {
        public String ofctl() {
            return field.ofctlName() + "[]";
        }
    }

    /** The learned flow matches {@code field} equal to {@code value}. */
    record MatchValue(NxmField field, long value) implements LearnSpec {
        public String ofctl() {
            return field.ofctlName() + "[]=0x" + Long.toHexString(value);
        }
    }

    /** The learned flow loads {@code value} into {@code field}. */
    record LoadValue(long value, NxmField field) implements LearnSpec {
        public String ofctl() {
            return "load:0x" + Long.toHexString(value) + "->" + field.ofctlName() + "[]";
        }
    }
}
