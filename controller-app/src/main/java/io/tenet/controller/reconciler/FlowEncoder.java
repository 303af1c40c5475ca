package io.tenet.controller.reconciler;

import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.openflow.api.ConntrackFlush;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Turns desired flows, groups and meters into OpenFlow messages for one switch's protocol version, and gives what
 * is read back from the switch the same identity ({@link WireKey}, group and meter ids) and body as what made it,
 * so desired and installed can be diffed. Flows carry the reconciler's cookie generation.
 */
final class FlowEncoder {
    private static final U64 OWNER = U64.of(Cookie.OWNER);
    private static final U64 OWNER_MASK = U64.of(Cookie.OWNER_MASK);
    private static final Set<OFMeterFlags> KEPT_FLAGS = EnumSet.of(OFMeterFlags.KBPS, OFMeterFlags.PKTPS,
            OFMeterFlags.BURST);
    private final OFFactory f;
    private final ActionEncoder actions;
    private final int generation;

    FlowEncoder(OFFactory factory, int generation) {
        this.f = factory;
        this.actions = new ActionEncoder(factory);
        this.generation = generation;
    }

    FlowEncoder(OFFactory factory) {
        this(factory, 0);
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

    /** A group's body on the wire, compared once ids match. */
    record GroupBody(OFGroupType type, List<OFBucket> buckets) {
        static GroupBody of(OFGroupDescStatsEntry e) {
            return new GroupBody(e.getGroupType(), e.getBuckets());
        }
    }

    /**
     * A meter's body as the switch keeps it: its unit and burst flags, and its bands. Without the burst flag OVS
     * reports each band's burst size as its rate, so burst sizes count only with the flag.
     */
    record MeterBody(Set<OFMeterFlags> flags, List<String> bands) {
        static MeterBody of(Set<OFMeterFlags> flags, List<OFMeterBand> bands) {
            Set<OFMeterFlags> kept = EnumSet.noneOf(OFMeterFlags.class);
            flags.stream().filter(KEPT_FLAGS::contains).forEach(kept::add);
            boolean burst = kept.contains(OFMeterFlags.BURST);
            List<String> out = new ArrayList<>();
            for (OFMeterBand b : bands) {
                out.add(b instanceof OFMeterBandDrop d ? "drop rate=" + d.getRate() + (burst ? " burst=" + d.getBurstSize()
                        : "") : b.toString());
            }
            return new MeterBody(kept, out);
        }

        static MeterBody of(OFMeterConfig c) {
            return of(c.getFlags(), c.getEntries());
        }
    }

    OFFlowAdd add(FlowSpec spec) {
        return f.buildFlowAdd()
                .setTableId(TableId.of(spec.table().id()))
                .setPriority(spec.priority())
                .setCookie(U64.of(spec.cookie().value(generation)))
                .setMatch(match(spec))
                .setInstructions(instructions(spec.actions()))
                .setBufferId(OFBufferId.NO_BUFFER)
                .build();
    }

    OFFlowDeleteStrict delete(WireKey key) {
        Match match = f.buildMatchV3().setOxmList(OFOxmList.ofList(new ArrayList<>(key.match()))).build();
        return deleteStrict(key.table(), key.priority(), match);
    }

    /** Deletes exactly the flow of {@code spec} (same table, priority and match), whatever its actions. */
    OFFlowDeleteStrict delete(FlowSpec spec) {
        return deleteStrict(spec.table().id(), spec.priority(), match(spec));
    }

    private OFFlowDeleteStrict deleteStrict(int table, int priority, Match match) {
        return f.buildFlowDeleteStrict()
                .setTableId(TableId.of(table))
                .setPriority(priority)
                .setMatch(match)
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

    private Match match(FlowSpec spec) {
        Match.Builder m = f.buildMatch();
        MatchEncoder encoder = new MatchEncoder(m);
        for (MatchField field : spec.match()) {
            field.accept(encoder);
        }
        return m.build();
    }

    private List<OFInstruction> instructions(List<Action> list) {
        List<Action> apply = new ArrayList<>(list.size());
        OFInstruction meter = null;
        OFInstruction gotoTable = null;
        for (Action a : list) {
            if (a instanceof Action.GotoTable g) {
                gotoTable = f.instructions().gotoTable(TableId.of(g.table().id()));
            } else if (a instanceof Action.Meter m) {
                meter = f.instructions().buildMeter().setMeterId(m.meterId()).build();
            } else {
                apply.add(a);
            }
        }
        List<OFInstruction> out = new ArrayList<>(3);
        if (meter != null) {
            out.add(meter);
        }
        if (!apply.isEmpty()) {
            out.add(f.instructions().applyActions(actions.all(apply)));
        }
        if (gotoTable != null) {
            out.add(gotoTable);
        }
        return out;
    }

    OFGroupMod addGroup(GroupSpec g) {
        return f.buildGroupAdd().setGroup(OFGroup.of((int) g.id())).setGroupType(type(g.type()))
                .setBuckets(buckets(g)).build();
    }

    OFGroupMod modifyGroup(GroupSpec g) {
        return f.buildGroupModify().setGroup(OFGroup.of((int) g.id())).setGroupType(type(g.type()))
                .setBuckets(buckets(g)).build();
    }

    OFGroupMod deleteGroup(long id, OFGroupType type) {
        return f.buildGroupDelete().setGroup(OFGroup.of((int) id)).setGroupType(type).build();
    }

    GroupBody body(GroupSpec g) {
        return new GroupBody(type(g.type()), buckets(g));
    }

    static OFGroupType type(GroupSpec.Type t) {
        return switch (t) {
            case ALL -> OFGroupType.ALL;
            case SELECT -> OFGroupType.SELECT;
            case INDIRECT -> OFGroupType.INDIRECT;
        };
    }

    private List<OFBucket> buckets(GroupSpec g) {
        List<OFBucket> out = new ArrayList<>(g.buckets().size());
        for (GroupSpec.Bucket b : g.buckets()) {
            List<OFAction> list = actions.all(b.actions());
            // Loxi's defaults (weight 0, watch group ALL) are not what OVS expects: set every field.
            out.add(f.buildBucket().setWeight(b.weight()).setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY)
                    .setActions(list).build());
        }
        return out;
    }

    OFMeterMod addMeter(MeterSpec m) {
        return meterMod(OFMeterModCommand.ADD, m);
    }

    OFMeterMod modifyMeter(MeterSpec m) {
        return meterMod(OFMeterModCommand.MODIFY, m);
    }

    OFMeterMod deleteMeter(long id) {
        OFMeterMod.Builder b = f.buildMeterMod().setCommand(OFMeterModCommand.DELETE).setMeterId(id)
                .setFlags(EnumSet.noneOf(OFMeterFlags.class));
        return (f.getVersion() == OFVersion.OF_13 ? b.setMeters(List.of()) : b.setBands(List.of())).build();
    }

    /** The conntrack flush that releases a UDP translation no flow makes any more (see {@link Conntrack.Release}). */
    OFMessage release(Conntrack.Release r) {
        return new ConntrackFlush(r.zone(), Conntrack.Release.UDP, MatchEncoder.ip(r.vip()), r.servicePort(),
                MatchEncoder.ip(r.address()), r.port()).message(f.getVersion());
    }

    MeterBody body(MeterSpec m) {
        return MeterBody.of(flags(m), bands(m));
    }

    private OFMeterMod meterMod(OFMeterModCommand command, MeterSpec m) {
        OFMeterMod.Builder b = f.buildMeterMod().setCommand(command).setMeterId(m.id()).setFlags(flags(m));
        // Loxi names the bands "meters" in OpenFlow 1.3 and "bands" in 1.4.
        return (f.getVersion() == OFVersion.OF_13 ? b.setMeters(bands(m)) : b.setBands(bands(m))).build();
    }

    private static Set<OFMeterFlags> flags(MeterSpec m) {
        Set<OFMeterFlags> flags = EnumSet.of(m.unit() == MeterSpec.Unit.KBPS ? OFMeterFlags.KBPS : OFMeterFlags.PKTPS);
        if (m.burst()) {
            flags.add(OFMeterFlags.BURST);
        }
        return flags;
    }

    private List<OFMeterBand> bands(MeterSpec m) {
        List<OFMeterBand> out = new ArrayList<>();
        for (MeterSpec.Band band : m.bands()) {
            OFMeterBandDrop drop = f.meterBands().buildDrop().setRate(band.rate()).setBurstSize(band.burstSize()).build();
            out.add(drop);
        }
        return out;
    }
}
