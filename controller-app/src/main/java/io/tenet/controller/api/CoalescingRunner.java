package io.tenet.controller.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one piece of work whenever there is input for it, never twice at once: what the reconciler runs per
 * switch, and what every model subscriber runs. Inputs submitted while a run is in progress (or waiting) are
 * merged into one with {@code merge} (latest wins, or {@link ModelChange#then}), and one more run follows with the
 * merged input. A run that throws is retried after a back-off that doubles up to a maximum, with its input merged
 * with whatever arrived meanwhile; inputs that arrive during the back-off wait for it. {@link #requestAudit} asks
 * for a run flagged as an audit (the reconciler then reads the switch back instead of trusting memory), with the
 * pending input or, when there is none, the last one.
 *
 * <pre>
 *   submit(a) -> run(a) ........ -> run(b+c) -> idle
 *   submit(b) ------^   submit(c) ---^            (b and c arrived during run(a): merged, one run)
 * </pre>
 */
public final class CoalescingRunner<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoalescingRunner.class);

    /** The work; throwing asks for a retry after the back-off. */
    @FunctionalInterface
    public interface Work<T> {
        void run(T input, boolean audit) throws Exception;
    }

    /** Schedules a task after a delay; fakes of it drive back-off in tests without sleeping. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Duration delay, Runnable task);

        static Scheduler of(ScheduledExecutorService executor) {
            return (delay, task) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Retry delays: {@code initial}, doubled after every further failure in a row, at most {@code max}. */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

        public Duration after(int failures) {
            long ms = initial.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
            return Duration.ofMillis(Math.min(ms, max.toMillis()));
        }
    }

    /** Runs finished (successful or not), failures among them, and the last failure (empty after a success). */
    public record Status(long runs, long failures, String lastError) {
    }

    private final String name;
    private final Executor executor;
    private final Scheduler scheduler;
    private final BinaryOperator<T> merge;
    private final Work<T> work;
    private final Backoff backoff;
    private T pending;
    private boolean auditPending;
    private T last;
    private boolean running;
    private boolean backingOff;
    private boolean closed;
    private int failuresInARow;
    private long runs;
    private long failures;
    private String lastError = "";

    public CoalescingRunner(String name, Executor executor, Scheduler scheduler, BinaryOperator<T> merge,
            Backoff backoff, Work<T> work) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.merge = Objects.requireNonNull(merge, "merge");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.work = Objects.requireNonNull(work, "work");
    }

    /** Latest wins: the merge of inputs that each describe the whole desired state. */
    public static <T> BinaryOperator<T> latest() {
        return (older, newer) -> newer;
    }

    /** Hands {@code input} to the work: now if idle, else merged into the next run. */
    public synchronized void submit(T input) {
        Objects.requireNonNull(input, "input");
        if (closed) {
            return;
        }
        pending = pending == null ? input : merge.apply(pending, input);
        startIfIdle();
    }

    /** Asks for a run flagged as an audit, on the pending input or else the last one; nothing before any input. */
    public synchronized void requestAudit() {
        if (closed || pending == null && last == null) {
            return;
        }
        auditPending = true;
        startIfIdle();
    }

    public synchronized Status status() {
        return new Status(runs, failures, lastError);
    }

    private void startIfIdle() {
        if (!running && !backingOff && (pending != null || auditPending && last != null)) {
            running = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            T input;
            boolean audit;
            synchronized (this) {
                if (closed || pending == null && !(auditPending && last != null)) {
                    running = false;
                    return;
                }
                input = pending != null ? pending : last;
                audit = auditPending;
                pending = null;
                auditPending = false;
            }
            Exception failure = null;
            Duration retryIn;
            try {
                work.run(input, audit);
            } catch (Exception e) {
                failure = e;
            } catch (Error e) {
                synchronized (this) {
                    // Kept for the next run, so that merged inputs (model changes) never lose what this one held.
                    pending = pending == null ? input : merge.apply(input, pending);
                    auditPending |= audit;
                    running = false;
                }
                throw e;
            }
            synchronized (this) {
                runs++;
                if (failure == null) {
                    last = input;
                    if (failuresInARow > 0) {
                        log.info("{} succeeded again after {} failed attempt(s)", name, failuresInARow);
                    }
                    failuresInARow = 0;
                    lastError = "";
                    continue;
                }
                retryIn = backoff.after(failuresInARow + 1);
                failures++;
                failuresInARow++;
                lastError = String.valueOf(failure.getMessage());
                pending = pending == null ? input : merge.apply(input, pending);
                auditPending |= audit;
                Duration delay = retryIn;
                if (failuresInARow == 1 || failuresInARow % 10 == 0) {
                    log.warn("{} failed ({} time(s) in a row): {}. It is retried with back-off (next in {} ms) with the"
                            + " newest input; the error says what to fix.", name, failuresInARow, failure.toString(),
                            delay.toMillis());
                } else {
                    log.debug("{} failed again (attempt {}): {}; next try in {} ms", name, failuresInARow,
                            failure.toString(), delay.toMillis());
                }
                running = false;
                backingOff = true;
            }
            scheduler.schedule(retryIn, this::backoffOver);
            return;
        }
    }

    private synchronized void backoffOver() {
        backingOff = false;
        startIfIdle();
    }

    /** Stops: no run starts any more (one in progress finishes). */
    @Override
    public synchronized void close() {
        closed = true;
        pending = null;
    }

    @Override
    public String toString() {
        return name;
    }
}
