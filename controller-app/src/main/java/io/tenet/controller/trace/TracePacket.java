package io.tenet.controller.trace;

import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.RegField;

/**
 * The headers and metadata of one traced packet as a switch sees them: what the pipeline's matches read and its
 * actions write. Addresses are kept as numbers (IPv4 as unsigned 32 bits, MACs as 48 bits); 0 means "absent" for
 * the tunnel, the VLAN and the L4 ports. Mutable: a walk changes it as the switch would; {@link #copy} forks it.
 */
final class TracePacket {
    static final int IPV4 = 0x0800;
    static final int ARP = 0x0806;

    int inPort;
    long tunId;
    long tunDst;
    int vlan;
    final long[] regs = new long[8];
    int ethType;
    long ethSrc;
    long ethDst;
    long ipSrc;
    long ipDst;
    int proto;
    int tpSrc;
    int tpDst;
    int icmpType;
    int ctState;
    int arpOp;
    long arpSpa;
    long arpTpa;
    long arpSha;
    long arpTha;

    TracePacket copy() {
        TracePacket p = new TracePacket();
        p.inPort = inPort;
        p.tunId = tunId;
        p.tunDst = tunDst;
        p.vlan = vlan;
        System.arraycopy(regs, 0, p.regs, 0, regs.length);
        p.ethType = ethType;
        p.ethSrc = ethSrc;
        p.ethDst = ethDst;
        p.ipSrc = ipSrc;
        p.ipDst = ipDst;
        p.proto = proto;
        p.tpSrc = tpSrc;
        p.tpDst = tpDst;
        p.icmpType = icmpType;
        p.ctState = ctState;
        p.arpOp = arpOp;
        p.arpSpa = arpSpa;
        p.arpTpa = arpTpa;
        p.arpSha = arpSha;
        p.arpTha = arpTha;
        return p;
    }

    /** What a packet keeps when it leaves one switch for another: headers and tunnel, no registers, no conntrack. */
    TracePacket arriving(int port) {
        TracePacket p = copy();
        java.util.Arrays.fill(p.regs, 0);
        p.ctState = 0;
        p.inPort = port;
        return p;
    }

    long reg(RegField f) {
        return (regs[f.register()] & f.mask()) >>> f.lowBit();
    }

    long get(NxmField f) {
        return switch (f) {
            case ETH_SRC -> ethSrc;
            case ETH_DST -> ethDst;
            case ARP_SHA -> arpSha;
            case ARP_THA -> arpTha;
            case ARP_SPA -> arpSpa;
            case ARP_TPA -> arpTpa;
            case ETH_TYPE -> ethType;
            case IP_SRC -> ipSrc;
            case IP_DST -> ipDst;
            case REG0 -> regs[0];
            case REG5 -> regs[5];
        };
    }

    void set(NxmField f, long v) {
        switch (f) {
            case ETH_SRC -> ethSrc = v;
            case ETH_DST -> ethDst = v;
            case ARP_SHA -> arpSha = v;
            case ARP_THA -> arpTha = v;
            case ARP_SPA -> arpSpa = v;
            case ARP_TPA -> arpTpa = v;
            case ETH_TYPE -> ethType = (int) v;
            case IP_SRC -> ipSrc = v;
            case IP_DST -> ipDst = v;
            case REG0 -> regs[0] = v;
            case REG5 -> regs[5] = v;
        }
    }
}
