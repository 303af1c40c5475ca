package io.tenet.openflow.api;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One flow's counters as a flow-statistics reply carries them, without its match and instructions: what a
 * traffic read needs (the cookie says whose flow it is, the table what it counts). {@link #readReply} reads them
 * straight from the reply's frame, skipping each entry's match and instructions by its length, so a dump of tens
 * of thousands of flows costs neither the decoding of every match and action nor the heap to hold them.
 *
 * @param tableId the flow's table
 * @param cookie the flow's cookie
 * @param packets packets the flow matched
 * @param bytes bytes of those packets
 */
public record FlowCounter(int tableId, long cookie, long packets, long bytes) {
    private static final int MULTIPART_REPLY = 19;
    private static final int MULTIPART_FLOW = 1;
    private static final int REPLY_MORE = 1;
    /** OpenFlow header (8 bytes) and multipart header (type, flags, 4 bytes of padding). */
    private static final int BODY = 16;
    /** An entry's fixed part before its match (OpenFlow 1.3 and 1.4 alike) and the smallest match (padded). */
    private static final int SMALLEST_ENTRY = 48 + 8;

    /** The counters of one multipart reply frame, and whether more replies of the same request follow. */
    public record Reply(long xid, boolean more, List<FlowCounter> counters) {
        public Reply {
            counters = List.copyOf(counters);
        }
    }

    /** Whether a frame is an OpenFlow 1.3 or 1.4 flow-statistics reply, which {@link #readReply} reads. */
    public static boolean isFlowStatsReply(ByteBuf frame) {
        int version = frame.getUnsignedByte(frame.readerIndex());
        return (version == 4 || version == 5) && frame.readableBytes() >= BODY
                && frame.getUnsignedByte(frame.readerIndex() + 1) == MULTIPART_REPLY
                && frame.getUnsignedShort(frame.readerIndex() + 8) == MULTIPART_FLOW;
    }

    /**
     * Reads the counters of every entry of a flow-statistics reply frame (a whole OpenFlow message); the frame's
     * reader index is left where it was.
     *
     * @throws IllegalArgumentException when the frame is not such a reply, or an entry's length is impossible
     */
    public static Reply readReply(ByteBuf frame) {
        if (!isFlowStatsReply(frame)) {
            throw new IllegalArgumentException("not an OpenFlow 1.3/1.4 flow-statistics reply");
        }
        int start = frame.readerIndex();
        int end = start + frame.getUnsignedShort(start + 2);
        if (end > frame.writerIndex()) {
            throw new IllegalArgumentException("reply length " + (end - start) + " beyond the frame's "
                    + frame.readableBytes() + " bytes");
        }
        long xid = frame.getUnsignedInt(start + 4);
        boolean more = (frame.getUnsignedShort(start + 10) & REPLY_MORE) != 0;
        List<FlowCounter> out = new ArrayList<>();
        int at = start + BODY;
        while (at < end) {
            if (end - at < SMALLEST_ENTRY) {
                throw new IllegalArgumentException((end - at) + " bytes left at offset " + (at - start)
                        + ", too few for a flow entry");
            }
            int length = frame.getUnsignedShort(at);
            if (length < SMALLEST_ENTRY || length % 8 != 0 || length > end - at) {
                throw new IllegalArgumentException("flow entry of length " + length + " at offset " + (at - start)
                        + " of a " + (end - start) + "-byte reply");
            }
            out.add(new FlowCounter(frame.getUnsignedByte(at + 2), frame.getLong(at + 24), frame.getLong(at + 32),
                    frame.getLong(at + 40)));
            at += length;
        }
        return new Reply(xid, more, out);
    }
}
