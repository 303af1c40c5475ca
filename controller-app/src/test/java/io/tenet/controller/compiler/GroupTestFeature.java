package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A datapath feature for tests only, written as docs/architecture.md says a feature is written: per endpoint group
 * with members, a shared part holding a select group with a bucket per member (a group that changes with
 * membership), a meter whose rate follows the member count, and a flow that names both. Every switch with a
 * plugged-in member of the group holds the part. It gives the incremental-equals-scratch properties groups and
 * meters to check, and the real-switch test something to install.
 */
public final class GroupTestFeature implements DatapathFeature<GroupTestFeature.Shared> {
    public static final String NAME = "grouptest";
    /** OUT_PORT values this feature's flows match: beyond every port and the tunnel's value. */
    private static final long PORT_BASE = 0x20000;

    /** The part of every group with members. */
    public static final class Shared {
        final PersistentMap<ScopedKey, Part> groups;

        Shared(PersistentMap<ScopedKey, Part> groups) {
            this.groups = groups;
        }
    }

    /** What a group's part is built from. */
    record Inputs(EndpointGroup group, List<Endpoint> members) {
    }

    public static long groupId(EndpointGroup g) {
        return GroupSpec.OWNER | g.id();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Writes into OUTPUT beside forwarding, at keys forwarding never uses (see {@link #PORT_BASE}). */
    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(PipelineTable.OUTPUT);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        ModelSnapshot s = change.next();
        Set<ScopedKey> dirty = new HashSet<>();
        if (previous == null || change.isInitial()) {
            dirty.addAll(s.get(GROUPS).keySet());
            dirty.addAll(change.previous().get(GROUPS).keySet());
        } else {
            dirty.addAll(change.changed(GROUPS));
            for (ModelSnapshot side : List.of(change.previous(), change.next())) {
                for (String id : change.changed(ENDPOINTS)) {
                    Endpoint e = side.get(ENDPOINTS).get(id);
                    if (e != null && !e.group().isEmpty()) {
                        dirty.add(new ScopedKey(e.network().tenant(), e.group()));
                    }
                }
            }
        }
        PersistentMap.Builder<ScopedKey, Part> b = (previous == null ? PersistentMap.<ScopedKey, Part>empty()
                : previous.groups).toBuilder();
        for (ScopedKey k : dirty) {
            EndpointGroup g = s.get(GROUPS).get(k);
            List<Endpoint> members = g == null ? List.of() : ModelIndexes.membersByAddress(s, k);
            if (members.isEmpty()) {
                b.remove(k);
                continue;
            }
            Part before = previous == null ? null : previous.groups.get(k);
            b.put(k, Part.reuse(before, new PartKey(NAME, k), new Inputs(g, members), in -> contents(in, cookies)));
        }
        return new Shared(b.build());
    }

    private static Part.Contents contents(Inputs in, CookieIds cookies) {
        Cookie cookie = cookies.cookie(Cookie.Category.POLICY, "grouptest " + in.group().key());
        long id = groupId(in.group());
        List<GroupSpec.Bucket> buckets = new ArrayList<>();
        for (Endpoint e : in.members()) {
            buckets.add(new GroupSpec.Bucket(1 + (int) (e.ip().unsigned() % 7),
                    List.of(new Action.SetTunnelDst(e.ip()), RegField.DST_GROUP.load(in.group().id()))));
        }
        GroupSpec group = new GroupSpec(id, GroupSpec.Type.SELECT, buckets, cookie);
        MeterSpec meter = new MeterSpec(id, MeterSpec.Unit.KBPS, List.of(new MeterSpec.Band(1000L * in.members().size(),
                in.members().size() > 2 ? 100 : 0)), cookie);
        FlowSpec flow = new FlowSpec(PipelineTable.OUTPUT, Priority.NORMAL,
                List.of(RegField.OUT_PORT.match(PORT_BASE + in.group().id())),
                List.of(new Action.Meter(id), new Action.Group(id)), cookie);
        return new Part.Contents(List.of(flow), List.of(group), List.of(meter), List.of());
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        Set<ScopedKey> local = new TreeSet<>(Comparator.naturalOrder());
        for (SwitchContext.LocalEndpoint l : ctx.localEndpoints()) {
            if (!l.endpoint().group().isEmpty()) {
                local.add(new ScopedKey(l.endpoint().network().tenant(), l.endpoint().group()));
            }
        }
        for (ScopedKey k : local) {
            Part p = shared.groups.get(k);
            if (p != null) {
                out.add(p);
            }
        }
    }

    /** A compiler of Tenet's features and this one. */
    public static DatapathCompiler compiler() {
        List<DatapathFeature<?>> features = new ArrayList<>(DatapathCompiler.defaultFeatures());
        features.add(new GroupTestFeature());
        return new DatapathCompiler(features);
    }
}
