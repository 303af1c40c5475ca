package io.tenet.openflow.api;

import java.nio.ByteBuffer;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.IPv4Address;

/**
 * Open vSwitch's NXT_CT_FLUSH (OVS 3.1 and later; {@code ovs-ofctl ct-flush}): deletes the conntrack entries of
 * one zone over {@code ipProto} whose original direction goes to {@code originalDestination:originalDestinationPort}
 * (any, when the address is null) and whose reply direction comes from {@code replySource:replySourcePort}: the
 * connections to a VIP translated to one provider. Loxi has no class for it; the layout (an 8-byte header of
 * protocol and family, then properties: each direction's tuple with its nested addresses as IPv4-mapped IPv6
 * addresses and its ports, then the zone) is the one {@code ovs-ofctl ct-flush} writes.
 */
public record ConntrackFlush(int zone, int ipProto, IPv4Address originalDestination, int originalDestinationPort,
        IPv4Address replySource, int replySourcePort) {
    /** NXT_CT_FLUSH's Nicira subtype. */
    public static final int SUBTYPE = 32;
    private static final int ORIGINAL_DIRECTION = 0;
    private static final int REPLY_DIRECTION = 1;
    private static final int ZONE_ID = 2;
    private static final int NESTED_SOURCE = 0;
    private static final int NESTED_DESTINATION = 1;
    private static final int NESTED_SOURCE_PORT = 2;
    private static final int NESTED_DESTINATION_PORT = 3;

    /** Without a filter on the original direction. */
    public ConntrackFlush(int zone, int ipProto, IPv4Address replySource, int replySourcePort) {
        this(zone, ipProto, null, 0, replySource, replySourcePort);
    }

    public ConntrackFlush {
        if (zone < 0 || zone > 0xffff || ipProto < 0 || ipProto > 0xff || replySourcePort < 0
                || replySourcePort > 0xffff || replySource == null || originalDestinationPort < 0
                || originalDestinationPort > 0xffff) {
            throw new IllegalArgumentException("conntrack flush of zone " + zone + ", protocol " + ipProto + ", "
                    + replySource + ":" + replySourcePort + " is out of range");
        }
    }

    /** The message body after the experimenter header. */
    public byte[] body() {
        ByteBuffer b = ByteBuffer.allocate(8 + (originalDestination == null ? 0 : 40) + 40 + 8);
        b.put((byte) ipProto).put((byte) 0).put(new byte[6]);
        if (originalDestination != null) {
            tuple(b, ORIGINAL_DIRECTION, NESTED_DESTINATION, originalDestination, NESTED_DESTINATION_PORT,
                    originalDestinationPort);
        }
        tuple(b, REPLY_DIRECTION, NESTED_SOURCE, replySource, NESTED_SOURCE_PORT, replySourcePort);
        b.putShort((short) ZONE_ID).putShort((short) 8).putShort((short) zone).putShort((short) 0);
        return b.array();
    }

    /** One direction's property: its header padded to 8 bytes, an address (20 bytes padded to 24), a port (8). */
    private static void tuple(ByteBuffer b, int direction, int addressType, IPv4Address address, int portType,
            int port) {
        b.putShort((short) direction).putShort((short) 40).putInt(0);
        b.putShort((short) addressType).putShort((short) 20).put(new byte[10]).putShort((short) 0xffff)
                .putInt(address.getInt()).putInt(0);
        b.putShort((short) portType).putShort((short) 8).putShort((short) port).putShort((short) 0);
    }

    public ExperimenterMessage message(OFVersion version) {
        return new ExperimenterMessage(version, 0, ExperimenterMessage.NICIRA, SUBTYPE, body());
    }
}
