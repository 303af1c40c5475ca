package io.tenet.controller.model;

import io.tenet.controller.api.CoalescingRunner;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSubscriber;
import io.tenet.controller.api.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The model's subscribers, each behind its own {@link CoalescingRunner} on a thread of its own: publishing a
 * change only queues it, so a slow or failing subscriber never holds up a writer or another subscriber.
 */
final class Subscriptions implements AutoCloseable {
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenet-model-retry");
        t.setDaemon(true);
        return t;
    });

    private final class Entry implements Subscription {
        final ExecutorService thread;
        final CoalescingRunner<ModelChange> runner;

        Entry(String name, ModelSubscriber subscriber) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "tenet-model-" + name);
                t.setDaemon(true);
                return t;
            });
            runner = new CoalescingRunner<>("model subscriber " + name, thread,
                    CoalescingRunner.Scheduler.of(timer), ModelChange::then, CoalescingRunner.Backoff.DEFAULT,
                    (change, audit) -> subscriber.modelChanged(change));
        }

        @Override
        public CoalescingRunner.Status status() {
            return runner.status();
        }

        @Override
        public void close() {
            entries.remove(this);
            runner.close();
            thread.shutdown();
        }
    }

    /** Adds a subscriber whose first change is {@code initial}; the caller makes sure no change is published between. */
    Subscription add(String name, ModelSubscriber subscriber, ModelChange initial) {
        Entry e = new Entry(name, subscriber);
        e.runner.submit(initial);
        entries.add(e);
        return e;
    }

    void publish(ModelChange change) {
        for (Entry e : entries) {
            e.runner.submit(change);
        }
    }

    @Override
    public void close() {
        entries.forEach(Entry::close);
        timer.shutdownNow();
    }
}
