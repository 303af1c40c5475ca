package io.tenet.controller.store;

/**
 * Which controller of a cluster is master of each switch: every controller connected to a switch joins its
 * election, and exactly one of them at a time is told it is master, with a generation id that grows with every
 * new master (the OpenFlow role request carries it, so the switch refuses a deposed master). The others are told
 * they are slaves, and never write. A store shared by controllers provides it ({@link ModelStore#mastership});
 * a controller alone is master of every switch it connects to ({@link #SOLE}).
 */
public interface Mastership extends AutoCloseable {
    /** What a controller is told of a switch: master or not, and the generation of the current master (-1: none). */
    interface RoleListener {
        void role(boolean master, long generation);
    }

    /** This controller is connected to switch {@code dpid}: it competes for it from now on; idempotent. */
    void join(long dpid, RoleListener listener);

    /** This controller lost its connection to {@code dpid}: it gives the switch up if it was its master. */
    void leave(long dpid);

    @Override
    void close();

    /**
     * A controller alone: master of every switch it joins, at once, with generation -1 (no role request is sent, so
     * the switch keeps the controller at EQUAL, as one with several controller targets expects).
     */
    Mastership SOLE = new Mastership() {
        @Override
        public void join(long dpid, RoleListener listener) {
            listener.role(true, -1);
        }

        @Override
        public void leave(long dpid) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "sole controller";
        }
    };
}
