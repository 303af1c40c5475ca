package io.tenet.controller.trace;

import io.tenet.controller.pipeline.Action;

/**
 * The actions that only rewrite a traced packet's headers or registers; the ones that move it (output, groups,
 * tables, conntrack) are {@link SwitchWalk}'s. Meters, learning and TTL leave a first packet as it is.
 */
final class Rewrite implements Action.Visitor<Void> {
    private final TracePacket p;

    private Rewrite(TracePacket p) {
        this.p = p;
    }

    static void apply(Action a, TracePacket p) {
        a.accept(new Rewrite(p));
    }

    private static Void moves(Action a) {
        throw new IllegalArgumentException(a + " moves the packet: the walk handles it");
    }

    public Void output(Action.Output a) {
        return moves(a);
    }

    public Void outputInPort(Action.OutputInPort a) {
        return moves(a);
    }

    public Void controller(Action.Controller a) {
        return moves(a);
    }

    public Void loadReg(Action.LoadReg a) {
        p.regs[a.field().register()] = a.value() << a.field().lowBit();
        return null;
    }

    public Void setEthSrc(Action.SetEthSrc a) {
        p.ethSrc = a.mac().bits();
        return null;
    }

    public Void setEthDst(Action.SetEthDst a) {
        p.ethDst = a.mac().bits();
        return null;
    }

    public Void setArpOp(Action.SetArpOp a) {
        p.arpOp = a.op();
        return null;
    }

    public Void setArpSha(Action.SetArpSha a) {
        p.arpSha = a.mac().bits();
        return null;
    }

    public Void setArpSpa(Action.SetArpSpa a) {
        p.arpSpa = a.ip().unsigned();
        return null;
    }

    public Void setIpv4Src(Action.SetIpv4Src a) {
        p.ipSrc = a.ip().unsigned();
        return null;
    }

    public Void setIpv4Dst(Action.SetIpv4Dst a) {
        p.ipDst = a.ip().unsigned();
        return null;
    }

    public Void setTunnelId(Action.SetTunnelId a) {
        p.tunId = a.vni();
        return null;
    }

    public Void setTunnelDst(Action.SetTunnelDst a) {
        p.tunDst = a.ip().unsigned();
        return null;
    }

    public Void setIpDscp(Action.SetIpDscp a) {
        return null;
    }

    public Void setIcmpType(Action.SetIcmpType a) {
        p.icmpType = a.type();
        return null;
    }

    public Void decTtl(Action.DecTtl a) {
        return null;
    }

    public Void pushVlan(Action.PushVlan a) {
        return null;
    }

    public Void setVlanVid(Action.SetVlanVid a) {
        p.vlan = a.vid();
        return null;
    }

    public Void popVlan(Action.PopVlan a) {
        p.vlan = 0;
        return null;
    }

    public Void move(Action.Move a) {
        p.set(a.dst(), p.get(a.src()));
        return null;
    }

    public Void resubmit(Action.Resubmit a) {
        return moves(a);
    }

    public Void learn(Action.Learn a) {
        return null;
    }

    public Void ct(Action.Ct a) {
        return moves(a);
    }

    public Void group(Action.Group a) {
        return moves(a);
    }

    public Void meter(Action.Meter a) {
        return null;
    }

    public Void gotoTable(Action.GotoTable a) {
        return moves(a);
    }
}
