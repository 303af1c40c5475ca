package io.tenet.controller.trace;

import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;

/** Whether a flow's match holds for a packet, field by field, as a switch decides it. */
final class FlowMatch implements MatchField.Visitor<Boolean> {
    private final TracePacket p;

    private FlowMatch(TracePacket p) {
        this.p = p;
    }

    static boolean matches(FlowSpec flow, TracePacket p) {
        FlowMatch m = new FlowMatch(p);
        for (MatchField f : flow.match()) {
            if (!f.accept(m)) {
                return false;
            }
        }
        return true;
    }

    private static boolean prefix(long address, long ip, int length) {
        long mask = length == 0 ? 0 : 0xffffffffL << (32 - length) & 0xffffffffL;
        return (address & mask) == (ip & mask);
    }

    private boolean ip() {
        return p.ethType == TracePacket.IPV4;
    }

    private boolean arp() {
        return p.ethType == TracePacket.ARP;
    }

    public Boolean inPort(MatchField.InPort f) {
        return p.inPort == f.port();
    }

    public Boolean tunnelId(MatchField.TunnelId f) {
        return p.tunId == f.vni();
    }

    public Boolean vlanVid(MatchField.VlanVid f) {
        return p.vlan == f.vid();
    }

    public Boolean reg(MatchField.Reg f) {
        return (p.regs[f.field().register()] & f.registerMask()) == f.registerValue();
    }

    public Boolean ethType(MatchField.EthType f) {
        return p.ethType == f.type();
    }

    public Boolean ethSrc(MatchField.EthSrc f) {
        return p.ethSrc == f.mac().bits();
    }

    public Boolean ethDst(MatchField.EthDst f) {
        long mask = f.mask() == null ? 0xffffffffffffL : f.mask().bits();
        return (p.ethDst & mask) == (f.mac().bits() & mask);
    }

    public Boolean ipv4Src(MatchField.Ipv4Src f) {
        return ip() && prefix(p.ipSrc, f.ip().unsigned(), f.length());
    }

    public Boolean ipv4Dst(MatchField.Ipv4Dst f) {
        return ip() && prefix(p.ipDst, f.ip().unsigned(), f.length());
    }

    public Boolean ipProto(MatchField.IpProto f) {
        return ip() && p.proto == f.number();
    }

    public Boolean tpDst(MatchField.TpDst f) {
        return ip() && p.proto == f.protocol() && p.tpDst == f.port();
    }

    public Boolean tpSrc(MatchField.TpSrc f) {
        return ip() && p.proto == f.protocol() && (p.tpSrc & f.mask()) == f.port();
    }

    public Boolean ctState(MatchField.CtState f) {
        return (p.ctState & f.mask()) == f.value();
    }

    public Boolean icmpType(MatchField.IcmpType f) {
        return ip() && p.proto == 1 && p.icmpType == f.type();
    }

    public Boolean arpOp(MatchField.ArpOp f) {
        return arp() && p.arpOp == f.op();
    }

    public Boolean arpSpa(MatchField.ArpSpa f) {
        return arp() && p.arpSpa == f.ip().unsigned();
    }

    public Boolean arpTpa(MatchField.ArpTpa f) {
        return arp() && p.arpTpa == f.ip().unsigned();
    }

    public Boolean arpSha(MatchField.ArpSha f) {
        return arp() && p.arpSha == f.mac().bits();
    }
}
