package io.tenet.controller.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * IPAM against a trivially correct model: a sorted set of taken addresses. The pool is immutable: every version
 * a change leaves behind must still answer as it did.
 */
class AddressPoolPropertyTest {
    @Property(tries = 300)
    void allocationIsLowestFreeAndNeverDuplicates(@ForAll @IntRange(min = 24, max = 29) int length,
            @ForAll @Size(max = 120) List<@IntRange(min = -1, max = 60) Integer> ops) {
        Ipv4Prefix subnet = new Ipv4Prefix(Ipv4.parse("10.5.0.0"), length);
        Ipv4 gateway = subnet.network().plus(1);
        AddressPool pool = AddressPool.of(subnet, gateway);
        TreeSet<Long> taken = new TreeSet<>();
        for (int op : ops) {
            if (op < 0 || taken.isEmpty()) {
                Ipv4 a = pool.lowestFree();
                long expected = firstFree(subnet, gateway, taken);
                if (expected < 0) {
                    assertEquals(null, a);
                    continue;
                }
                assertEquals(expected, a.unsigned());
                assertNotEquals(gateway, a);
                assertTrue(subnet.contains(a) && !a.equals(subnet.network()) && !a.equals(subnet.broadcast()));
                AddressPool before = pool;
                pool = pool.with(a);
                assertTrue(before.isFree(a), "an earlier version of the pool is not changed by a later one");
                taken.add(a.unsigned());
            } else {
                Long victim = taken.stream().skip(op % taken.size()).findFirst().orElseThrow();
                pool = pool.without(new Ipv4((int) (long) victim));
                taken.remove(victim);
            }
            assertEquals(taken.size(), pool.allocatedCount());
        }
    }

    /** Chunks of 4,096 addresses: allocation walks across them, and only the touched one is copied. */
    @org.junit.jupiter.api.Test
    void allocationCrossesChunksOfALargeSubnet() {
        Ipv4Prefix subnet = Ipv4Prefix.parse("10.6.0.0/18");
        AddressPool pool = AddressPool.of(subnet, Ipv4.parse("10.6.63.254"));
        for (int i = 0; i < 5000; i++) {
            Ipv4 a = pool.lowestFree();
            assertEquals(subnet.network().plus(i + 1), a);
            pool = pool.with(a);
        }
        assertEquals(5000, pool.allocatedCount());
        // The gateway counts as allocated, as in Contiv; the network and broadcast addresses are never listed.
        assertEquals("10.6.0.1-10.6.19.136, 10.6.63.254", pool.ranges(true));
        pool = pool.without(Ipv4.parse("10.6.16.0"));
        assertEquals(Ipv4.parse("10.6.16.0"), pool.lowestFree());
        assertEquals("10.6.16.0, 10.6.19.137-10.6.63.253", pool.ranges(false));
    }

    private static long firstFree(Ipv4Prefix subnet, Ipv4 gateway, TreeSet<Long> taken) {
        for (long a = subnet.network().unsigned() + 1; a < subnet.broadcast().unsigned(); a++) {
            if (a != gateway.unsigned() && !taken.contains(a)) {
                return a;
            }
        }
        return -1;
    }
}
