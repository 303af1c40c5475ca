package io.tenet.controller.model;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The addresses of one subnet: the network and broadcast addresses and the gateway are reserved; allocation
 * gives the lowest free address. Not thread-safe: the model manager serialises access.
 */
final class AddressPool {
    private final Ipv4Prefix subnet;
    private final BitSet used = new BitSet();
    private final int reserved;

    AddressPool(Ipv4Prefix subnet, Ipv4 gateway) {
        this.subnet = subnet;
        used.set(0);
        used.set((int) subnet.size() - 1);
        if (gateway != null) {
            used.set(offset(gateway));
        }
        reserved = used.cardinality();
    }

    private int offset(Ipv4 a) {
        return (int) (a.unsigned() - subnet.network().unsigned());
    }

    boolean isFree(Ipv4 a) {
        return subnet.contains(a) && !used.get(offset(a));
    }

    /** Lowest free address, or null when the subnet is full. */
    Ipv4 lowestFree() {
        int i = used.nextClearBit(1);
        return i >= subnet.size() - 1 ? null : subnet.network().plus(i);
    }

    void take(Ipv4 a) {
        used.set(offset(a));
    }

    void release(Ipv4 a) {
        if (subnet.contains(a)) {
            used.clear(offset(a));
        }
    }

    int allocatedCount() {
        return used.cardinality() - reserved;
    }

    /** Address ranges as Contiv prints them: {@code 10.1.0.1-10.1.0.3, 10.1.0.7}. */
    String ranges(boolean allocated) {
        List<String> out = new ArrayList<>();
        BitSet set = (BitSet) used.clone();
        if (!allocated) {
            set.flip(1, (int) subnet.size() - 1);
        } else {
            set.clear(0);
            set.clear((int) subnet.size() - 1);
        }
        int i = set.nextSetBit(1);
        while (i >= 0 && i < subnet.size() - 1) {
            int end = set.nextClearBit(i) - 1;
            end = (int) Math.min(end, subnet.size() - 2);
            out.add(i == end ? subnet.network().plus(i).toString()
                    : subnet.network().plus(i) + "-" + subnet.network().plus(end));
            i = set.nextSetBit(end + 1);
        }
        return String.join(", ", out);
    }
}
