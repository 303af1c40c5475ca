package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.EGRESS_QOS;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.NetProfile;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Network profiles in the datapath: every plugged-in member of a group whose {@code netProfile} names a profile
 * gets, on its own container port, a meter at the profile's rate (a drop band: what exceeds rate and burst is
 * dropped, as a policer does) and its IPv4 marked with the profile's DSCP, before anything else of the pipeline
 * sees it. Per endpoint one part, so a profile change rewrites its members' flow and meter (modified in place)
 * and nothing else. Meters are per port, so each member gets the whole rate. docs/pipeline.md, EGRESS_QOS.
 */
public final class NetProfileFeature implements DatapathFeature<NetProfileFeature.Shared> {
    public static final String NAME = "netprofile";
    /** Meter ids of container ports: Tenet's owner byte, 0x01, and the port number. */
    static final long PORT_METERS = GroupSpec.OWNER | 0x010000;
    private static final Shared SHARED = new Shared();
    private static final PipelineTable NEXT = EGRESS_QOS.next();

    /** Nothing: a profile's flows are each switch's own, per port. */
    static final class Shared {
    }

    /** What one member's part is built from. */
    record Inputs(int port, NetProfile profile, Cookie cookie) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(EGRESS_QOS);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        return SHARED;
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        List<SwitchContext.LocalEndpoint> local = new ArrayList<>(ctx.localEndpoints());
        local.sort(Comparator.comparingInt(SwitchContext.LocalEndpoint::port));
        for (SwitchContext.LocalEndpoint l : local) {
            Endpoint e = l.endpoint();
            if (e.group().isEmpty()) {
                continue;
            }
            String tenant = e.network().tenant();
            EndpointGroup g = ctx.snapshot().get(ModelCollections.GROUPS).get(new ScopedKey(tenant, e.group()));
            if (g == null || g.netProfile().isEmpty()) {
                continue;
            }
            NetProfile p = ctx.snapshot().get(ModelCollections.NETPROFILES).get(new ScopedKey(tenant, g.netProfile()));
            if (p == null || (p.bandwidthKbps() == 0 && p.dscp() == 0)) {
                continue;
            }
            PartKey key = new PartKey(NAME, e.id());
            out.add(Part.reuse(ctx.previous(key), key, new Inputs(l.port(), p,
                    ctx.cookies().cookie(Cookie.Category.ENDPOINT, e.id())), NetProfileFeature::contents));
        }
    }

    /** The meter id of the container on {@code port}. */
    static long meterId(int port) {
        return PORT_METERS | port;
    }

    static Part.Contents contents(Inputs in) {
        NetProfile p = in.profile();
        List<Action> actions = new ArrayList<>(3);
        List<MeterSpec> meters = List.of();
        if (p.bandwidthKbps() > 0) {
            long id = meterId(in.port());
            // Without a burst, a second at the rate: a policer's bucket much smaller than that halves what a TCP
            // sender gets (measured: 125 KB at 10 Mbit/s gave 5 Mbit/s, 1,250 KB gave 9.3-10.3).
            long burstKbit = p.burstKb() > 0 ? 8L * p.burstKb() : p.bandwidthKbps();
            meters = List.of(new MeterSpec(id, MeterSpec.Unit.KBPS,
                    List.of(new MeterSpec.Band(p.bandwidthKbps(), burstKbit)), in.cookie()));
            actions.add(new Action.Meter(id));
        }
        if (p.dscp() > 0) {
            actions.add(new Action.SetIpDscp(p.dscp()));
        }
        actions.add(new Action.GotoTable(NEXT));
        FlowSpec flow = new FlowSpec(EGRESS_QOS, Priority.NORMAL,
                List.of(new MatchField.InPort(in.port()), MatchField.EthType.IPV4), actions, in.cookie());
        return new Part.Contents(List.of(flow), List.of(), meters, List.of());
    }
}
