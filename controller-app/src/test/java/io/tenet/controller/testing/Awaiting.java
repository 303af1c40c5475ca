package io.tenet.controller.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds (every 5 ms, for up to 10 s), for the tests of what happens on another thread:
 * a watch, a subscriber, a second model on the same store. In the test jar, so a store's own module uses it too.
 */
public final class Awaiting {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Awaiting() {
    }

    /** Returns once {@code condition} holds; fails the test, saying {@code what} was awaited, after the limit. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(condition, () -> what);
    }

    /** As {@link #await(String, BooleanSupplier)}; {@code state} is asked what was seen only on a failure. */
    public static void await(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT.toSeconds() + " s waiting for " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
