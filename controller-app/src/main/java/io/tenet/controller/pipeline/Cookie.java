package io.tenet.controller.pipeline;

import java.util.Locale;

/**
 * The 64-bit cookie of every flow Tenet installs:
 *
 * <pre>
 *  63      56 55     48 47          32 31                      0
 * +----------+---------+--------------+-------------------------+
 * |  owner   | category|  generation  |  object id              |
 * |  0x7e    |         |              |  from {@link CookieIds}  |
 * +----------+---------+--------------+-------------------------+
 * </pre>
 *
 * The owner byte lets the reconciler dump, audit and delete exactly Tenet's flows (by cookie mask) and leave
 * other owners' flows alone. The category and object id name the model object that produced a flow; object ids
 * are allocated so that no two live objects share one ({@link CookieIds}). The generation is applied when a flow
 * is encoded ({@link #value(int)}), so that a full replacement can install a new generation and delete the old one
 * by mask ({@link #GENERATION_MASK}); the reconciler encodes generation 0 until it replaces pipelines in bundles.
 * A cookie here carries no generation; the record's {@code objectKey} is kept for listings and never sent.
 */
public record Cookie(Category category, int objectId, String objectKey) {
    public static final long OWNER = 0x7eL << 56;
    public static final long OWNER_MASK = 0xffL << 56;
    /**
     * The owner byte of flows a switch learned on Tenet's behalf (client-IP affinity): not Tenet's, so the
     * reconciler neither reads them back nor deletes them; they expire, and go with the flow that learned them.
     */
    public static final long LEARNED_OWNER = 0x7dL << 56;
    /** The generation field of the cookie value. */
    public static final long GENERATION_MASK = 0xffffL << 32;
    /** The cookie of table misses and other flows that belong to no object. */
    public static final Cookie PIPELINE = new Cookie(Category.PIPELINE, 0, "");

    /** What kind of model object a flow belongs to. */
    public enum Category {
        /** Table misses and other flows that belong to no object. */
        PIPELINE(1),
        /** Flows of a network: tunnel classification, conntrack, commit and floods. */
        NETWORK(2),
        /** Flows of an endpoint: classification, ARP answers, delivery. */
        ENDPOINT(3),
        /** Flows of a policy rule on one group, and a group's default deny. */
        POLICY(4),
        /** Flows and groups of a service: its VIP's ARP answer, its ports' balancing, its providers' delivery. */
        SERVICE(5);

        final int code;

        Category(int code) {
            this.code = code;
        }

        static Category of(int code) {
            for (Category c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }
    }

    /** Who owns the flow, for people: {@code endpoint c1-eth0}, {@code network t:blue}, {@code pipeline}. */
    public String owner() {
        String kind = category.name().toLowerCase(Locale.ROOT);
        return objectKey.isEmpty() ? kind : kind + " " + objectKey;
    }

    /** The value on the wire, in generation 0. */
    public long value() {
        return value(0);
    }

    /** The value on the wire for flows installed in {@code generation} (0-65535). */
    /** The cookie of the flows learned by this cookie's flows: the same but for the owner byte. */
    public long learned() {
        return value() & ~OWNER_MASK | LEARNED_OWNER;
    }

    public long value(int generation) {
        return OWNER | (long) category.code << 48 | (generation & 0xffffL) << 32 | (objectId & 0xffffffffL);
    }

    /** Decodes a cookie read from a switch (its object key unknown); null when it is not Tenet's. */
    public static Cookie decode(long cookie) {
        if ((cookie & OWNER_MASK) != OWNER) {
            return null;
        }
        Category c = Category.of((int) (cookie >>> 48 & 0xff));
        return c == null ? null : new Cookie(c, (int) cookie, "");
    }

}
