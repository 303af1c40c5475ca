package io.tenet.controller.pipeline;

/**
 * The priorities Tenet uses: three fixed ones, and one band for policy rules in which a rule's own priority
 * (1-100) orders the flows and deny wins over allow at equal rule priority.
 */
public enum Priority {
    /** Table miss: the explicit default every table ends with. */
    MISS(0),
    /** Ordinary flows. */
    NORMAL(100),
    /** Exceptions that must win over ordinary flows and over every rule. */
    HIGH(2000);

    /** Lowest flow priority of the rule band: a rule of priority p is at RULE_BASE + 2p, plus one for deny. */
    public static final int RULE_BASE = 1000;
    /** Default-deny of a group: above the miss, below every rule. */
    public static final int DEFAULT_DENY = 1;

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The flow priority of a policy rule. */
    public static int rule(int rulePriority, boolean deny) {
        return RULE_BASE + 2 * rulePriority + (deny ? 1 : 0);
    }
}
