package io.tenet.controller.api;

/** What a model write did: the record as stored, and whether it created, replaced or left it as it was. */
public record WriteResult<V>(V value, Outcome outcome) {
    /** The effect of one write, decided atomically with it. */
    public enum Outcome {
        CREATED, REPLACED, UNCHANGED
    }

    public boolean created() {
        return outcome == Outcome.CREATED;
    }
}
