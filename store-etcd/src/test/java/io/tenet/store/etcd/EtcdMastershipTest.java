package io.tenet.store.etcd;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mastership on a real etcd among three controllers' stores, each connected to the same 30 switches: exactly one
 * master per switch, spread over all three, each with its own generation; when a master dies without a word its
 * switches have new masters with larger generations once its lease lapses.
 */
class EtcdMastershipTest {
    private static final int SWITCHES = 30;
    private static final Duration TTL = Duration.ofSeconds(2);
    private EtcdCluster etcd;
    private final List<EtcdStore> stores = new ArrayList<>();
    private final List<EtcdMastership> controllers = new ArrayList<>();
    /** What each controller was last told, by switch: its generation when master, absent otherwise. */
    private final List<Map<Long, Long>> masterOf = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        etcd = EtcdCluster.start(1);
        for (int c = 0; c < 3; c++) {
            EtcdStore s = EtcdStoreProvider.open(etcd.endpoints(), new Layout(Layout.ROOT));
            stores.add(s);
            EtcdMastership m = (EtcdMastership) s.mastership(TTL);
            controllers.add(m);
            Map<Long, Long> mine = new ConcurrentHashMap<>();
            masterOf.add(mine);
            for (long dpid = 1; dpid <= SWITCHES; dpid++) {
                long d = dpid;
                m.join(dpid, (master, generation) -> {
                    if (master) {
                        mine.put(d, generation);
                    } else {
                        mine.remove(d);
                    }
                });
            }
        }
    }

    @AfterEach
    void stop() {
        controllers.forEach(EtcdMastership::close);
        stores.forEach(EtcdStore::close);
        etcd.close();
    }

    /** Whether every switch has exactly one master among the controllers still alive. */
    private boolean oneMasterEach(List<Integer> alive) {
        for (long dpid = 1; dpid <= SWITCHES; dpid++) {
            long d = dpid;
            if (alive.stream().filter(c -> masterOf.get(c).containsKey(d)).count() != 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void eachSwitchHasOneMasterTheyAreSpreadAndADeadMastersSwitchesAreTakenOver() throws Exception {
        await(() -> oneMasterEach(List.of(0, 1, 2)), () -> "one master each: " + masterOf);
        // Spread: after the hand-overs to the preferred candidates, none masters them all, each some.
        await(() -> masterOf.stream().allMatch(m -> m.size() >= 3), () -> "spread: " + sizes());
        Set<Long> generations = new HashSet<>();
        masterOf.forEach(m -> generations.addAll(m.values()));
        assertEquals(SWITCHES, generations.size(), "a generation of its own for each master: " + masterOf);
        Map<Long, Long> before = Map.copyOf(masterOf.get(0));

        long died = System.nanoTime();
        controllers.get(0).abandon();
        await(() -> before.keySet().stream().allMatch(d -> masterOf.get(1).containsKey(d)
                || masterOf.get(2).containsKey(d)), () -> "the dead master's switches taken over: " + masterOf);
        Duration took = Duration.ofNanos(System.nanoTime() - died);
        assertTrue(took.compareTo(TTL.plusSeconds(3)) < 0, "taken over in " + took);
        // Hand-overs between the survivors may follow (to each switch's preferred one): settled, one master each.
        await(() -> oneMasterEach(List.of(1, 2)), () -> "one master each among the survivors: " + masterOf);
        for (Map.Entry<Long, Long> e : before.entrySet()) {
            long now = Math.max(masterOf.get(1).getOrDefault(e.getKey(), -1L), masterOf.get(2).getOrDefault(e.getKey(),
                    -1L));
            assertTrue(now > e.getValue(), "switch " + e.getKey() + ": generation " + now + " after " + e.getValue());
        }
    }

    private List<Integer> sizes() {
        return masterOf.stream().map(Map::size).toList();
    }
}
