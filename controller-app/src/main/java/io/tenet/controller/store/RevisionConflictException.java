package io.tenet.controller.store;

/** A conditional commit found the store at another revision than expected: someone else committed first. */
public class RevisionConflictException extends RuntimeException {
    private final long expected;
    private final long actual;

    public RevisionConflictException(long expected, long actual) {
        super("the store is at revision " + actual + ", not " + expected + ": another writer committed first");
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
