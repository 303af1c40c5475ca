package io.tenet.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One etcd watch that is started again when it fails, of which only the latest is heard. Each etcd watch started
 * gets a listener of its own; what an ended or replaced one still reports is ignored, and a failure that asks for
 * a restart closes it and schedules exactly one restart. However long etcd stays away there is one watch and at
 * most one restart pending (a failed watch restarted while the client also resumed it would double the watches
 * at each failure). Its callbacks run under its lock: they must not call back into it but for {@link #restart}.
 */
final class LatestWatch implements AutoCloseable {
    static final long RETRY_MS = 500;
    private final Client client;
    private final ByteSequence key;
    private final Supplier<WatchOption> option;
    private final Consumer<WatchResponse> onNext;
    private final Predicate<Throwable> restartOn;
    private final ScheduledExecutorService thread;
    /** Counts the etcd watches started; only the latest one's listener is heard. Guarded by this. */
    private long generation;
    private Watch.Watcher current;
    private boolean closed;

    /**
     * Watches {@code key} with {@code option} (asked again at each start), on {@code thread}'s schedule for
     * restarts; {@code restartOn} is told each failure and says whether to start again ({@link #RETRY_MS} later).
     */
    LatestWatch(Client client, ByteSequence key, Supplier<WatchOption> option, Consumer<WatchResponse> onNext,
            Predicate<Throwable> restartOn, ScheduledExecutorService thread) {
        this.client = client;
        this.key = key;
        this.option = option;
        this.onNext = onNext;
        this.restartOn = restartOn;
        this.thread = thread;
    }

    /** Starts the etcd watch, or starts it again now, closing the one before. */
    synchronized void start() {
        if (closed) {
            return;
        }
        if (current != null) {
            current.close();
        }
        long g = ++generation;
        current = client.getWatchClient().watch(key, option.get(), Watch.listener(r -> {
            synchronized (this) {
                if (generation == g && !closed) {
                    onNext.accept(r);
                }
            }
        }, e -> {
            synchronized (this) {
                if (generation == g && !closed && restartOn.test(e)) {
                    restart();
                }
            }
        }));
    }

    /** Starts the watch again {@link #RETRY_MS} from now, unless another has been started meanwhile. */
    synchronized void restart() {
        long g = ++generation; // the watch before is heard no more
        thread.schedule(() -> {
            synchronized (this) {
                if (generation == g) {
                    start();
                }
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.close();
        }
    }
}
