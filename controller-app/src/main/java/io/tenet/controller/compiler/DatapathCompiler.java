package io.tenet.controller.compiler;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.pipeline.FlowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Computes the flows each switch should hold from a model snapshot and the switch's {@link NodeView}. The result
 * depends on those inputs alone: the same inputs always give the same flows. See docs/pipeline.md for the tables.
 *
 * <p>This class assembles a switch's flows from parts and decides which parts can be reused;
 * {@link ForwardingFlows} builds the forwarding flows and {@link PolicyCompiler} the policy flows. A network
 * without local endpoints (with their port present) gets no flows on a switch.
 *
 * <p>Incremental: the flows that are the same on every switch ({@link SharedFlows}) are built once per snapshot
 * for all switches, and a switch's own flows are rebuilt only for the networks whose inputs changed since the
 * switch's previous compilation; everything else is reused as the same objects. One instance serves every switch
 * of a controller, from any thread.
 */
public final class DatapathCompiler {
    private SharedFlows last;

    /** The flows of one switch, compiled from scratch with a compiler of its own (tests, tools). */
    public static SwitchFlows compileFromScratch(ModelSnapshot model, NodeView view) {
        return new DatapathCompiler().compile(model, view, null);
    }

    /**
     * The flows of one switch; {@code previous} is this switch's last result (or null), whose parts are reused
     * where their inputs did not change.
     */
    public SwitchFlows compile(ModelSnapshot model, NodeView view, SwitchFlows previous) {
        String self = view.node().name();
        if (previous != null && !previous.node().equals(self)) {
            previous = null;
        }
        SharedFlows shared = shared(model);
        OptionalInt tunnel = view.tunnelPort();
        List<FlowSpec> base = ForwardingFlows.base(tunnel);
        if (previous != null && previous.base().equals(base)) {
            base = previous.base();
        }
        SortedMap<NetworkKey, SwitchFlows.NetworkPart> networks = new TreeMap<>();
        SortedMap<ScopedKey, SharedFlows.GroupPolicy> groups = new TreeMap<>();
        for (SharedFlows.NetworkFlows nf : shared.networks.values()) {
            SharedFlows.HostSlice mine = nf.hosts().get(self);
            if (mine == null) {
                continue;
            }
            List<Endpoint> eps = mine.inputs().endpoints();
            List<Integer> ports = new ArrayList<>(eps.size());
            boolean any = false;
            for (int i = 0; i < eps.size(); i++) {
                int p = view.port(eps.get(i).intfName()).orElse(-1);
                ports.add(p);
                if (p >= 0) {
                    any = true;
                    SharedFlows.GroupPolicy g = shared.groupsById.get(mine.inputs().groups().get(i));
                    if (g != null) {
                        groups.put(g.inputs().group().key(), g);
                    }
                }
            }
            if (!any) {
                continue;
            }
            boolean remote = nf.network().spec().encap() == Encap.VXLAN && tunnel.isPresent();
            SwitchFlows.NetworkPart before = previous == null ? null : previous.networks().get(nf.network().key());
            SwitchFlows.NetworkPart part;
            if (before == null || !localReusable(before, nf, self, ports, tunnel)) {
                part = new SwitchFlows.NetworkPart(nf, remote, List.copyOf(ports), tunnel,
                        ForwardingFlows.local(nf, mine, self, ports, remote ? tunnel : OptionalInt.empty()));
            } else if (before.shared() == nf) {
                part = before;
            } else {
                part = new SwitchFlows.NetworkPart(nf, remote, before.ports(), tunnel, before.local());
            }
            networks.put(nf.network().key(), part);
        }
        if (previous != null && sameValues(previous.groups(), groups)) {
            groups = previous.groups();
        }
        return new SwitchFlows(self, base, networks, groups);
    }

    /**
     * Whether {@code before}'s local flows are still right for {@code nf}: they were built from the network, this
     * host's slice (its endpoints and their groups), the hosts floods reach, the ports and the tunnel port, and
     * shared parts with equal inputs are the same objects.
     */
    private static boolean localReusable(SwitchFlows.NetworkPart before, SharedFlows.NetworkFlows nf, String self,
            List<Integer> ports, OptionalInt tunnel) {
        if (!before.ports().equals(ports) || !before.tunnel().equals(tunnel)) {
            return false;
        }
        return before.shared() == nf || before.network().equals(nf.network())
                && before.shared().hosts().get(self) == nf.hosts().get(self)
                && before.shared().tunnels() == nf.tunnels();
    }

    private static boolean sameValues(Map<ScopedKey, SharedFlows.GroupPolicy> a,
            Map<ScopedKey, SharedFlows.GroupPolicy> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<ScopedKey, SharedFlows.GroupPolicy> e : b.entrySet()) {
            if (a.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shared flows of {@code model}, built at most once per snapshot from the last ones. A snapshot older than
     * the last (a reconciler thread that started before a change) gets its own, which are not kept.
     */
    private synchronized SharedFlows shared(ModelSnapshot model) {
        if (last != null && last.snapshot == model) {
            return last;
        }
        SharedFlows built = SharedFlows.build(model, last);
        if (last == null || model.version() >= last.snapshot.version()) {
            last = built;
        }
        return built;
    }
}
