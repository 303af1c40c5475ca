package io.tenet.controller.model;

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

/** IPAM against a trivially correct model: a sorted set of taken addresses. */
class AddressPoolPropertyTest {
    @Property(tries = 300)
    void allocationIsLowestFreeAndNeverDuplicates(@ForAll @IntRange(min = 24, max = 29) int length,
            @ForAll @Size(max = 120) List<@IntRange(min = -1, max = 60) Integer> ops) {
        Ipv4Prefix subnet = new Ipv4Prefix(Ipv4.parse("10.5.0.0"), length);
        Ipv4 gateway = subnet.network().plus(1);
        AddressPool pool = new AddressPool(subnet, gateway);
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
                pool.take(a);
                taken.add(a.unsigned());
            } else {
                Long victim = taken.stream().skip(op % taken.size()).findFirst().orElseThrow();
                pool.release(new Ipv4((int) (long) victim));
                taken.remove(victim);
            }
            assertEquals(taken.size(), pool.allocatedCount());
        }
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
