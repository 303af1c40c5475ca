package io.tenet.store.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cuts short gRPC's wait between attempts to reconnect to etcd.
 *
 * <p>When every member has been unreachable, gRPC waits longer after each failed connection attempt (1 s, then 1.6
 * times more each time, up to 2 minutes), so a controller would stay cut off from an etcd that is back, for as long
 * again as the outage lasted: measured here, 7 s after a 20 s outage. Each request etcd did not answer asks the
 * channel to try again now instead, at most once per {@link #MIN_INTERVAL_NANOS}.
 *
 * <p>jetcd 0.7 does not expose its channel, so it is found in the client's connection manager by reflection; with
 * a jetcd that keeps it elsewhere this does nothing but log once, and reconnection falls back to gRPC's own pace.
 */
final class ConnectBackoff {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConnectBackoff.class);
    /** At most one reset per half second: enough for a member that is back to be found at once. */
    static final long MIN_INTERVAL_NANOS = 500_000_000L;
    private final Client client;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);
    private volatile ManagedChannel channel;
    private volatile boolean unavailable;

    ConnectBackoff(Client client) {
        this.client = client;
    }

    /** After a request etcd did not answer: have the channel try to connect again now, not after its backoff. */
    void reset() {
        long now = System.nanoTime();
        long before = last.get();
        if (now - before < MIN_INTERVAL_NANOS || !last.compareAndSet(before, now)) {
            return;
        }
        ManagedChannel c = channel();
        if (c != null) {
            c.resetConnectBackoff();
        }
    }

    private ManagedChannel channel() {
        if (channel != null || unavailable) {
            return channel;
        }
        try {
            Field manager = client.getClass().getDeclaredField("connectionManager");
            manager.setAccessible(true);
            Object connections = manager.get(client);
            Method getChannel = connections.getClass().getDeclaredMethod("getChannel");
            getChannel.setAccessible(true);
            channel = (ManagedChannel) getChannel.invoke(connections);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            log.warn("Cannot reach the etcd client's channel ({}): after an outage of every etcd member, reconnecting"
                    + " follows gRPC's backoff (up to 2 minutes)", e.toString());
        }
        return channel;
    }
}
