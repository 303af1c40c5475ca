package io.tenet.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The persistent map against a plain HashMap over random puts and removes, across the sizes where it changes its
 * number of shards (1, 16, 256); and every earlier version must stay as it was.
 */
class PersistentMapPropertyTest {
    @Property(tries = 60)
    void behavesAsAMapAndKeepsEveryVersion(@ForAll @Size(max = 400) List<@IntRange(min = -12000, max = 12000) Integer> ops,
            @ForAll @IntRange(min = 0, max = 9000) int preload) {
        PersistentMap.Builder<Integer, String> init = PersistentMap.<Integer, String>empty().toBuilder();
        Map<Integer, String> model = new HashMap<>();
        for (int i = 0; i < preload; i++) {
            init.put(i, "p" + i);
            model.put(i, "p" + i);
        }
        PersistentMap<Integer, String> map = init.build();
        List<PersistentMap<Integer, String>> versions = new ArrayList<>();
        List<Map<Integer, String>> expected = new ArrayList<>();
        for (int op : ops) {
            if (op >= 0) {
                map = map.with(op % 9500, "v" + op);
                model.put(op % 9500, "v" + op);
            } else {
                map = map.without(-op % 9500);
                model.remove(-op % 9500);
            }
            if (versions.size() < 20) {
                versions.add(map);
                expected.add(new HashMap<>(model));
            }
        }
        assertEquals(model, map);
        assertEquals(model.hashCode(), map.hashCode());
        assertEquals(model.size(), map.size());
        int count = 0;
        for (Map.Entry<Integer, String> e : map.entrySet()) {
            assertEquals(model.get(e.getKey()), e.getValue());
            count++;
        }
        assertEquals(model.size(), count, "iteration visits every entry once");
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(expected.get(i), versions.get(i), "version " + i + " changed after later writes");
        }
    }

    @Property(tries = 30)
    void aBuilderPublishesItsChangesOnce(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 600) Integer> keys) {
        PersistentMap<Integer, Integer> base = PersistentMap.empty();
        PersistentMap.Builder<Integer, Integer> b = base.toBuilder();
        Map<Integer, Integer> model = new HashMap<>();
        for (int k : keys) {
            if (k % 3 == 0) {
                b.remove(k / 2);
                model.remove(k / 2);
            } else {
                b.put(k / 2, k);
                model.put(k / 2, k);
            }
            assertEquals(model.get(k / 2), b.get(k / 2));
        }
        PersistentMap<Integer, Integer> built = b.build();
        assertEquals(model, built);
        assertTrue(base.isEmpty(), "the map a builder started from is unchanged");
        assertFalse(built.containsKey(-1));
    }
}
