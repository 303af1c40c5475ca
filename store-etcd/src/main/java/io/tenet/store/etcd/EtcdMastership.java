package io.tenet.store.etcd;

import static io.tenet.store.etcd.Layout.bytes;
import static io.tenet.store.etcd.Layout.text;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.tenet.controller.store.Mastership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switch mastership on etcd. Each controller holds one lease of the configured TTL, renewed every third of it.
 * For each switch it is connected to, it puts a candidate key under its lease; the master is whoever holds the
 * switch's owner key, created under the owner's lease only if absent (a transaction), and the key's creation
 * revision is the master's generation id: a new master always has a larger one. When a controller dies its lease
 * lapses, etcd deletes its keys, and the watchers of the owner keys elect another at once.
 *
 * <p>Spread: of a switch's candidates, the preferred is the one whose id hashes highest with the switch's (a
 * rendezvous hash), so switches spread evenly over the controllers connected to them. The preferred candidate
 * claims a free switch at once, the others only after {@link #CLAIM_DELAY_MS}; a master that is not the
 * preferred candidate for two checks in a row gives the switch up to it.
 *
 * <p>A controller that cannot renew its lease for a whole TTL (etcd unreachable) stops being master of anything
 * at once: by then another controller may have taken its switches.
 */
final class EtcdMastership implements Mastership {
    private static final Logger log = LoggerFactory.getLogger(EtcdMastership.class);
    static final long CLAIM_DELAY_MS = 1000;
    private final Client client;
    private final String root;
    private final Duration ttl;
    private final EtcdStore requests;
    private final String id = UUID.randomUUID().toString();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenet-mastership");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Joined> joined = new ConcurrentHashMap<>();
    private volatile long lease;
    private long renewedAt;
    private volatile boolean closed;
    private Watch.Watcher watch;
    /** Counts the owner watches started; only the latest one is heard. */
    private final AtomicLong watchGeneration = new AtomicLong();

    /** A switch this controller competes for, and what it last told the listener. */
    private static final class Joined {
        final RoleListener listener;
        boolean master;
        long generation = Long.MIN_VALUE;
        int notPreferredChecks;

        Joined(RoleListener listener) {
            this.listener = listener;
        }
    }

    EtcdMastership(Client client, Layout layout, Duration ttl, EtcdStore requests) {
        this.client = client;
        this.root = layout.root() + "mastership/";
        this.ttl = ttl;
        this.requests = requests;
        long every = Math.max(200, ttl.toMillis() / 3);
        thread.scheduleWithFixedDelay(this::renew, 0, every, TimeUnit.MILLISECONDS);
        thread.execute(this::startWatch);
    }

    private String ownerKey(long dpid) {
        return root + "owner/" + String.format("%016x", dpid);
    }

    private String candidates(long dpid) {
        return root + "candidates/" + String.format("%016x", dpid) + "/";
    }

    @Override
    public void join(long dpid, RoleListener listener) {
        thread.execute(() -> {
            joined.put(dpid, new Joined(listener));
            register(dpid);
            evaluate(dpid);
        });
    }

    @Override
    public void leave(long dpid) {
        thread.execute(() -> {
            if (joined.remove(dpid) == null) {
                return;
            }
            try {
                requests.await(client.getKVClient().delete(bytes(candidates(dpid) + id)), "leave an election");
                release(dpid);
            } catch (RuntimeException e) {
                log.info("Could not withdraw from the election of switch {} ({}); the lease lapses instead",
                        String.format("%016x", dpid), e.getMessage());
            }
        });
    }

    /** Puts this controller's candidate key for a switch under its lease. */
    private void register(long dpid) {
        if (lease == 0) {
            return; // registered when a lease is granted
        }
        try {
            requests.await(client.getKVClient().put(bytes(candidates(dpid) + id), bytes(id),
                    PutOption.builder().withLeaseId(lease).build()), "join an election");
        } catch (RuntimeException e) {
            log.warn("Could not join the election of switch {}: {}", String.format("%016x", dpid), e.getMessage());
        }
    }

    /** Renews the lease; grants a new one (and registers again) when there is none or it lapsed. */
    private void renew() {
        if (closed) {
            return;
        }
        try {
            if (lease != 0) {
                long left = requests.await(client.getLeaseClient().keepAliveOnce(lease), "renew the lease").getTTL();
                if (left > 0) {
                    renewedAt = System.nanoTime();
                    checkSpread();
                    return;
                }
                log.warn("This controller's mastership lease lapsed; it competes again with a new one");
                demoteAll();
            }
            lease = requests.await(client.getLeaseClient().grant(ttl.toSeconds()), "grant a lease").getID();
            renewedAt = System.nanoTime();
            joined.keySet().forEach(this::register);
            joined.keySet().forEach(this::evaluate);
        } catch (RuntimeException e) {
            if (lease != 0 && System.nanoTime() - renewedAt > ttl.toNanos()) {
                log.warn("This controller could not renew its mastership lease for {} s ({}); it is master of no"
                        + " switch until it can", ttl.toSeconds(), e.getMessage());
                lease = 0;
                demoteAll();
            }
        }
    }

    private void demoteAll() {
        joined.values().forEach(j -> tell(j, false, j.generation));
    }

    /**
     * Watches the owner keys. A watch that fails is closed and another started half a second later; only the
     * latest one is heard, so however long etcd stays away there is one watch and one pending restart.
     */
    private void startWatch() {
        if (closed) {
            return;
        }
        if (watch != null) {
            watch.close();
        }
        long g = watchGeneration.incrementAndGet();
        String owners = root + "owner/";
        watch = client.getWatchClient().watch(bytes(owners), WatchOption.builder().isPrefix(true).build(),
                Watch.listener(r -> {
                    if (watchGeneration.get() == g) {
                        ownersChanged(r);
                    }
                }, e -> {
                    if (!closed && watchGeneration.compareAndSet(g, g + 1)) {
                        thread.schedule(this::startWatch, 500, TimeUnit.MILLISECONDS);
                    }
                }));
        joined.keySet().forEach(this::evaluate);
    }

    private void ownersChanged(WatchResponse r) {
        List<Long> dpids = new ArrayList<>();
        r.getEvents().forEach(e -> {
            String key = text(e.getKeyValue().getKey());
            dpids.add(Long.parseUnsignedLong(key.substring(key.lastIndexOf('/') + 1), 16));
        });
        thread.execute(() -> dpids.stream().distinct().filter(joined::containsKey).forEach(this::evaluate));
    }

    /** Looks at a switch's owner key: follows it, or claims the switch when it has none and this one may. */
    private void evaluate(long dpid) {
        Joined j = joined.get(dpid);
        if (j == null || closed) {
            return;
        }
        try {
            KeyValue owner = first(requests.await(client.getKVClient().get(bytes(ownerKey(dpid))), "read a master"));
            if (owner != null) {
                tell(j, text(owner.getValue()).equals(id) && lease != 0, owner.getCreateRevision());
                return;
            }
            tell(j, false, j.generation);
            if (lease == 0) {
                return;
            }
            if (preferred(dpid).equals(id)) {
                claim(dpid);
            } else {
                thread.schedule(() -> claimIfStillFree(dpid), CLAIM_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the master of switch {}: {}", String.format("%016x", dpid), e.getMessage());
        }
    }

    private void claimIfStillFree(long dpid) {
        if (joined.containsKey(dpid) && lease != 0) {
            try {
                if (first(requests.await(client.getKVClient().get(bytes(ownerKey(dpid))), "read a master")) == null) {
                    claim(dpid);
                }
            } catch (RuntimeException e) {
                log.warn("Could not claim switch {}: {}", String.format("%016x", dpid), e.getMessage());
            }
        }
    }

    private void claim(long dpid) {
        ByteSequence key = bytes(ownerKey(dpid));
        TxnResponse r = requests.await(client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(key, bytes(id), PutOption.builder().withLeaseId(lease).build()))
                .Else(Op.get(key, GetOption.DEFAULT)).commit(), "claim a switch");
        if (r.isSucceeded()) {
            log.info("Claimed switch {}", String.format("%016x", dpid));
        }
        evaluate(dpid);
    }

    /** Gives a switch up if this controller is its master (the owner key still says so). */
    private void release(long dpid) {
        ByteSequence key = bytes(ownerKey(dpid));
        requests.await(client.getKVClient().txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.value(bytes(id))))
                .Then(Op.delete(key, DeleteOption.DEFAULT)).commit(), "give a switch up");
    }

    /** The candidate a switch prefers: the highest rendezvous hash of its id with the switch's. */
    private String preferred(long dpid) {
        GetResponse r = requests.await(client.getKVClient().get(bytes(candidates(dpid)),
                GetOption.builder().isPrefix(true).build()), "read the candidates");
        String best = id;
        long bestHash = hash(dpid, id);
        for (KeyValue kv : r.getKvs()) {
            String candidate = text(kv.getValue());
            long h = hash(dpid, candidate);
            if (h > bestHash || h == bestHash && candidate.compareTo(best) > 0) {
                best = candidate;
                bestHash = h;
            }
        }
        return best;
    }

    static long hash(long dpid, String controller) {
        long h = 0xcbf29ce484222325L ^ dpid;
        for (byte b : controller.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h ^ h >>> 29;
    }

    /** A master that is not its switch's preferred candidate for two checks in a row hands the switch over. */
    private void checkSpread() {
        for (Map.Entry<Long, Joined> e : joined.entrySet()) {
            Joined j = e.getValue();
            if (!j.master) {
                j.notPreferredChecks = 0;
                continue;
            }
            try {
                if (preferred(e.getKey()).equals(id)) {
                    j.notPreferredChecks = 0;
                } else if (++j.notPreferredChecks >= 2) {
                    log.info("Handing switch {} over to its preferred controller", String.format("%016x", e.getKey()));
                    release(e.getKey());
                    j.notPreferredChecks = 0;
                }
            } catch (RuntimeException ex) {
                return;
            }
        }
    }

    private void tell(Joined j, boolean master, long generation) {
        if (j.master == master && j.generation == generation) {
            return;
        }
        j.master = master;
        j.generation = generation;
        try {
            j.listener.role(master, generation == Long.MIN_VALUE ? -1 : generation);
        } catch (RuntimeException e) {
            log.error("A mastership listener failed: {}", e.toString(), e);
        }
    }

    private static KeyValue first(GetResponse r) {
        return r.getKvs().isEmpty() ? null : r.getKvs().get(0);
    }

    /** Stops renewing and watching without giving anything back, as a crash would (for tests). */
    void abandon() {
        closed = true;
        thread.shutdownNow();
        if (watch != null) {
            watch.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        if (watch != null) {
            watch.close();
        }
        long l = lease;
        if (l != 0) {
            try {
                // Giving the lease back hands this controller's switches over at once, without waiting for the TTL.
                requests.await(client.getLeaseClient().revoke(l), "revoke the lease");
            } catch (RuntimeException e) {
                log.info("Could not revoke the mastership lease ({}); it lapses within {} s", e.getMessage(),
                        ttl.toSeconds());
            }
        }
    }
}
