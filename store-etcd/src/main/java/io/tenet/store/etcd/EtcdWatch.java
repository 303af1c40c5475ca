package io.tenet.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.support.Errors;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.ModelStore.Commit;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.StoreWatcher;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store watch on etcd: the events of the model's keys from one etcd revision on, turned back into commits. Each
 * commit is one etcd transaction, so its events share one etcd revision (and etcd never splits a revision across
 * responses); the transaction's write of {@code _revision} gives the commit its store revision. Events of other
 * transactions under the prefix carry no such write and are not commits. Deliveries run on this watch's own
 * thread, in order.
 *
 * <p>A lost connection is resumed by the client; a watch etcd ends (no leader, a halting error) is started again
 * here from the revision after the last one delivered, half a second later and again until it takes; and a watch
 * that stays behind the store for two checks in a row is started again the same way. Each etcd watch started has
 * a listener of its own, and only the latest one is heard: what an ended one still reports is ignored, so one
 * restart is ever pending, however long etcd stays away. Only when etcd no longer
 * holds that history (compacted) is the watcher told to read the whole store again, and told again until its read
 * succeeds.
 */
final class EtcdWatch implements ModelStore.Watch {
    private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);
    private static final long RETRY_MS = 500;
    /** How often the watch compares the store's revision with what it delivered. */
    private static final long CHECK_MS = 2000;
    private final Client client;
    private final Layout layout;
    private final StoreWatcher watcher;
    private final LongSupplier currentRevision;
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenet-etcd-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Watch.Watcher etcdWatch;
    /** Counts the etcd watches started; only the latest one's listener is heard. Guarded by this. */
    private long generation;
    /** Whether the watch has ended and not delivered since (its restarts are logged once). Guarded by this. */
    private boolean restarting;
    /** The etcd revision the watch goes on from: one past the last delivered. */
    private volatile long next;
    /** The store revision of the last commit delivered (at first, the one the watch starts after). */
    private volatile long delivered;
    /** What the last check saw: whether the store was ahead of the watch, and what had been delivered. */
    private boolean lastCheckBehind;
    private long lastCheckDelivered;

    private EtcdWatch(Client client, Layout layout, StoreWatcher watcher, LongSupplier currentRevision) {
        this.client = client;
        this.layout = layout;
        this.watcher = watcher;
        this.currentRevision = currentRevision;
    }

    /**
     * Watches the model's keys from etcd revision {@code fromEtcdRevision} on, the first after the store's
     * {@code afterRevision}.
     */
    static EtcdWatch start(Client client, Layout layout, long afterRevision, long fromEtcdRevision,
            StoreWatcher watcher, LongSupplier currentRevision) {
        EtcdWatch w = new EtcdWatch(client, layout, watcher, currentRevision);
        w.delivered = afterRevision;
        w.next = fromEtcdRevision;
        w.open();
        w.delivery.scheduleWithFixedDelay(w::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
        return w;
    }

    private synchronized void open() {
        if (closed) {
            return;
        }
        if (etcdWatch != null) {
            etcdWatch.close();
        }
        WatchOption option = WatchOption.builder().withRange(Layout.bytes(layout.modelEnd()))
                .withRevision(next).withRequireLeader(true).build();
        etcdWatch = client.getWatchClient().watch(Layout.bytes(layout.model()), option, new Listener(++generation));
    }

    /** Starts the etcd watch again in half a second, unless another has been started meanwhile. */
    private synchronized void reopenLater() {
        long g = ++generation; // the ended watch is heard no more
        delivery.schedule(() -> {
            synchronized (this) {
                if (generation == g) {
                    open();
                }
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    /** What one etcd watch reports, heard while it is the latest. */
    private final class Listener implements Watch.Listener {
        private final long generation;

        Listener(long generation) {
            this.generation = generation;
        }

        private boolean current() {
            return generation == EtcdWatch.this.generation && !closed;
        }

        @Override
        public void onNext(WatchResponse response) {
            synchronized (EtcdWatch.this) {
                if (current()) {
                    received(response);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            synchronized (EtcdWatch.this) {
                if (current()) {
                    failed(t);
                }
            }
        }

        @Override
        public void onCompleted() {
        }
    }

    /** A watch that can only say that the history it would start from is gone. */
    static EtcdWatch compacted(StoreWatcher watcher, LongSupplier currentRevision) {
        EtcdWatch w = new EtcdWatch(null, null, watcher, currentRevision);
        w.tellCompacted();
        return w;
    }

    private void received(WatchResponse response) {
        restarting = false;
        List<WatchEvent> events = response.getEvents();
        int i = 0;
        while (i < events.size()) {
            long etcdRevision = events.get(i).getKeyValue().getModRevision();
            List<Write> writes = new ArrayList<>();
            long storeRevision = -1;
            for (; i < events.size() && events.get(i).getKeyValue().getModRevision() == etcdRevision; i++) {
                WatchEvent e = events.get(i);
                KeyValue kv = e.getKeyValue();
                String key = Layout.text(kv.getKey());
                boolean put = e.getEventType() == WatchEvent.EventType.PUT;
                if (key.equals(layout.revisionKey())) {
                    storeRevision = put ? Long.parseLong(Layout.text(kv.getValue())) : -1;
                    continue;
                }
                Layout.Document doc = layout.document(key);
                if (doc != null) {
                    writes.add(put ? Write.put(doc.collection(), doc.key(), Layout.text(kv.getValue()))
                            : Write.delete(doc.collection(), doc.key()));
                }
            }
            if (etcdRevision < next) {
                continue; // delivered already, by the watch this one replaced
            }
            next = etcdRevision + 1;
            if (storeRevision > 0) {
                Commit commit = new Commit(storeRevision, writes);
                delivered = storeRevision;
                deliver(() -> watcher.committed(commit));
            }
        }
    }

    private void failed(Throwable t) {
        Status status = Status.fromThrowable(t);
        if (t instanceof CompactedException || String.valueOf(t.getMessage()).contains("has been compacted")) {
            log.warn("etcd no longer holds the model's history from revision {}; the model reads the store again",
                    next);
            tellCompacted();
        } else if (Errors.isHaltError(status) || Errors.isNoLeaderError(status)) {
            if (restarting) {
                log.debug("etcd ended the watch of the model again ({}); watching again", t.getMessage());
            } else {
                log.warn("etcd ended the watch of the model ({}); watching again from revision {} every {} ms until"
                        + " it takes", t.getMessage(), next, RETRY_MS);
            }
            restarting = true;
            reopenLater();
        } else {
            log.info("The etcd watch of the model lost its connection ({}); the client resumes it", t.getMessage());
        }
    }

    /**
     * The safety net under the client's own resumption: when the store has stayed ahead of what this watch
     * delivered for two checks in a row, the etcd watch is started again from the next revision.
     */
    private void check() {
        if (closed) {
            return;
        }
        long current;
        try {
            current = currentRevision.getAsLong();
        } catch (RuntimeException e) {
            return; // etcd unreachable: nothing to compare; the next check tries again
        }
        long seen = delivered;
        boolean behind = current > seen;
        if (behind && lastCheckBehind && seen == lastCheckDelivered) {
            log.warn("The etcd watch of the model delivered revision {} while the store is at {}; watching again"
                    + " from etcd revision {}", seen, current, next);
            open();
            behind = false;
        }
        lastCheckBehind = behind;
        lastCheckDelivered = seen;
    }

    /** Tells the watcher to read again, and again every half second while its reading fails. */
    private void tellCompacted() {
        deliver(() -> watcher.compacted(currentRevision.getAsLong()), e -> {
            log.warn("Reading the store again failed ({}); trying again", e.getMessage());
            delivery.schedule(this::tellCompacted, RETRY_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void deliver(Runnable r) {
        deliver(r, e -> log.error("A store watcher failed: {}; it keeps receiving later commits", e.toString(), e));
    }

    /** Runs {@code r} on the delivery thread unless the watch is closed; {@code failed} takes what it throws. */
    private void deliver(Runnable r, java.util.function.Consumer<RuntimeException> failed) {
        if (closed) {
            return;
        }
        delivery.execute(() -> {
            if (closed) {
                return;
            }
            try {
                r.run();
            } catch (RuntimeException e) {
                failed.accept(e);
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        Watch.Watcher w = etcdWatch;
        if (w != null) {
            w.close();
        }
        delivery.shutdown();
    }
}
