package io.tenet.store.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.ModelStore.Commit;
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.StoreWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store watch on etcd: the events of the model's keys from one etcd revision on, turned back into commits. Each
 * commit is one etcd transaction, so its events share one etcd revision (and etcd never splits a revision across
 * responses); the transaction's write of {@code _revision} gives the commit its store revision. Events of other
 * transactions under the prefix carry no such write and are not commits. Deliveries run on this watch's own
 * thread, in order. When etcd can no longer serve the watch (its history compacted), the watcher is told to read
 * again; a lost connection is resumed by the client from the last revision delivered.
 */
final class EtcdWatch implements ModelStore.Watch, Watch.Listener {
    private static final Logger log = LoggerFactory.getLogger(EtcdWatch.class);
    private final Layout layout;
    private final StoreWatcher watcher;
    private final LongSupplier currentRevision;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tenet-etcd-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Watch.Watcher etcdWatch;

    private EtcdWatch(Layout layout, StoreWatcher watcher, LongSupplier currentRevision) {
        this.layout = layout;
        this.watcher = watcher;
        this.currentRevision = currentRevision;
    }

    /** Watches the model's keys from etcd revision {@code fromEtcdRevision} on. */
    static EtcdWatch start(Client client, Layout layout, long fromEtcdRevision, StoreWatcher watcher,
            LongSupplier currentRevision) {
        EtcdWatch w = new EtcdWatch(layout, watcher, currentRevision);
        WatchOption option = WatchOption.builder().withRange(Layout.bytes(layout.modelEnd()))
                .withRevision(fromEtcdRevision).withRequireLeader(true).build();
        w.etcdWatch = client.getWatchClient().watch(Layout.bytes(layout.model()), option, w);
        return w;
    }

    /** A watch that can only say that the history it would start from is gone. */
    static EtcdWatch compacted(StoreWatcher watcher, long currentRevision) {
        EtcdWatch w = new EtcdWatch(null, watcher, () -> currentRevision);
        w.deliver(() -> watcher.compacted(currentRevision));
        return w;
    }

    @Override
    public void onNext(WatchResponse response) {
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
            if (storeRevision > 0) {
                Commit commit = new Commit(storeRevision, writes);
                deliver(() -> watcher.committed(commit));
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        if (closed) {
            return;
        }
        log.warn("The etcd watch of the model stopped ({}); the model reads the store again", t.toString());
        deliver(() -> watcher.compacted(currentRevision.getAsLong()));
    }

    @Override
    public void onCompleted() {
    }

    private void deliver(Runnable r) {
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
                log.error("A store watcher failed: {}; it keeps receiving later commits", e.toString(), e);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Watch.Watcher w = etcdWatch;
        if (w != null) {
            w.close();
        }
        delivery.shutdown();
    }
}
