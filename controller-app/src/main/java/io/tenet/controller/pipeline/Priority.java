package io.tenet.controller.pipeline;

/** The few priorities Tenet uses; within a table, flows at one priority never overlap. */
public enum Priority {
    /** Table miss: the explicit drop every table ends with. */
    MISS(0),
    /** Ordinary flows. */
    NORMAL(100),
    /** Exceptions that must win over ordinary flows. */
    HIGH(200);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
