package io.tenet.controller.reconciler;

import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.LearnSpec;
import io.tenet.controller.pipeline.Nat;
import io.tenet.openflow.api.RawAction;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActions;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Turns one action into its Loxi form, one method per kind: a kind of action without a method here does not
 * compile. {@link Action.GotoTable} and {@link Action.Meter} are instructions, not actions: the flow encoder takes
 * them out before it gets here, and asking for them is a bug.
 */
final class ActionEncoder implements Action.Visitor<OFAction> {
    private static final int NICIRA = 0x2320;
    private static final int NXAST_LEARN = 16;
    private static final int LEARN_DELETE_LEARNED = 1 << 1;
    private static final int LEARN_SRC_IMMEDIATE = 1 << 13;
    private static final int LEARN_DST_LOAD = 1 << 11;
    /** resubmit(,T) leaves in_port as it is. */
    private static final int IN_PORT_UNCHANGED = 0xfff8;
    private final OFActions actions;
    private final OFOxms oxms;
    private final org.projectfloodlight.openflow.protocol.OFVersion factoryVersion;

    ActionEncoder(OFFactory factory) {
        this.actions = factory.actions();
        this.oxms = factory.oxms();
        this.factoryVersion = factory.getVersion();
    }

    List<OFAction> all(List<Action> list) {
        return list.stream().map(a -> a.accept(this)).toList();
    }

    @Override
    public OFAction output(Action.Output a) {
        return actions.output(OFPort.of(a.port()), 0);
    }

    @Override
    public OFAction outputInPort(Action.OutputInPort a) {
        return actions.output(OFPort.IN_PORT, 0);
    }

    @Override
    public OFAction controller(Action.Controller a) {
        return actions.output(OFPort.CONTROLLER, a.maxLength());
    }

    @Override
    public OFAction loadReg(Action.LoadReg a) {
        return actions.setField(oxms.fromValue(U32.of(a.value()), MatchEncoder.register(a.field())));
    }

    @Override
    public OFAction setEthSrc(Action.SetEthSrc a) {
        return actions.setField(oxms.ethSrc(MatchEncoder.mac(a.mac())));
    }

    @Override
    public OFAction setEthDst(Action.SetEthDst a) {
        return actions.setField(oxms.ethDst(MatchEncoder.mac(a.mac())));
    }

    @Override
    public OFAction setArpOp(Action.SetArpOp a) {
        return actions.setField(oxms.arpOp(ArpOpcode.of(a.op())));
    }

    @Override
    public OFAction setArpSha(Action.SetArpSha a) {
        return actions.setField(oxms.arpSha(MatchEncoder.mac(a.mac())));
    }

    @Override
    public OFAction setArpSpa(Action.SetArpSpa a) {
        return actions.setField(oxms.arpSpa(MatchEncoder.ip(a.ip())));
    }

    @Override
    public OFAction setIpv4Src(Action.SetIpv4Src a) {
        return actions.setField(oxms.ipv4Src(MatchEncoder.ip(a.ip())));
    }

    @Override
    public OFAction setIpv4Dst(Action.SetIpv4Dst a) {
        return actions.setField(oxms.ipv4Dst(MatchEncoder.ip(a.ip())));
    }

    @Override
    public OFAction setTunnelId(Action.SetTunnelId a) {
        return actions.setField(oxms.tunnelId(U64.of(a.vni())));
    }

    @Override
    public OFAction setTunnelDst(Action.SetTunnelDst a) {
        return actions.setField(oxms.tunnelIpv4Dst(MatchEncoder.ip(a.ip())));
    }

    @Override
    public OFAction setIcmpType(Action.SetIcmpType a) {
        return actions.setField(oxms.icmpv4Type(ICMPv4Type.of((short) a.type())));
    }

    @Override
    public OFAction decTtl(Action.DecTtl a) {
        return actions.decNwTtl();
    }

    @Override
    public OFAction setIpDscp(Action.SetIpDscp a) {
        return actions.setField(oxms.ipDscp(IpDscp.of((byte) a.dscp())));
    }

    @Override
    public OFAction pushVlan(Action.PushVlan a) {
        return actions.pushVlan(EthType.VLAN_FRAME);
    }

    @Override
    public OFAction setVlanVid(Action.SetVlanVid a) {
        return actions.setField(oxms.vlanVid(OFVlanVidMatch.ofVlan(a.vid())));
    }

    @Override
    public OFAction popVlan(Action.PopVlan a) {
        return actions.popVlan();
    }

    @Override
    public OFAction resubmit(Action.Resubmit a) {
        return actions.buildNiciraResubmitTable().setInPort(IN_PORT_UNCHANGED).setTable((short) a.table().id())
                .build();
    }

    /**
     * NXAST_LEARN, which Loxi does not have, in the bytes OVS writes it in (and so reports it back in): the
     * 32-byte header, then per spec its 16-bit header (source immediate or field, destination match or load,
     * bit count), its source (the field's NXM header and offset, or the value in whole 16-bit words) and its
     * destination (NXM header and offset), zero-padded to 8 bytes.
     */
    @Override
    public OFAction learn(Action.Learn a) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer(64);
        b.writeShort(0xffff).writeShort(0).writeInt(NICIRA).writeShort(NXAST_LEARN);
        b.writeShort(0).writeShort(a.hardTimeout()).writeShort(a.priority()).writeLong(a.cookie());
        b.writeShort(LEARN_DELETE_LEARNED).writeByte(a.table().id()).writeByte(0).writeShort(0).writeShort(0);
        for (LearnSpec spec : a.specs()) {
            if (spec instanceof LearnSpec.MatchSame m) {
                b.writeShort(m.field().bits());
                b.writeInt((int) m.field().header()).writeShort(0);
                b.writeInt((int) m.field().header()).writeShort(0);
            } else if (spec instanceof LearnSpec.MatchValue m) {
                b.writeShort(LEARN_SRC_IMMEDIATE | m.field().bits());
                immediate(b, m.value(), m.field().bits());
                b.writeInt((int) m.field().header()).writeShort(0);
            } else if (spec instanceof LearnSpec.LoadValue l) {
                b.writeShort(LEARN_SRC_IMMEDIATE | LEARN_DST_LOAD | l.field().bits());
                immediate(b, l.value(), l.field().bits());
                b.writeInt((int) l.field().header()).writeShort(0);
            }
        }
        while (b.readableBytes() % 8 != 0) {
            b.writeByte(0);
        }
        b.setShort(2, b.readableBytes());
        return new RawAction(factoryVersion, io.netty.buffer.ByteBufUtil.getBytes(b));
    }

    /** An immediate learn source: the value's low {@code bits}, in whole 16-bit words, big-endian. */
    private static void immediate(io.netty.buffer.ByteBuf b, long value, int bits) {
        for (int word = (bits + 15) / 16 - 1; word >= 0; word--) {
            b.writeShort((int) (value >>> (16 * word)) & 0xffff);
        }
    }

    @Override
    public OFAction move(Action.Move a) {
        return actions.buildNiciraMove()
                .setNBits(a.src().bits())
                .setSrcOfs(0)
                .setDstOfs(0)
                .setSrc(a.src().header())
                .setDst(a.dst().header())
                .build();
    }

    @Override
    public OFAction ct(Action.Ct a) {
        // recircTable 0xff means "continue here" for Loxi's NXAST_CT; 0 would recirculate to table 0.
        return actions.buildNiciraCt()
                .setFlags(a.commit() ? 1 : 0)
                .setZoneSrc(0)
                .setZone(a.zone())
                .setRecircTable((short) (a.table() == null ? 0xff : a.table().id()))
                .setAlg(0)
                .setActions(a.nat() == null ? List.of() : List.of(nat(a.nat())))
                .build();
    }

    /**
     * NXAST_NAT, laid out so that it is a multiple of 8 bytes (Loxi does not pad it) and reads back as the same
     * object: Loxi decodes everything after the flags as IPv4 addresses, so the port and the padding are written
     * as a second "address" ({@code port << 16}, or 0), exactly as a dump will present them.
     */
    private OFAction nat(Nat n) {
        var b = actions.buildNiciraNat().setIpv6Range(List.of()).setPortRange(List.of()).setPad(List.of());
        return switch (n.kind()) {
            case EXISTING -> b.setFlags(0).setRangePresent(0).setIpv4Range(List.of()).build();
            case DST -> b.setFlags(NAT_DST).setRangePresent(RANGE_IP4_MIN | (n.port() > 0 ? RANGE_PORT_MIN : 0))
                    .setIpv4Range(List.of(MatchEncoder.ip(n.ip()), IPv4Address.of(n.port() << 16))).build();
            case SRC -> b.setFlags(NAT_SRC).setRangePresent(RANGE_IP4_MIN)
                    .setIpv4Range(List.of(MatchEncoder.ip(n.ip()), IPv4Address.of(0))).build();
        };
    }

    private static final int NAT_SRC = 1;
    private static final int NAT_DST = 2;
    private static final int RANGE_IP4_MIN = 0x01;
    private static final int RANGE_PORT_MIN = 0x10;

    @Override
    public OFAction group(Action.Group a) {
        return actions.group(OFGroup.of((int) a.groupId()));
    }

    @Override
    public OFAction meter(Action.Meter a) {
        throw new IllegalStateException("a meter is an instruction, not an action: " + a);
    }

    @Override
    public OFAction gotoTable(Action.GotoTable a) {
        throw new IllegalStateException("goto_table is an instruction, not an action: " + a);
    }
}
