package io.tenet.controller.reconciler;

import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.Register;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * Turns {@link FlowSpec}s into OpenFlow messages for one switch's protocol version, and gives flows read back from
 * the switch the same {@link WireKey} as the specs that made them, so desired and installed can be diffed.
 */
final class FlowEncoder {
    private static final U64 OWNER = U64.of(Cookie.OWNER);
    private static final U64 OWNER_MASK = U64.of(Cookie.OWNER_MASK);
    private final OFFactory f;
    private final OFOxms oxms;
    private final OFActions actions;

    FlowEncoder(OFFactory factory) {
        this.f = factory;
        this.oxms = factory.oxms();
        this.actions = factory.actions();
    }

    /** Identity of a flow on the wire: table, priority and the match as a set of canonical OXMs. */
    record WireKey(int table, int priority, Set<OFOxm<?>> match) {
        static WireKey of(int table, int priority, Match match) {
            Set<OFOxm<?>> oxms = new HashSet<>();
            if (match instanceof OFMatchV3 v3) {
                for (OFOxm<?> oxm : v3.getOxmList()) {
                    oxms.add(oxm.getCanonical());
                }
            }
            return new WireKey(table, priority, Set.copyOf(oxms));
        }
    }

    /** What the reconciler compares once keys match: the cookie and the instructions. */
    record WireBody(U64 cookie, List<OFInstruction> instructions) {
        static WireBody of(OFFlowStatsEntry e) {
            return new WireBody(e.getCookie(), e.getInstructions());
        }
    }

    OFFlowAdd add(FlowSpec spec) {
        return f.buildFlowAdd()
                .setTableId(TableId.of(spec.table().id()))
                .setPriority(spec.priority())
                .setCookie(U64.of(spec.cookie().value()))
                .setMatch(match(spec))
                .setInstructions(instructions(spec))
                .setBufferId(OFBufferId.NO_BUFFER)
                .build();
    }

    OFFlowDeleteStrict delete(WireKey key) {
        Match match = f.buildMatchV3().setOxmList(OFOxmList.ofList(new ArrayList<>(key.match()))).build();
        return f.buildFlowDeleteStrict()
                .setTableId(TableId.of(key.table()))
                .setPriority(key.priority())
                .setMatch(match)
                .setCookie(OWNER)
                .setCookieMask(OWNER_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    /** Deletes exactly the flow of {@code spec} (same table, priority and match), whatever its actions. */
    OFFlowDeleteStrict delete(FlowSpec spec) {
        return f.buildFlowDeleteStrict()
                .setTableId(TableId.of(spec.table().id()))
                .setPriority(spec.priority())
                .setMatch(match(spec))
                .setCookie(OWNER)
                .setCookieMask(OWNER_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    WireKey key(OFFlowAdd add) {
        return WireKey.of(add.getTableId().getValue(), add.getPriority(), add.getMatch());
    }

    WireBody body(OFFlowAdd add) {
        return new WireBody(add.getCookie(), add.getInstructions());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Match match(FlowSpec spec) {
        Match.Builder m = f.buildMatch();
        for (MatchField field : spec.match()) {
            if (field instanceof MatchField.InPort p) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.IN_PORT, OFPort.of(p.port()));
            } else if (field instanceof MatchField.TunnelId t) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.TUNNEL_ID, U64.of(t.vni()));
            } else if (field instanceof MatchField.Reg r) {
                var mf = (org.projectfloodlight.openflow.protocol.match.MatchField) regField(r.register());
                if (r.mask() == 0xffffffffL) {
                    m.setExact(mf, U32.of(r.value()));
                } else {
                    m.setMasked(mf, U32.of(r.value()), U32.of(r.mask()));
                }
            } else if (field instanceof MatchField.EthType t) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_TYPE, EthType.of(t.type()));
            } else if (field instanceof MatchField.EthSrc s) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_SRC, mac(s.mac()));
            } else if (field instanceof MatchField.EthDst d) {
                if (d.mask() == null) {
                    m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_DST, mac(d.mac()));
                } else {
                    m.setMasked(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_DST, mac(d.mac()),
                            mac(d.mask()));
                }
            } else if (field instanceof MatchField.Ipv4Src s) {
                prefix(m, org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_SRC, s.ip(), s.length());
            } else if (field instanceof MatchField.Ipv4Dst d) {
                prefix(m, org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_DST, d.ip(), d.length());
            } else if (field instanceof MatchField.IpProto p) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.IP_PROTO,
                        IpProtocol.of((short) p.number()));
            } else if (field instanceof MatchField.TpDst t) {
                m.setExact(t.protocol() == 6 ? org.projectfloodlight.openflow.protocol.match.MatchField.TCP_DST
                        : org.projectfloodlight.openflow.protocol.match.MatchField.UDP_DST, TransportPort.of(t.port()));
            } else if (field instanceof MatchField.CtState c) {
                m.setMasked(org.projectfloodlight.openflow.protocol.match.MatchField.CONNTRACK_STATE, U32.of(c.value()),
                        U32.of(c.mask()));
            } else if (field instanceof MatchField.ArpOp o) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_OP, ArpOpcode.of(o.op()));
            } else if (field instanceof MatchField.ArpSpa a) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SPA, ip(a.ip()));
            } else if (field instanceof MatchField.ArpTpa a) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_TPA, ip(a.ip()));
            } else if (field instanceof MatchField.ArpSha a) {
                m.setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SHA, mac(a.mac()));
            } else {
                throw new IllegalStateException("no OpenFlow encoding for match field " + field);
            }
        }
        return m.build();
    }

    private static void prefix(Match.Builder m,
            org.projectfloodlight.openflow.protocol.match.MatchField<IPv4Address> field, io.tenet.controller.api.Ipv4 a,
            int length) {
        if (length == 32) {
            m.setExact(field, ip(a));
        } else {
            m.setMasked(field, ip(a), IPv4Address.ofCidrMaskLength(length));
        }
    }

    private static org.projectfloodlight.openflow.protocol.match.MatchField<U32> regField(Register r) {
        return switch (r.index()) {
            case 0 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG0;
            case 1 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG1;
            case 2 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG2;
            case 3 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG3;
            case 4 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG4;
            case 5 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG5;
            case 6 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG6;
            case 7 -> org.projectfloodlight.openflow.protocol.match.MatchField.REG7;
            default -> throw new IllegalStateException("register " + r + " has no OXM");
        };
    }

    private List<OFInstruction> instructions(FlowSpec spec) {
        List<OFAction> apply = new ArrayList<>();
        OFInstruction gotoTable = null;
        for (Action a : spec.actions()) {
            if (a instanceof Action.GotoTable g) {
                gotoTable = f.instructions().gotoTable(TableId.of(g.table().id()));
            } else {
                apply.add(action(a));
            }
        }
        List<OFInstruction> out = new ArrayList<>(2);
        if (!apply.isEmpty()) {
            out.add(f.instructions().applyActions(apply));
        }
        if (gotoTable != null) {
            out.add(gotoTable);
        }
        return out;
    }

    private OFAction action(Action a) {
        if (a instanceof Action.Output o) {
            return actions.output(OFPort.of(o.port()), 0);
        } else if (a instanceof Action.OutputInPort) {
            return actions.output(OFPort.IN_PORT, 0);
        } else if (a instanceof Action.LoadReg l) {
            return actions.setField(oxms.fromValue(U32.of(l.value()), regField(l.register())));
        } else if (a instanceof Action.SetEthSrc s) {
            return actions.setField(oxms.ethSrc(mac(s.mac())));
        } else if (a instanceof Action.SetArpOp o) {
            return actions.setField(oxms.arpOp(ArpOpcode.of(o.op())));
        } else if (a instanceof Action.SetArpSha s) {
            return actions.setField(oxms.arpSha(mac(s.mac())));
        } else if (a instanceof Action.SetArpSpa s) {
            return actions.setField(oxms.arpSpa(ip(s.ip())));
        } else if (a instanceof Action.SetTunnelId t) {
            return actions.setField(oxms.tunnelId(U64.of(t.vni())));
        } else if (a instanceof Action.SetTunnelDst t) {
            return actions.setField(oxms.tunnelIpv4Dst(ip(t.ip())));
        } else if (a instanceof Action.Ct c) {
            return actions.buildNiciraCt()
                    .setFlags(c.commit() ? 1 : 0)
                    .setZoneSrc(0)
                    .setZone(c.zone())
                    .setRecircTable((short) (c.table() == null ? 0xff : c.table().id()))
                    .setAlg(0)
                    .setActions(List.of())
                    .build();
        } else if (a instanceof Action.Move m) {
            return actions.buildNiciraMove()
                    .setNBits(m.src().bits())
                    .setSrcOfs(0)
                    .setDstOfs(0)
                    .setSrc(m.src().header())
                    .setDst(m.dst().header())
                    .build();
        }
        throw new IllegalStateException("no OpenFlow encoding for action " + a);
    }

    private static MacAddress mac(io.tenet.controller.api.Mac mac) {
        return MacAddress.of(mac.bits());
    }

    private static IPv4Address ip(io.tenet.controller.api.Ipv4 ip) {
        return IPv4Address.of(ip.bits());
    }
}
