package io.tenet.controller.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.pipeline.Cookie.Category;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cookie ids: stable first choices, never shared by two live objects, forgotten when no flow holds them. */
class CookieIdsTest {
    @Test
    void theFirstChoiceIsTheKeysHashAndALiveObjectKeepsItsCookie() {
        CookieIds ids = new CookieIds();
        Cookie a = ids.cookie(Category.ENDPOINT, "c1-eth0");
        assertEquals("c1-eth0".hashCode(), a.objectId(), "stable across controller runs and versions");
        assertSame(a, ids.cookie(Category.ENDPOINT, "c1-eth0"));
        assertNotEquals(a, ids.cookie(Category.NETWORK, "c1-eth0"), "categories are apart");
        assertEquals(a, ids.lookup(a.value(3)).orElseThrow(), "a cookie read back names its object, any generation");
    }

    @Test
    void objectsWhoseKeysCollideNeverShareAnId() {
        CookieIds ids = new CookieIds();
        // "Aa" and "BB" have the same String hash, and so do all their concatenations of one length.
        List<String> keys = new ArrayList<>(List.of("Aa", "BB"));
        for (int round = 0; round < 9; round++) {
            List<String> next = new ArrayList<>();
            for (String k : keys) {
                next.add(k + "Aa");
                next.add(k + "BB");
            }
            keys = next;
        }
        List<Cookie> live = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String k : keys) {
            Cookie c = ids.cookie(Category.POLICY, k);
            live.add(c);
            assertTrue(seen.add(c.objectId()), "two live objects share id " + c.objectId());
        }
        assertEquals(1024, seen.size());
        for (Cookie c : live) {
            assertEquals(c, ids.lookup(c.value()).orElseThrow());
        }
    }

    @Test
    void cookiesNoFlowHoldsAreForgottenAndTheirIdsFreed() throws InterruptedException {
        CookieIds ids = new CookieIds();
        List<Cookie> kept = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Cookie c = ids.cookie(Category.ENDPOINT, "e" + i);
            if (i % 2 == 0) {
                kept.add(c);
            }
        }
        for (int tries = 0; tries < 50 && ids.size() > kept.size(); tries++) {
            System.gc();
            for (int i = 0; i < 2048; i++) {
                // Allocations are what sweep the forgotten entries.
                ids.cookie(Category.PIPELINE, "probe" + tries + "-" + i);
            }
            Thread.sleep(10);
        }
        for (Cookie c : kept) {
            assertSame(c, ids.cookie(Category.ENDPOINT, c.objectKey()), "a held cookie stays");
            assertEquals(c, ids.lookup(c.value()).orElseThrow());
        }
        Set<Integer> endpointIds = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            assertTrue(endpointIds.add(ids.cookie(Category.ENDPOINT, "e" + i).objectId()));
        }
    }
}
