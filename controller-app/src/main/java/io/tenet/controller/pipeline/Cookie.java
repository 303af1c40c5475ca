package io.tenet.controller.pipeline;

/**
 * The 64-bit cookie of every flow Tenet installs:
 *
 * <pre>
 *  63      56 55     48 47          32 31                      0
 * +----------+---------+--------------+-------------------------+
 * |  owner   | category|  generation  |  object id              |
 * |  0x7e    |         |  (reserved)  |  hash of the object key |
 * +----------+---------+--------------+-------------------------+
 * </pre>
 *
 * The owner byte lets the reconciler dump, audit and delete exactly Tenet's flows (by cookie mask) and leave
 * other owners' flows alone. The category and object id name the model object that produced a flow. The
 * generation field is reserved for replacing a whole pipeline in one bundle; it is 0 today.
 */
public record Cookie(Category category, int objectId, String objectKey) {
    public static final long OWNER = 0x7eL << 56;
    public static final long OWNER_MASK = 0xffL << 56;

    /** What kind of model object a flow belongs to. */
    public enum Category {
        /** Table misses and other flows that belong to no object. */
        PIPELINE(1),
        /** Flows of a network: tunnel classification and floods. */
        NETWORK(2),
        /** Flows of an endpoint: classification, ARP answers, delivery. */
        ENDPOINT(3),
        /** Flows of a policy rule on one group, and a group's default deny. */
        POLICY(4);

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

    /** The cookie of the flows of one model object; its key is kept for listings, not sent to the switch. */
    public static Cookie of(Category category, String objectKey) {
        return new Cookie(category, objectKey.hashCode(), objectKey);
    }

    /** Who owns the flow, for people: {@code endpoint c1-eth0}, {@code network t:blue}, {@code pipeline}. */
    public String owner() {
        String kind = category.name().toLowerCase(java.util.Locale.ROOT);
        return objectKey.isEmpty() ? kind : kind + " " + objectKey;
    }

    public long value() {
        return OWNER | (long) category.code << 48 | (objectId & 0xffffffffL);
    }

    /** Decodes a cookie read from a switch; null when it is not Tenet's. */
    public static Cookie decode(long cookie) {
        if ((cookie & OWNER_MASK) != OWNER) {
            return null;
        }
        Category c = Category.of((int) (cookie >>> 48 & 0xff));
        return c == null ? null : new Cookie(c, (int) cookie, "");
    }
}
