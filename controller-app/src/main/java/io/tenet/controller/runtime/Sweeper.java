package io.tenet.controller.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that looks at the model and the switches at a fixed pace, on a thread of its own, and reclaims what
 * has been wrong for longer than its timeout. A look that fails is logged and the next one runs as usual.
 */
abstract class Sweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private final String name;
    private final ScheduledExecutorService timer;

    Sweeper(String name) {
        this.name = name;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenet-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Looks every {@code every} ({@link #interval} of the timeout, by default). */
    final void start(Duration every) {
        timer.scheduleWithFixedDelay(this::lookSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A quarter of the timeout, at most a second: what is wrong is reclaimed soon after the timeout. */
    static Duration interval(Duration timeout) {
        return Duration.ofMillis(Math.max(50, Math.min(1000, timeout.toMillis() / 4)));
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            log.error("The {} check failed this round: {}", name, e.toString(), e);
        }
    }

    /** One look; returns the number of things reclaimed. */
    abstract int look();

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
