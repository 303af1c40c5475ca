package io.tenet.openflow.impl;

import io.netty.channel.Channel;
import io.tenet.openflow.api.ControllerRole;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.OpenFlowErrorException;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.SwitchDisconnectedException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.BundleId;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * A switch after its handshake: assigns xids, keeps the requests waiting for replies and routes replies and
 * errors to them. Replies arrive on the channel's event loop; requests may be made from any thread.
 */
final class SwitchConnection implements OpenFlowSwitch {
    private final Channel channel;
    private final OFFactory factory;
    private final DatapathId dpid;
    private final Map<String, OFPortDesc> ports = new ConcurrentHashMap<>();
    private final Map<Long, Pending<?>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextXid;
    private final AtomicLong flowMods = new AtomicLong();
    private final AtomicLong stateMods = new AtomicLong();
    /** OFPM_ALL: the meter id that asks for every meter. */
    private static final long ALL_METERS = 0xffffffffL;
    private static final Set<OFBundleFlags> BUNDLE_FLAGS = Set.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);

    /** The xids of the counters requests outstanding, which the channel's decoder reads (shared with it). */
    private final Set<Long> counterXids = ConcurrentHashMap.newKeySet();

    SwitchConnection(Channel channel, OFFactory factory, DatapathId dpid, long firstXid) {
        this.channel = channel;
        this.factory = factory;
        this.dpid = dpid;
        this.nextXid = new AtomicLong(firstXid);
        channel.attr(OpenFlowDecoder.COUNTER_XIDS).set(counterXids);
    }

    long nextXid() {
        long xid;
        do {
            xid = nextXid.getAndIncrement() & 0xffffffffL;
        } while (xid == 0);
        return xid;
    }

    @Override
    public DatapathId datapathId() {
        return dpid;
    }

    @Override
    public OFFactory factory() {
        return factory;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public boolean isConnected() {
        return channel.isActive();
    }

    @Override
    public Map<String, OFPortDesc> ports() {
        return Map.copyOf(ports);
    }

    void putPort(OFPortDesc port) {
        ports.put(port.getName(), port);
    }

    void removePort(OFPortDesc port) {
        ports.remove(port.getName());
    }

    @Override
    public long flowModsSent() {
        return flowMods.get();
    }

    @Override
    public long stateModsSent() {
        return stateMods.get();
    }

    @Override
    public CompletableFuture<BatchResult> sendBatch(List<? extends OFMessage> messages) {
        Map<Long, OFMessage> sent = new LinkedHashMap<>();
        for (OFMessage m : messages) {
            long xid = nextXid();
            sent.put(xid, m.createBuilder().setXid(xid).build());
        }
        return write(new Pending.Batch(), sent, new ArrayList<>(sent.values()), true);
    }

    /**
     * The messages in one OpenFlow 1.4 bundle (atomic and ordered), in two steps. First the bundle is opened,
     * every message added and a barrier sent: Open vSwitch refuses a message it cannot decode at its add (a missing
     * prerequisite, say) and would then commit the bundle without it, so when any add was refused the bundle is
     * discarded and nothing is applied. Otherwise it is committed, and the switch applies all of it or, when one
     * message fails there (a missing group, an overlap), none; that message's error and the commit's
     * {@code BUNDLE_FAILED} are in the result. Either way an error names the message that caused it.
     */
    @Override
    public CompletableFuture<BatchResult> sendBundle(List<? extends OFMessage> messages) {
        if (factory.getVersion().compareTo(OFVersion.OF_14) < 0) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("switch " + dpid
                    + " speaks " + factory.getVersion() + "; bundles need OpenFlow 1.4"));
        }
        BundleId bundle = BundleId.of((int) nextXid());
        Pending.Batch added = new Pending.Batch();
        List<OFMessage> out = new ArrayList<>(messages.size() + 2);
        out.add(control(added, bundle, OFBundleCtrlType.OPEN_REQUEST));
        Map<Long, OFMessage> inner = new LinkedHashMap<>();
        for (OFMessage m : messages) {
            long xid = nextXid();
            OFMessage withXid = m.createBuilder().setXid(xid).build();
            inner.put(xid, withXid);
            // A bundled message carries the xid of its bundle-add, so the switch's error for it names it.
            out.add(factory.buildBundleAddMsg().setXid(xid).setBundleId(bundle).setFlags(BUNDLE_FLAGS)
                    .setData(withXid).build());
        }
        return write(added, inner, out, false).thenCompose(staged -> {
            Pending.Batch end = new Pending.Batch();
            if (!staged.ok()) {
                return write(end, Map.of(), List.of(control(end, bundle, OFBundleCtrlType.DISCARD_REQUEST)), false)
                        .handle((discarded, e) -> staged);
            }
            // The adds' xids again: an error the commit provokes comes with the failing message's add xid.
            return write(end, inner, List.of(control(end, bundle, OFBundleCtrlType.COMMIT_REQUEST)), true);
        });
    }

    /**
     * Writes {@code out} and a barrier as {@code batch}, which owns the xids of {@code sent} (the messages whose
     * errors it names; counted as sent when {@code applies}) and of the control messages already in it; its
     * future completes with the barrier's reply.
     */
    private CompletableFuture<BatchResult> write(Pending.Batch batch, Map<Long, OFMessage> sent,
            List<OFMessage> out, boolean applies) {
        if (!channel.isActive()) {
            batch.fail(new SwitchDisconnectedException(dpid));
            return batch.future;
        }
        sent.forEach((xid, m) -> {
            batch.sent.put(xid, m);
            pending.put(xid, batch);
        });
        if (applies) {
            count(sent.values());
        }
        long barrierXid = nextXid();
        pending.put(barrierXid, batch);
        List<OFMessage> all = new ArrayList<>(out);
        all.add(factory.buildBarrierRequest().setXid(barrierXid).build());
        channel.eventLoop().execute(() -> {
            for (OFMessage m : all) {
                channel.write(m, channel.voidPromise());
            }
            channel.flush();
        });
        batch.future.whenComplete((r, e) -> {
            // Only this batch's: a bundle's commit takes over the xids of its adds as its first step ends.
            pending.remove(barrierXid, batch);
            batch.sent.keySet().forEach(xid -> pending.remove(xid, batch));
        });
        if (!channel.isActive()) {
            batch.fail(new SwitchDisconnectedException(dpid));
        }
        return batch.future;
    }

    private void count(java.util.Collection<OFMessage> messages) {
        flowMods.addAndGet(messages.stream().filter(m -> m instanceof OFFlowMod).count());
        stateMods.addAndGet(messages.stream().filter(m -> m instanceof OFFlowMod || m instanceof OFGroupMod
                || m instanceof OFMeterMod).count());
    }

    /** A bundle control request of {@code batch} (its reply, or its error, belongs to the batch). */
    private OFMessage control(Pending.Batch batch, BundleId bundle, OFBundleCtrlType type) {
        long xid = nextXid();
        OFMessage m = factory.buildBundleCtrlMsg().setXid(xid).setBundleId(bundle).setBundleCtrlType(type)
                .setFlags(BUNDLE_FLAGS).build();
        batch.sent.put(xid, m);
        pending.put(xid, batch);
        return m;
    }

    @Override
    public CompletableFuture<ControllerRole> requestRole(ControllerRole role, long generationId) {
        Pending.Role request = new Pending.Role();
        long xid = nextXid();
        pending.put(xid, request);
        request.future.whenComplete((r, e) -> pending.remove(xid));
        OFControllerRole wire = switch (role) {
            case EQUAL -> OFControllerRole.ROLE_EQUAL;
            case MASTER -> OFControllerRole.ROLE_MASTER;
            case SLAVE -> OFControllerRole.ROLE_SLAVE;
        };
        channel.writeAndFlush(factory.buildRoleRequest().setXid(xid).setRole(wire)
                .setGenerationId(U64.of(generationId)).build()).addListener(f -> {
                    if (!f.isSuccess()) {
                        request.fail(new SwitchDisconnectedException(dpid));
                    }
                });
        return request.future;
    }

    @Override
    public CompletableFuture<List<OFFlowStatsEntry>> dumpFlows(U64 cookie, U64 cookieMask) {
        return stats(flowStatsRequest(cookie, cookieMask), OFFlowStatsReply.class,
                r -> ((OFFlowStatsReply) r).getEntries(), "flow stats request");
    }

    private OFFlowStatsRequest flowStatsRequest(U64 cookie, U64 cookieMask) {
        return factory.buildFlowStatsRequest()
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(cookie)
                .setCookieMask(cookieMask)
                .setMatch(factory.buildMatch().build())
                .build();
    }

    /**
     * The flow-statistics request of {@link #dumpFlows}, its replies read by the decoder as counters only (its xid
     * registered with the decoder before the request is written, removed when the request ends).
     */
    @Override
    public CompletableFuture<List<FlowCounter>> dumpFlowCounters(U64 cookie, U64 cookieMask) {
        Pending.Counters counters = new Pending.Counters();
        long xid = nextXid();
        counterXids.add(xid);
        pending.put(xid, counters);
        counters.future.whenComplete((r, e) -> {
            pending.remove(xid);
            counterXids.remove(xid);
        });
        channel.writeAndFlush(flowStatsRequest(cookie, cookieMask).createBuilder().setXid(xid).build())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        counters.fail(new SwitchDisconnectedException(dpid));
                    }
                });
        return counters.future;
    }

    /** Routes a counters reply to its request; returns false when no counters request waits for this xid. */
    boolean onCounters(FlowCounter.Reply reply) {
        if (!(pending.get(reply.xid()) instanceof Pending.Counters p)) {
            return false;
        }
        p.counters.addAll(reply.counters());
        if (!reply.more()) {
            p.future.complete(List.copyOf(p.counters));
        }
        return true;
    }

    @Override
    public CompletableFuture<List<OFGroupDescStatsEntry>> dumpGroups() {
        return stats(factory.buildGroupDescStatsRequest().build(), OFGroupDescStatsReply.class,
                r -> ((OFGroupDescStatsReply) r).getEntries(), "group desc request");
    }

    @Override
    public CompletableFuture<List<OFMeterConfig>> dumpMeters() {
        return stats(factory.buildMeterConfigStatsRequest().setMeterId(ALL_METERS).build(),
                OFMeterConfigStatsReply.class, r -> ((OFMeterConfigStatsReply) r).getEntries(),
                "meter config request");
    }

    /** Sends a multipart request and collects the entries of all its replies. */
    private <E> CompletableFuture<List<E>> stats(OFStatsRequest<?> request, Class<? extends OFStatsReply> replyType,
            Function<OFStatsReply, List<? extends E>> entriesOf, String what) {
        Pending.Stats<E> stats = new Pending.Stats<>(replyType, entriesOf, what);
        long xid = nextXid();
        pending.put(xid, stats);
        stats.future.whenComplete((r, e) -> pending.remove(xid));
        channel.writeAndFlush(request.createBuilder().setXid(xid).build()).addListener(f -> {
            if (!f.isSuccess()) {
                stats.fail(new SwitchDisconnectedException(dpid));
            }
        });
        return stats.future;
    }

    @Override
    public void disconnect() {
        channel.close();
    }

    /** Routes a reply to its request; returns false when no request waits for this xid. */
    boolean onReply(OFMessage message) {
        Pending<?> p = pending.get(message.getXid());
        if (p == null) {
            return false;
        }
        if (message instanceof OFBundleCtrlMsg && p instanceof Pending.Batch) {
            // The open and commit replies; the batch ends with its barrier.
            return true;
        }
        if (message instanceof OFBarrierReply && p instanceof Pending.Batch batch) {
            List<OpenFlowErrorException> errors;
            synchronized (batch.errors) {
                errors = List.copyOf(batch.errors);
            }
            batch.future.complete(new BatchResult(errors));
            return true;
        }
        if (message instanceof OFRoleReply reply && p instanceof Pending.Role role) {
            role.future.complete(switch (reply.getRole()) {
                case ROLE_MASTER -> ControllerRole.MASTER;
                case ROLE_SLAVE -> ControllerRole.SLAVE;
                default -> ControllerRole.EQUAL;
            });
            return true;
        }
        if (message instanceof OFStatsReply reply && p instanceof Pending.Stats<?> stats
                && stats.replyType.isInstance(reply)) {
            stats.add(reply);
            return true;
        }
        return false;
    }

    boolean onError(InboundMessage.ErrorReply error) {
        Pending<?> p = pending.get(error.xid());
        if (p == null) {
            return false;
        }
        if (p instanceof Pending.Batch batch) {
            OFMessage failed = batch.sent.get(error.xid());
            String what = failed == null ? "barrier" : describe(failed);
            synchronized (batch.errors) {
                batch.errors.add(new OpenFlowErrorException(error.xid(), error.name(), what, failed));
            }
        } else {
            p.fail(new OpenFlowErrorException(error.xid(), error.name(), p instanceof Pending.Stats<?> stats
                    ? stats.what : p instanceof Pending.Role ? "role request" : "flow stats request"));
        }
        return true;
    }

    /** A request whose reply could not be decoded fails rather than waiting forever. */
    boolean onUndecodable(InboundMessage.Undecodable u) {
        Pending<?> p = pending.get(u.xid());
        if (p == null) {
            return false;
        }
        p.fail(new IllegalStateException("switch " + dpid + " sent an undecodable reply (type " + u.type()
                + ", " + u.length() + " bytes): " + u.reason()));
        return true;
    }

    void failAll() {
        SwitchDisconnectedException cause = new SwitchDisconnectedException(dpid);
        for (Pending<?> p : List.copyOf(pending.values())) {
            p.fail(cause);
        }
        pending.clear();
    }

    private static String describe(OFMessage m) {
        String text = m.toString();
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    @Override
    public String toString() {
        return "switch " + dpid + " at " + channel.remoteAddress();
    }
}
