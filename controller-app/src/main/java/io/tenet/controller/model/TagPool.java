package io.tenet.controller.model;

import java.util.BitSet;

/** A global range of packet tags (VNIs or VLAN ids); allocation gives the lowest free one. */
final class TagPool {
    private final int min;
    private final int max;
    private final BitSet used = new BitSet();

    TagPool(int min, int max) {
        this.min = min;
        this.max = max;
    }

    boolean inRange(int tag) {
        return tag >= min && tag <= max;
    }

    /** Lowest free tag, or -1 when the range is exhausted. */
    int lowestFree() {
        int t = used.nextClearBit(min);
        return t > max ? -1 : t;
    }

    void take(int tag) {
        used.set(tag);
    }

    void release(int tag) {
        used.clear(tag);
    }

    String range() {
        return min + "-" + max;
    }
}
