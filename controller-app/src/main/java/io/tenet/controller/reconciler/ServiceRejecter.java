package io.tenet.controller.reconciler;

import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.PacketIn;
import java.nio.ByteBuffer;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses new connections to a service port that has no provider, so that the client learns at once instead of
 * timing out: a TCP SYN is answered with a reset, a UDP datagram with ICMP port unreachable, both from the VIP
 * and sent straight back out of the client's port. The datapath hands such packets to the controller through
 * the reject meter (docs/services.md); nothing else of a service reaches the controller. A packet that is not a
 * first IPv4 TCP or UDP packet, or is cut too short to answer, is ignored.
 */
final class ServiceRejecter {
    private static final Logger log = LoggerFactory.getLogger(ServiceRejecter.class);
    private static final int ETH = 14;
    private static final int IPV4 = 0x0800;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    /** Whether a packet-in is one this class answers: sent by a service's balancing flow. */
    static boolean isReject(PacketIn p) {
        Cookie c = Cookie.decode(p.cookie());
        return c != null && c.category() == Cookie.Category.SERVICE && p.tableId() == PipelineTable.SERVICE_LB.id();
    }

    void packetIn(OpenFlowSwitch sw, PacketIn p) {
        byte[] answer = answer(p.data());
        if (answer == null) {
            log.debug("Not answering a reject packet-in from {}: not a first TCP or UDP packet ({})", sw, p);
            return;
        }
        OFFactory f = sw.factory();
        OFPacketOut out = f.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                .setActions(List.of(f.actions().output(OFPort.of((int) p.inPort()), 0))).setData(answer).build();
        sw.sendBatch(List.of(out)).whenComplete((r, e) -> {
            if (e != null || !r.ok()) {
                log.warn("Reject to port {} of {} failed: {}", p.inPort(), sw, e != null ? e : r.errors());
            }
        });
    }

    /**
     * The answer to {@code frame} (Ethernet, IPv4, then TCP or UDP): a TCP reset as RFC 9293 has a closed port
     * answer, or an ICMP port unreachable carrying the datagram's IP header and first 8 bytes (RFC 792); null when
     * the frame is nothing to answer.
     */
    static byte[] answer(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        if (frame.length < ETH + 20 || (in.getShort(12) & 0xffff) != IPV4) {
            return null;
        }
        int versionIhl = frame[ETH] & 0xff;
        int ihl = (versionIhl & 0xf) * 4;
        int l4 = ETH + ihl;
        if (versionIhl >> 4 != 4 || ihl < 20 || (in.getShort(ETH + 6) & 0x1fff) != 0) {
            return null;
        }
        int ipLength = in.getShort(ETH + 2) & 0xffff;
        int proto = frame[ETH + 9] & 0xff;
        int src = in.getInt(ETH + 12);
        int dst = in.getInt(ETH + 16);
        byte[] l4Answer;
        int answerProto;
        if (proto == TCP && frame.length >= l4 + 20) {
            int flags = frame[l4 + 13] & 0xff;
            if ((flags & RST) != 0) {
                return null;
            }
            int dataOffset = (frame[l4 + 12] >> 4 & 0xf) * 4;
            int segmentLength = Math.max(0, ipLength - ihl - dataOffset) + ((flags & SYN) != 0 ? 1 : 0)
                    + ((flags & FIN) != 0 ? 1 : 0);
            ByteBuffer tcp = ByteBuffer.allocate(20);
            tcp.putShort(in.getShort(l4 + 2)).putShort(in.getShort(l4));
            if ((flags & ACK) != 0) {
                tcp.putInt(in.getInt(l4 + 8)).putInt(0).put((byte) 0x50).put((byte) RST);
            } else {
                tcp.putInt(0).putInt(in.getInt(l4 + 4) + segmentLength).put((byte) 0x50).put((byte) (RST | ACK));
            }
            tcp.putShort((short) 0).putShort((short) 0).putShort((short) 0);
            l4Answer = tcp.array();
            ByteBuffer pseudo = ByteBuffer.allocate(12 + 20);
            pseudo.putInt(dst).putInt(src).putShort((short) TCP).putShort((short) 20).put(l4Answer);
            ByteBuffer.wrap(l4Answer).putShort(16, checksum(pseudo.array()));
            answerProto = TCP;
        } else if (proto == UDP && frame.length >= l4 + 8) {
            ByteBuffer icmp = ByteBuffer.allocate(8 + ihl + 8);
            icmp.put((byte) 3).put((byte) 3).putShort((short) 0).putInt(0).put(frame, ETH, ihl + 8);
            l4Answer = icmp.array();
            ByteBuffer.wrap(l4Answer).putShort(2, checksum(l4Answer));
            answerProto = ICMP;
        } else {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(ETH + 20 + l4Answer.length);
        out.put(frame, 6, 6).put(frame, 0, 6).putShort((short) IPV4);
        out.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4Answer.length)).putShort((short) 0)
                .putShort((short) 0x4000).put((byte) 64).put((byte) answerProto).putShort((short) 0)
                .putInt(dst).putInt(src);
        byte[] ip = new byte[20];
        System.arraycopy(out.array(), ETH, ip, 0, 20);
        out.putShort(ETH + 10, checksum(ip));
        out.put(l4Answer);
        return out.array();
    }

    /** The Internet checksum (RFC 1071) of {@code data}. */
    static short checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += (data[i] & 0xff) << 8 | data[i + 1] & 0xff;
        }
        if (data.length % 2 == 1) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
