package io.tenet.store.etcd;

import static io.tenet.store.etcd.Layout.bytes;
import static io.tenet.store.etcd.Layout.text;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import io.tenet.controller.store.CommitOutcomeUnknownException;
import io.tenet.controller.store.Mastership;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.RevisionConflictException;
import io.tenet.controller.store.StoreContents;
import io.tenet.controller.store.StoreWatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The model store on etcd v3, for controllers that share one model. Each document is one etcd key, and one key
 * holds the store's revision, a decimal that every commit moves by one ({@link Layout}). A commit is one etcd
 * transaction: if {@code _revision} still holds the revision the caller read, put and delete the documents and move
 * {@code _revision} on; else fail whole. So two controllers writing at once never lose an update, and IPAM's
 * allocations, which are documents like any other, are never handed out twice.
 *
 * <p>Reads are linearizable and paged at one etcd revision. Watches ({@link EtcdWatch}) turn etcd's events back
 * into commits. A request etcd does not answer within the timeout (no quorum, no member reachable) fails with
 * {@link IllegalStateException}: the model refuses the write and keeps serving reads from its snapshot. A commit
 * etcd did not answer is asked again until the commit timeout: each carries an id, written beside the revision,
 * so an attempt that took effect unseen is recognised and never reported as a conflict or a failure. Past the
 * timeout the outcome is unknown ({@link CommitOutcomeUnknownException}): a member that lost its quorum may hold
 * the proposal and commit it, whole, when the quorum returns.
 *
 * <p>etcd refuses a transaction with more operations than its {@code --max-txn-ops} (128 by default): run etcd
 * with a larger value (the tests use 10000) when commits can be large, such as deleting a tenant with its
 * endpoints; a commit beyond it is refused whole, with a message that says so.
 */
public final class EtcdStore implements ModelStore {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EtcdStore.class);
    /** What etcd answers when it has decided not to do a request (any other failure leaves it unknown). */
    private static final java.util.Set<Status.Code> REFUSALS = java.util.EnumSet.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.OUT_OF_RANGE, Status.Code.UNIMPLEMENTED);
    /** How many documents one read fetches at a time. */
    private static final int PAGE = 2000;
    private final Client client;
    private final ConnectBackoff backoff;
    private final Layout layout;
    private final String endpoints;
    private final Duration timeout;
    /** How long a commit keeps asking etcd before it reports the store unavailable. */
    private final Duration commitTimeout;
    /** Store revisions recently read or committed here, each with an etcd revision at which the store was at it. */
    private final Map<Long, Long> seen = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 1024;
        }
    });

    EtcdStore(Client client, Layout layout, String endpoints, Duration timeout, Duration commitTimeout) {
        this.commitTimeout = commitTimeout;
        this.client = client;
        this.backoff = new ConnectBackoff(client);
        this.layout = layout;
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    @Override
    public StoreContents read() {
        Map<String, Map<String, String>> out = new HashMap<>();
        long storeRevision = 0;
        long at = 0;
        String from = layout.model();
        ByteSequence end = bytes(layout.modelEnd());
        while (true) {
            GetOption.Builder o = GetOption.builder().withRange(end).withLimit(PAGE);
            if (at != 0) {
                o.withRevision(at);
            }
            GetResponse page = await(client.getKVClient().get(bytes(from), o.build()), "read the model");
            if (at == 0) {
                at = page.getHeader().getRevision();
            }
            for (KeyValue kv : page.getKvs()) {
                String key = text(kv.getKey());
                if (key.equals(layout.revisionKey())) {
                    storeRevision = Long.parseLong(text(kv.getValue()));
                    continue;
                }
                Layout.Document doc = layout.document(key);
                if (doc != null) {
                    out.computeIfAbsent(doc.collection(), c -> new HashMap<>()).put(doc.key(), text(kv.getValue()));
                }
            }
            if (!page.isMore() || page.getKvs().isEmpty()) {
                break;
            }
            from = text(page.getKvs().get(page.getKvs().size() - 1).getKey()) + '\0';
        }
        seen.put(storeRevision, at);
        return new StoreContents(storeRevision, out);
    }

    @Override
    public long commit(long expectedRevision, List<Write> writes) {
        // etcd refuses two operations on one key in a transaction; the last write of a key is what counts.
        Map<String, Write> byKey = new LinkedHashMap<>();
        for (Write w : writes) {
            byKey.remove(layout.documentKey(w));
            byKey.put(layout.documentKey(w), w);
        }
        List<Op> ops = new ArrayList<>();
        byKey.forEach((key, w) -> ops.add(w.json() == null ? Op.delete(bytes(key), DeleteOption.DEFAULT)
                : Op.put(bytes(key), bytes(w.json()), PutOption.DEFAULT)));
        long next = expectedRevision + 1;
        String id = java.util.UUID.randomUUID().toString();
        ByteSequence revisionKey = bytes(layout.revisionKey());
        ByteSequence commitKey = bytes(layout.commitKey());
        ops.add(Op.put(revisionKey, bytes(Long.toString(next)), PutOption.DEFAULT));
        ops.add(Op.put(commitKey, bytes(id), PutOption.DEFAULT));
        Cmp unchanged = expectedRevision == 0
                ? new Cmp(revisionKey, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
                : new Cmp(revisionKey, Cmp.Op.EQUAL, CmpTarget.value(bytes(Long.toString(expectedRevision))));
        String what = "commit " + writes.size() + " writes";
        long deadline = System.nanoTime() + commitTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            TxnResponse r;
            try {
                r = await(client.getKVClient().txn().If(unchanged).Then(ops.toArray(Op[]::new))
                        .Else(Op.get(revisionKey, GetOption.DEFAULT), Op.get(commitKey, GetOption.DEFAULT)).commit(),
                        what);
            } catch (Unanswered e) {
                // etcd lost the request (a leader change drops proposals) or has no quorum. Asking again is safe:
                // the transaction is conditional, and its id tells whether an earlier attempt took effect.
                if (System.nanoTime() > deadline) {
                    // A member without a quorum may hold the proposal and commit it when the quorum returns.
                    throw new CommitOutcomeUnknownException("etcd at " + endpoints + " did not confirm the commit"
                            + " within " + commitTimeout.toMillis() + " ms (is a quorum of its members up and"
                            + " reachable?)", e);
                }
                log.info("etcd did not answer attempt {} to {} ({}); asking again", attempt, what, e.getMessage());
                pause(100);
                continue;
            }
            if (r.isSucceeded()) {
                seen.put(next, r.getHeader().getRevision());
                return next;
            }
            List<KeyValue> current = r.getGetResponses().get(0).getKvs();
            List<KeyValue> lastCommit = r.getGetResponses().get(1).getKvs();
            long actual = current.isEmpty() ? 0 : Long.parseLong(text(current.get(0).getValue()));
            if (attempt > 1 && actual == next && !lastCommit.isEmpty()
                    && text(lastCommit.get(0).getValue()).equals(id)) {
                return next;
            }
            throw new RevisionConflictException(expectedRevision, actual);
        }
    }

    @Override
    public Watch watch(long afterRevision, StoreWatcher watcher) {
        long from;
        try {
            from = etcdRevisionOf(afterRevision) + 1;
        } catch (CompactedRevisionException e) {
            // The history between that revision and now is gone: the watcher must read the whole store again.
            return EtcdWatch.compacted(watcher, () -> revisionAt(0).store());
        }
        return EtcdWatch.start(client, layout, afterRevision, from, watcher, () -> revisionAt(0).store());
    }

    /** The store's revision at one etcd revision. */
    private record RevisionAt(long store, long etcd) {
    }

    /** The store's revision as of etcd revision {@code etcdRevision}, or now when it is 0. */
    private RevisionAt revisionAt(long etcdRevision) {
        GetOption.Builder o = GetOption.builder();
        if (etcdRevision != 0) {
            o.withRevision(etcdRevision);
        }
        GetResponse r = await(client.getKVClient().get(bytes(layout.revisionKey()), o.build()), "read the revision");
        long store = r.getKvs().isEmpty() ? 0 : Long.parseLong(text(r.getKvs().get(0).getValue()));
        return new RevisionAt(store, etcdRevision != 0 ? etcdRevision : r.getHeader().getRevision());
    }

    /**
     * An etcd revision at which the store was at {@code storeRevision} and not yet beyond: one this store saw, or
     * the latest, or else found by bisection over etcd's history (each commit moves the revision by exactly one).
     */
    private long etcdRevisionOf(long storeRevision) {
        Long known = seen.get(storeRevision);
        if (known != null) {
            return known;
        }
        RevisionAt latest = revisionAt(0);
        if (storeRevision > latest.store()) {
            throw new IllegalArgumentException("cannot watch from revision " + storeRevision + ": the store is at "
                    + latest.store());
        }
        if (storeRevision == latest.store()) {
            return latest.etcd();
        }
        long atMost = 0;
        long beyond = latest.etcd();
        while (beyond - atMost > 1) {
            long mid = atMost + (beyond - atMost) / 2;
            if (revisionAt(mid).store() <= storeRevision) {
                atMost = mid;
            } else {
                beyond = mid;
            }
        }
        return atMost;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a commit", e);
        }
    }

    /** Waits for an etcd request; what it could not do is an {@link IllegalStateException} naming the endpoints. */
    <T> T await(CompletableFuture<T> request, String what) {
        try {
            return request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.cancel(true);
            backoff.reset();
            throw new Unanswered("etcd at " + endpoints + " did not answer within " + timeout.toMillis()
                    + " ms when asked to " + what + " (is a quorum of its members up and reachable?)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof io.etcd.jetcd.common.exception.CompactedException
                    || message.contains("required revision has been compacted")) {
                throw new CompactedRevisionException(cause);
            }
            if (message.contains("too many operations in txn request")) {
                throw new IllegalStateException("etcd refused a commit of more operations than its --max-txn-ops"
                        + " allows; nothing was written. Run etcd with a larger --max-txn-ops", cause);
            }
            Status.Code code = Status.fromThrowable(cause).getCode();
            if (REFUSALS.contains(code)) {
                throw new IllegalStateException("etcd at " + endpoints + " refused to " + what + ": " + message, cause);
            }
            // A lost connection, a leader change, no leader: the request may or may not have reached etcd.
            backoff.reset();
            throw new Unanswered("etcd at " + endpoints + " could not " + what + ": " + message, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.cancel(true);
            throw new IllegalStateException("interrupted while waiting for etcd to " + what, e);
        }
    }

    /** Switch mastership among the controllers on this etcd, each with a lease of {@code leaseTtl}. */
    @Override
    public Mastership mastership(Duration leaseTtl) {
        return new EtcdMastership(client, layout, leaseTtl, this);
    }

    @Override
    public void close() {
        client.close();
    }

    /** etcd did not answer in time: the request may or may not have taken effect. */
    static final class Unanswered extends IllegalStateException {
        Unanswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** etcd no longer holds the revision a request asked for. */
    static final class CompactedRevisionException extends IllegalStateException {
        CompactedRevisionException(Throwable cause) {
            super("etcd has compacted the history asked for: " + cause.getMessage(), cause);
        }
    }
}
