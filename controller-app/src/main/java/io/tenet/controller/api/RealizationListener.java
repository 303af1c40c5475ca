package io.tenet.controller.api;

/**
 * Told by the reconciler what became of each change on each switch: how long it took from the committed change
 * reaching the reconciler to the switch confirming it, or that the switch refused it; and what each audit cost and
 * repaired. Called on the reconciler's
 * threads: quick, and never throwing.
 */
public interface RealizationListener {
    RealizationListener NONE = new RealizationListener() {
        @Override
        public void realized(String node, double seconds, int messages) {
        }

        @Override
        public void refused(String node, int errors) {
        }
    };

    /** The switch of {@code node} confirmed a change of {@code messages} OpenFlow messages, after {@code seconds}. */
    void realized(String node, double seconds, int messages);

    /** The switch of {@code node} refused {@code errors} messages of a change (it is read back and retried). */
    void refused(String node, int errors);

    /**
     * An audit of the switch of {@code node} (its tables read back and compared with the desired state) took
     * {@code seconds}, and sent {@code repairs} messages to undo what had drifted (none for a switch in order).
     */
    default void audited(String node, double seconds, int repairs) {
    }
}
