package io.tenet.openflow.impl;

import io.tenet.openflow.api.ControllerRole;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.OpenFlowErrorException;
import io.tenet.openflow.api.OpenFlowSwitch.BatchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;

/**
 * What an outstanding request of a {@link SwitchConnection} waits for, under the xids of its messages, and the
 * future its reply completes: one kind per kind of request.
 */
abstract sealed class Pending<T> permits Pending.Batch, Pending.Stats, Pending.Counters, Pending.Role {
    final CompletableFuture<T> future = new CompletableFuture<>();

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }

    /** A batch or bundle: it owns the xids of all its messages and of its barrier, and collects their errors. */
    static final class Batch extends Pending<BatchResult> {
        final Map<Long, OFMessage> sent = new ConcurrentHashMap<>();
        final List<OpenFlowErrorException> errors = new ArrayList<>();
    }

    /** A counters request: the counters of its replies, collected until the last one. */
    static final class Counters extends Pending<List<FlowCounter>> {
        final List<FlowCounter> counters = new ArrayList<>();
    }

    /** A role request: the role its reply confirms. */
    static final class Role extends Pending<ControllerRole> {
    }

    /** A multipart request: the entries of its replies, collected until the last one. */
    static final class Stats<E> extends Pending<List<E>> {
        final List<E> entries = new ArrayList<>();
        final Class<? extends OFStatsReply> replyType;
        final Function<OFStatsReply, List<? extends E>> entriesOf;
        final String what;

        Stats(Class<? extends OFStatsReply> replyType, Function<OFStatsReply, List<? extends E>> entriesOf,
                String what) {
            this.replyType = replyType;
            this.entriesOf = entriesOf;
            this.what = what;
        }

        /** Takes a reply's entries; true when it was the last reply. */
        boolean add(OFStatsReply reply) {
            entries.addAll(entriesOf.apply(reply));
            if (moreToCome(reply)) {
                return false;
            }
            future.complete(List.copyOf(entries));
            return true;
        }
    }

    static boolean moreToCome(OFStatsReply reply) {
        return reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE);
    }
}
