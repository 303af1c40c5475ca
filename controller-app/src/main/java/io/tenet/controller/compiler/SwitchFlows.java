package io.tenet.controller.compiler;

import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.compiler.SharedFlows.GroupPolicy;
import io.tenet.controller.compiler.SharedFlows.HostSlice;
import io.tenet.controller.compiler.SharedFlows.NetworkFlows;
import io.tenet.controller.pipeline.FlowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The flows one switch should hold, as parts: the pipeline's own flows, for each network with local members the
 * switch's local flows and a reference to the network's {@link NetworkFlows} (shared by every switch), and a
 * reference to the {@link GroupPolicy} of each local group (shared too). Immutable.
 *
 * <p>Parts that did not change between two compilations are the same objects, so {@link #changesFrom} compares
 * references first and looks inside only the parts that changed: the cost of a diff follows the change, not the
 * size of the switch.
 */
public final class SwitchFlows {
    private final String node;
    private final List<FlowSpec> base;
    private final SortedMap<NetworkKey, NetworkPart> networks;
    private final SortedMap<ScopedKey, GroupPolicy> groups;
    private final int size;

    /**
     * A network on this switch: the flows of its local endpoints and its floods ({@code local}), and the shared
     * slices of every host, with their remote flows where {@code remote} (the switch has a tunnel and the network
     * is VXLAN) except for this switch's own host. The other fields are the inputs {@code local} was built from.
     */
    record NetworkPart(NetworkFlows shared, boolean remote, List<Integer> ports, OptionalInt tunnel,
            List<FlowSpec> local) {
        Network network() {
            return shared.network();
        }
    }

    /** Takes the maps over: nobody changes them afterwards (the groups map may be a previous result's). */
    SwitchFlows(String node, List<FlowSpec> base, SortedMap<NetworkKey, NetworkPart> networks,
            SortedMap<ScopedKey, GroupPolicy> groups) {
        this.node = node;
        this.base = List.copyOf(base);
        this.networks = networks;
        this.groups = groups;
        int n = base.size();
        for (NetworkPart p : networks.values()) {
            n += p.local().size() + p.shared().arpFlows();
            if (p.remote()) {
                HostSlice mine = p.shared().hosts().get(node);
                n += p.shared().remoteFlows() - (mine == null ? 0 : mine.remote().size());
            }
        }
        for (GroupPolicy g : groups.values()) {
            n += g.flows().size();
        }
        this.size = n;
    }

    /** The node whose switch this is. */
    public String node() {
        return node;
    }

    public int size() {
        return size;
    }

    List<FlowSpec> base() {
        return base;
    }

    SortedMap<NetworkKey, NetworkPart> networks() {
        return networks;
    }

    SortedMap<ScopedKey, GroupPolicy> groups() {
        return groups;
    }

    private boolean includesRemote(NetworkPart p, String host) {
        return p.remote() && !host.equals(node);
    }

    /** Every flow, part after part. */
    public void forEach(Consumer<FlowSpec> action) {
        base.forEach(action);
        for (NetworkPart p : networks.values()) {
            p.local().forEach(action);
            for (Map.Entry<String, HostSlice> h : p.shared().hosts().entrySet()) {
                h.getValue().flows(includesRemote(p, h.getKey())).forEach(action);
            }
        }
        groups.values().forEach(g -> g.flows().forEach(action));
    }

    public List<FlowSpec> flows() {
        List<FlowSpec> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    /**
     * The flows by key.
     *
     * @throws IllegalStateException if two different flows have one key (a compiler bug: the switch would keep
     *                               only one of them)
     */
    public Map<FlowSpec.Key, FlowSpec> asMap() {
        Map<FlowSpec.Key, FlowSpec> out = new LinkedHashMap<>(2 * size);
        forEach(f -> {
            FlowSpec previous = out.put(f.key(), f);
            if (previous != null && !previous.equals(f)) {
                throw new IllegalStateException("two flows with one key: " + previous + " and " + f);
            }
        });
        return out;
    }

    /** What turns a switch holding {@code before} into one holding these flows. */
    public record Diff(List<FlowSpec> removed, List<FlowSpec> added) {
        public boolean isEmpty() {
            return removed.isEmpty() && added.isEmpty();
        }
    }

    /**
     * The flows to remove (by key) and to add or replace so that a switch holding {@code before} holds these
     * flows. Parts that are the same objects in both are skipped without looking inside.
     */
    public Diff changesFrom(SwitchFlows before) {
        DiffBuilder d = new DiffBuilder();
        if (!before.node.equals(node)) {
            d.lists(before.flows(), flows());
            return d.build();
        }
        d.lists(before.base, base);
        for (Map.Entry<NetworkKey, NetworkPart> e : networks.entrySet()) {
            NetworkPart a = before.networks.get(e.getKey());
            if (a != e.getValue()) {
                network(d, before, a, e.getValue());
            }
        }
        for (Map.Entry<NetworkKey, NetworkPart> e : before.networks.entrySet()) {
            if (!networks.containsKey(e.getKey())) {
                network(d, before, e.getValue(), null);
            }
        }
        if (before.groups != groups) {
            for (Map.Entry<ScopedKey, GroupPolicy> e : groups.entrySet()) {
                GroupPolicy a = before.groups.get(e.getKey());
                if (a != e.getValue()) {
                    d.lists(a == null ? List.of() : a.flows(), e.getValue().flows());
                }
            }
            for (Map.Entry<ScopedKey, GroupPolicy> e : before.groups.entrySet()) {
                if (!groups.containsKey(e.getKey())) {
                    d.lists(e.getValue().flows(), List.of());
                }
            }
        }
        return d.build();
    }

    /** The changes of one network's part, {@code was} on {@code before} and {@code now} here (either may be null). */
    private void network(DiffBuilder d, SwitchFlows before, NetworkPart was, NetworkPart now) {
        d.lists(was == null ? List.of() : was.local(), now == null ? List.of() : now.local());
        Map<String, HostSlice> slicesWas = was == null ? Map.of() : was.shared().hosts();
        Map<String, HostSlice> slicesNow = now == null ? Map.of() : now.shared().hosts();
        Set<String> hosts = new TreeSet<>(slicesWas.keySet());
        hosts.addAll(slicesNow.keySet());
        for (String h : hosts) {
            HostSlice sliceWas = slicesWas.get(h);
            HostSlice sliceNow = slicesNow.get(h);
            boolean remoteWas = was != null && before.includesRemote(was, h);
            boolean remoteNow = now != null && includesRemote(now, h);
            if (sliceWas != sliceNow || remoteWas != remoteNow) {
                d.lists(sliceWas == null ? List.of() : sliceWas.flows(remoteWas),
                        sliceNow == null ? List.of() : sliceNow.flows(remoteNow));
            }
        }
    }

    /**
     * Collects removals and additions; a flow that moved from one part to another is not removed. Correct because
     * a flow's key occurs in one part only (the model keeps keys apart: one address per network, one endpoint per
     * port; the reconciler checks it whenever it compares with the switch in full).
     */
    private static final class DiffBuilder {
        private final Map<FlowSpec.Key, FlowSpec> removed = new HashMap<>();
        private final List<FlowSpec> added = new ArrayList<>();

        void lists(List<FlowSpec> before, List<FlowSpec> after) {
            if (before == after) {
                return;
            }
            Map<FlowSpec.Key, FlowSpec> old = new HashMap<>(2 * before.size());
            before.forEach(f -> old.put(f.key(), f));
            for (FlowSpec f : after) {
                FlowSpec was = old.remove(f.key());
                if (!f.equals(was)) {
                    added.add(f);
                }
            }
            removed.putAll(old);
        }

        Diff build() {
            Set<FlowSpec.Key> addedKeys = new HashSet<>();
            added.forEach(f -> addedKeys.add(f.key()));
            List<FlowSpec> gone = new ArrayList<>();
            for (FlowSpec f : removed.values()) {
                if (!addedKeys.contains(f.key())) {
                    gone.add(f);
                }
            }
            return new Diff(List.copyOf(gone), List.copyOf(added));
        }
    }
}
