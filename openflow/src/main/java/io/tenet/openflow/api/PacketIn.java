package io.tenet.openflow.api;

import java.util.Arrays;

/**
 * A packet the pipeline sent to the controller, as the channel decoded it itself: Loxi cannot decode the
 * packet-ins OVS sends after {@code ct()} (their match carries conntrack fields it does not know), so the channel
 * reads the few fields a controller acts on and keeps the packet's bytes.
 *
 * @param tableId the table whose flow sent the packet
 * @param cookie the cookie of that flow, which tells which feature and object asked for the packet
 * @param inPort the port the packet entered the switch on
 * @param reason the OpenFlow packet-in reason (0 no match, 1 action, 2 invalid TTL)
 * @param data the packet as it was when sent to the controller (up to the flow's max_len)
 * @param totalLength the packet's full length, which is larger than {@code data} when the switch cut it
 */
public record PacketIn(int tableId, long cookie, long inPort, int reason, byte[] data, int totalLength) {
    public PacketIn {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketIn p && p.tableId == tableId && p.cookie == cookie && p.inPort == inPort
                && p.reason == reason && p.totalLength == totalLength && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cookie) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PacketIn[table " + tableId + ", cookie 0x" + Long.toHexString(cookie) + ", in_port " + inPort + ", "
                + data.length + "/" + totalLength + " bytes]";
    }
}
