package io.tenet.openflow.impl;

import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.PacketIn;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * What the decoder hands to the channel handler: a message Loxi decoded, an error reply decoded by us (Loxi cannot
 * decode experimenter errors and may throw on others), or a well-framed message nobody could decode.
 */
sealed interface InboundMessage {
    long xid();

    record Decoded(OFMessage message) implements InboundMessage {
        @Override
        public long xid() {
            return message.getXid();
        }
    }

    /** An OFPT_ERROR; {@code data} holds the start of the failed request as the switch echoed it. */
    record ErrorReply(int version, long xid, int errType, int code, long experimenter, byte[] data)
            implements InboundMessage {
        String name() {
            return ErrorNames.describe(errType, code, experimenter);
        }
    }

    /** An OFPT_PACKET_IN, decoded by us (see {@link PacketIn}). */
    record PacketInMessage(int version, long xid, PacketIn packetIn) implements InboundMessage {
    }

    /** A flow-statistics reply to a counters request, read without Loxi ({@link FlowCounter#readReply}). */
    record FlowCounters(FlowCounter.Reply reply) implements InboundMessage {
        @Override
        public long xid() {
            return reply.xid();
        }
    }

    record Undecodable(int version, int type, long xid, int length, String reason) implements InboundMessage {
    }
}
