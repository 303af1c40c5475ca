package io.tenet.controller.reconciler;

import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.RegField;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Writes match fields into a Loxi match builder, one method per kind: a kind of match field without a method here
 * does not compile.
 */
final class MatchEncoder implements MatchField.Visitor<Void> {
    private static final org.projectfloodlight.openflow.protocol.match.MatchField<?>[] REGS = {
        org.projectfloodlight.openflow.protocol.match.MatchField.REG0,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG1,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG2,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG3,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG4,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG5,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG6,
        org.projectfloodlight.openflow.protocol.match.MatchField.REG7,
    };
    private final Match.Builder m;

    MatchEncoder(Match.Builder m) {
        this.m = m;
    }

    /** The OXM of a register field's register. */
    @SuppressWarnings("unchecked")
    static org.projectfloodlight.openflow.protocol.match.MatchField<U32> register(RegField f) {
        return (org.projectfloodlight.openflow.protocol.match.MatchField<U32>) REGS[f.register()];
    }

    static MacAddress mac(io.tenet.controller.api.Mac mac) {
        return MacAddress.of(mac.bits());
    }

    static IPv4Address ip(io.tenet.controller.api.Ipv4 ip) {
        return IPv4Address.of(ip.bits());
    }

    private void prefix(org.projectfloodlight.openflow.protocol.match.MatchField<IPv4Address> field,
            io.tenet.controller.api.Ipv4 a, int length) {
        if (length == 32) {
            m.setExact(field, ip(a));
        } else {
            m.setMasked(field, ip(a), IPv4Address.ofCidrMaskLength(length));
        }
    }

    @Override
    public Void inPort(MatchField.InPort f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.IN_PORT, OFPort.of(f.port()));
        return null;
    }

    @Override
    public Void tunnelId(MatchField.TunnelId f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.TUNNEL_ID, U64.of(f.vni()));
        return null;
    }

    @Override
    public Void icmpType(MatchField.IcmpType f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ICMPV4_TYPE, ICMPv4Type.of((short) f.type()));
        return null;
    }

    @Override
    public Void vlanVid(MatchField.VlanVid f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.VLAN_VID, f.vid() == 0
                ? OFVlanVidMatch.UNTAGGED : OFVlanVidMatch.ofVlan(f.vid()));
        return null;
    }

    @Override
    public Void reg(MatchField.Reg f) {
        if (f.field().spansRegister()) {
            m.setExact(register(f.field()), U32.of(f.registerValue()));
        } else {
            m.setMasked(register(f.field()), U32.of(f.registerValue()), U32.of(f.registerMask()));
        }
        return null;
    }

    @Override
    public Void ethType(MatchField.EthType f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_TYPE, EthType.of(f.type()));
        return null;
    }

    @Override
    public Void ethSrc(MatchField.EthSrc f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_SRC, mac(f.mac()));
        return null;
    }

    @Override
    public Void ethDst(MatchField.EthDst f) {
        if (f.mask() == null) {
            m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_DST, mac(f.mac()));
        } else {
            m.setMasked(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_DST, mac(f.mac()), mac(f.mask()));
        }
        return null;
    }

    @Override
    public Void ipv4Src(MatchField.Ipv4Src f) {
        prefix(org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_SRC, f.ip(), f.length());
        return null;
    }

    @Override
    public Void ipv4Dst(MatchField.Ipv4Dst f) {
        prefix(org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_DST, f.ip(), f.length());
        return null;
    }

    @Override
    public Void ipProto(MatchField.IpProto f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.IP_PROTO, IpProtocol.of((short) f.number()));
        return null;
    }

    @Override
    public Void tpDst(MatchField.TpDst f) {
        m.setExact(f.protocol() == 6 ? org.projectfloodlight.openflow.protocol.match.MatchField.TCP_DST
                : org.projectfloodlight.openflow.protocol.match.MatchField.UDP_DST, TransportPort.of(f.port()));
        return null;
    }

    @Override
    public Void tpSrc(MatchField.TpSrc f) {
        var field = f.protocol() == 6 ? org.projectfloodlight.openflow.protocol.match.MatchField.TCP_SRC
                : org.projectfloodlight.openflow.protocol.match.MatchField.UDP_SRC;
        if (f.exact()) {
            m.setExact(field, TransportPort.of(f.port()));
        } else {
            m.setMasked(field, TransportPort.of(f.port()), TransportPort.of(f.mask()));
        }
        return null;
    }

    @Override
    public Void ctState(MatchField.CtState f) {
        m.setMasked(org.projectfloodlight.openflow.protocol.match.MatchField.CONNTRACK_STATE, U32.of(f.value()),
                U32.of(f.mask()));
        return null;
    }

    @Override
    public Void arpOp(MatchField.ArpOp f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_OP, ArpOpcode.of(f.op()));
        return null;
    }

    @Override
    public Void arpSpa(MatchField.ArpSpa f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SPA, ip(f.ip()));
        return null;
    }

    @Override
    public Void arpTpa(MatchField.ArpTpa f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_TPA, ip(f.ip()));
        return null;
    }

    @Override
    public Void arpSha(MatchField.ArpSha f) {
        m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SHA, mac(f.mac()));
        return null;
    }
}
