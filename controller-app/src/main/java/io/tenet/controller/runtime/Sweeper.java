package io.tenet.controller.runtime;

import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.SwitchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that looks at the model and the switches at a fixed pace, on a thread of its own, and reclaims what
 * has been wrong for longer than its timeout (deleting through the model, and telling the event log). A look
 * that fails is logged and the next one runs as usual. The clock is {@link System#nanoTime}'s, or a test's.
 */
abstract class Sweeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    final ModelAdminService model;
    final SwitchService switches;
    final EventLog events;
    final Duration timeout;
    final LongSupplier clock;
    private final String name;
    private final ScheduledExecutorService timer;

    Sweeper(String name, ModelAdminService model, SwitchService switches, EventLog events, Duration timeout,
            LongSupplier nanoClock) {
        this.name = name;
        this.model = model;
        this.switches = switches;
        this.events = events;
        this.timeout = timeout;
        this.clock = nanoClock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenet-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Looks every {@code every}. */
    final void start(Duration every) {
        timer.scheduleWithFixedDelay(this::lookSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts looking at the pace of {@link #interval}, unless the timeout is zero (never); returns it. */
    static <S extends Sweeper> S started(S sweeper) {
        if (!sweeper.timeout.isZero()) {
            sweeper.start(interval(sweeper.timeout));
        }
        return sweeper;
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
