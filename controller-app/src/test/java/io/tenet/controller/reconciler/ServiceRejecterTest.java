package io.tenet.controller.reconciler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.openflow.api.PacketIn;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The answers to connections refused for want of a provider, checked field by field and by their checksums. */
class ServiceRejecterTest {
    private static final byte[] CLIENT_MAC = {2, 0, 0, 0, 0, 5};
    private static final byte[] VIP_MAC = {2, 2, 10, 1, 0, 100};
    private static final int CLIENT = 0x0a010005;
    private static final int VIP = 0x0a010064;

    private static ByteBuffer ipv4(int proto, int l4Length) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + l4Length);
        b.put(VIP_MAC).put(CLIENT_MAC).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Length)).putShort((short) 7).putShort((short) 0x4000)
                .put((byte) 64).put((byte) proto).putShort((short) 0).putInt(CLIENT).putInt(VIP);
        return b;
    }

    private static byte[] syn(int flags) {
        ByteBuffer b = ipv4(6, 20);
        b.putShort((short) 40000).putShort((short) 80).putInt(1000).putInt(flags == 0x02 ? 0 : 555)
                .put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    private static void assertIpAnswer(ByteBuffer a, int proto) {
        byte[] mac = new byte[6];
        a.get(0, mac);
        assertArrayEquals(CLIENT_MAC, mac, "to the client's MAC");
        a.get(6, mac);
        assertArrayEquals(VIP_MAC, mac, "from the VIP's MAC");
        assertEquals(proto, a.get(14 + 9));
        assertEquals(VIP, a.getInt(14 + 12), "from the VIP");
        assertEquals(CLIENT, a.getInt(14 + 16), "to the client");
        assertEquals(a.capacity() - 14, a.getShort(14 + 2));
        assertEquals(0, ServiceRejecter.checksum(Arrays.copyOfRange(a.array(), 14, 34)), "IPv4 header checksum");
    }

    @Test
    void aSynIsAnsweredWithAResetAcknowledgingIt() {
        ByteBuffer a = ByteBuffer.wrap(ServiceRejecter.answer(syn(0x02)));
        assertIpAnswer(a, 6);
        assertEquals(80, a.getShort(34), "from the service port");
        assertEquals(40000, a.getShort(36) & 0xffff, "to the client's port");
        assertEquals(0, a.getInt(38), "seq");
        assertEquals(1001, a.getInt(42), "acknowledges the SYN");
        assertEquals(0x14, a.get(47), "RST and ACK");
        ByteBuffer pseudo = ByteBuffer.allocate(12 + 20).putInt(VIP).putInt(CLIENT).putShort((short) 6)
                .putShort((short) 20).put(a.array(), 34, 20);
        assertEquals(0, ServiceRejecter.checksum(pseudo.array()), "TCP checksum");
    }

    @Test
    void aSegmentWithAnAckIsResetAtThatSequence() {
        ByteBuffer a = ByteBuffer.wrap(ServiceRejecter.answer(syn(0x10)));
        assertEquals(555, a.getInt(38), "seq is the segment's ack");
        assertEquals(0x04, a.get(47), "RST only");
    }

    @Test
    void aDatagramIsAnsweredPortUnreachableQuotingIt() {
        ByteBuffer b = ipv4(17, 8 + 4);
        b.putShort((short) 5353).putShort((short) 53).putShort((short) 12).putShort((short) 0).putInt(0xdeadbeef);
        byte[] frame = b.array();
        ByteBuffer a = ByteBuffer.wrap(ServiceRejecter.answer(frame));
        assertIpAnswer(a, 1);
        assertEquals(3, a.get(34), "destination unreachable");
        assertEquals(3, a.get(35), "port unreachable");
        assertArrayEquals(Arrays.copyOfRange(frame, 14, 14 + 28), Arrays.copyOfRange(a.array(), 42, 42 + 28),
                "quotes the IP header and the first 8 bytes");
        assertEquals(0, ServiceRejecter.checksum(Arrays.copyOfRange(a.array(), 34, a.capacity())), "ICMP checksum");
    }

    @Test
    void whatIsNotAFirstTcpOrUdpPacketIsNotAnswered() {
        assertNull(ServiceRejecter.answer(syn(0x04)), "a reset is never answered");
        byte[] arp = syn(0x02);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertNull(ServiceRejecter.answer(arp), "not IPv4");
        assertNull(ServiceRejecter.answer(Arrays.copyOf(syn(0x02), 40)), "cut inside the TCP header");
        byte[] fragment = syn(0x02);
        fragment[14 + 7] = 8;
        assertNull(ServiceRejecter.answer(fragment), "a later fragment");
        assertNull(ServiceRejecter.answer(new byte[3]), "garbage");
        assertNull(ServiceRejecter.answer(ipv4(1, 8).array()), "ICMP");
    }

    @Test
    void onlyPacketInsOfTheBalancingTableWithAServiceCookieAreRejects() {
        long service = new Cookie(Cookie.Category.SERVICE, 3, "").value();
        long endpoint = new Cookie(Cookie.Category.ENDPOINT, 3, "").value();
        byte[] data = syn(0x02);
        assertTrue(ServiceRejecter.isReject(new PacketIn(PipelineTable.SERVICE_LB.id(), service, 1, 1, data, 54)));
        assertFalse(ServiceRejecter.isReject(new PacketIn(PipelineTable.SERVICE_LB.id(), endpoint, 1, 1, data, 54)));
        assertFalse(ServiceRejecter.isReject(new PacketIn(PipelineTable.OUTPUT.id(), service, 1, 1, data, 54)));
        assertFalse(ServiceRejecter.isReject(new PacketIn(PipelineTable.SERVICE_LB.id(), 0x1234, 1, 1, data, 54)));
    }
}
