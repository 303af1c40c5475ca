package io.tenet.controller.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared trees of slices: what a switch references covers exactly the leaves it needs, and little changes. */
class PartTreeTest {
    private static List<Part> leaves(int n, String tag) {
        List<Part> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Part.of(new PartKey("leaf", i), tag + i, Part.Contents.flows(List.of())));
        }
        return out;
    }

    /** The leaves under {@code parts}, each once. */
    private static List<Part> covered(List<Part> parts, Set<Part> leafSet) {
        List<Part> out = new ArrayList<>();
        for (Part p : parts) {
            if (leafSet.contains(p)) {
                out.add(p);
            } else {
                out.addAll(covered(p.children(), leafSet));
            }
        }
        return out;
    }

    @Test
    void everyLeafButOneIsCoveredOnceWithFewReferences() {
        for (int n = 1; n <= 300; n += n < 20 ? 1 : 37) {
            List<Part> leaves = leaves(n, "a");
            Set<Part> leafSet = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            leafSet.addAll(leaves);
            PartTree tree = PartTree.of("t", leaves, null);
            assertEquals(leaves, covered(List.of(tree.root()), leafSet), "the root covers all " + n);
            for (int i = 0; i < n; i++) {
                List<Part> refs = new ArrayList<>();
                tree.allExcept(i, refs);
                List<Part> expected = new ArrayList<>(leaves);
                expected.remove(i);
                assertEquals(expected, covered(refs, leafSet), "all but " + i + " of " + n);
                assertTrue(refs.size() <= (PartTree.FAN_OUT - 1) * 4, refs.size() + " references for " + n);
                Set<PartKey> keys = new HashSet<>();
                refs.forEach(r -> assertTrue(keys.add(r.key()), "keys are distinct among siblings"));
            }
        }
    }

    @Test
    void aChangedLeafRenewsOnlyTheNodesAboveIt() {
        List<Part> leaves = leaves(100, "a");
        PartTree before = PartTree.of("t", leaves, null);
        List<Part> changed = new ArrayList<>(leaves);
        changed.set(37, Part.of(new PartKey("leaf", 37), "b37", Part.Contents.flows(List.of())));
        PartTree after = PartTree.of("t", changed, before);
        assertNotSame(before.root(), after.root());
        List<Part> beforeRefs = new ArrayList<>();
        List<Part> afterRefs = new ArrayList<>();
        before.allExcept(80, beforeRefs);
        after.allExcept(80, afterRefs);
        int same = 0;
        for (int i = 0; i < afterRefs.size(); i++) {
            if (afterRefs.get(i) == beforeRefs.get(i)) {
                same++;
            }
        }
        assertEquals(afterRefs.size() - 1, same, "only the subtree holding leaf 37 is new: " + afterRefs);
        assertSame(before.root(), PartTree.of("t", leaves, before).root(), "unchanged leaves keep the whole tree");
    }
}
