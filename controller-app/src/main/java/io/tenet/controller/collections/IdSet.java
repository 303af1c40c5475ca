package io.tenet.controller.collections;

import java.util.BitSet;

/**
 * The numbers of a range that are taken (VNIs, VLAN ids, group ids). Immutable; a change copies the bits, which
 * for the largest range (65,535 group ids) is 8 KiB. Allocation gives the lowest free number.
 */
public final class IdSet {
    private final int min;
    private final int max;
    private final BitSet used;

    private IdSet(int min, int max, BitSet used) {
        this.min = min;
        this.max = max;
        this.used = used;
    }

    public static IdSet range(int min, int max) {
        return new IdSet(min, max, new BitSet());
    }

    public boolean inRange(int id) {
        return id >= min && id <= max;
    }

    /** Lowest free number, or -1 when the range is exhausted. */
    public int lowestFree() {
        int t = used.nextClearBit(min);
        return t > max ? -1 : t;
    }

    /** This set with {@code id} taken (numbers outside the range are not tracked). */
    public IdSet with(int id) {
        if (!inRange(id) || used.get(id)) {
            return this;
        }
        BitSet b = (BitSet) used.clone();
        b.set(id);
        return new IdSet(min, max, b);
    }

    public IdSet without(int id) {
        if (!inRange(id) || !used.get(id)) {
            return this;
        }
        BitSet b = (BitSet) used.clone();
        b.clear(id);
        return new IdSet(min, max, b);
    }

    public String range() {
        return min + "-" + max;
    }
}
