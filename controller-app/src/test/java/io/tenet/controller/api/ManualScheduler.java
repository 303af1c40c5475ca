package io.tenet.controller.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link CoalescingRunner.Scheduler} whose tasks run only when a test says so: back-off without sleeping. */
public final class ManualScheduler implements CoalescingRunner.Scheduler {
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        tasks.add(task);
        delays.add(delay);
    }

    public synchronized int pending() {
        return tasks.size();
    }

    /** The delays asked for, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Runs every task scheduled so far (tasks they schedule wait for the next call). */
    public void runAll() {
        List<Runnable> due;
        synchronized (this) {
            due = new ArrayList<>(tasks);
            tasks.clear();
        }
        due.forEach(Runnable::run);
    }
}
