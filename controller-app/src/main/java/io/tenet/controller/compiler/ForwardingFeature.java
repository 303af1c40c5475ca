package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.compiler.ForwardingFlows.HostTunnel;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bridge-mode forwarding, VXLAN networks through the tunnel and VLAN networks through the uplink: classification
 * with anti-spoofing, ARP answered in the datapath, conntrack, the
 * destination lookup within a network, floods with split horizon, commit and output (docs/pipeline.md).
 *
 * <p>Shared by all switches, per network and host, a <em>slice</em>: the ARP answers of the network's endpoints on
 * that host (on every switch with the network) and how to reach them through the tunnel (on the other hosts'
 * switches). A change rebuilds the slices of the networks it touches (through their endpoints, nodes and groups)
 * and reuses every slice whose inputs are unchanged. Per switch, each network with a plugged-in endpoint is one
 * composite part: the switch's own flows for the network plus the slices that concern it.
 */
final class ForwardingFeature implements DatapathFeature<ForwardingFeature.Shared> {
    static final String NAME = "forwarding";
    private static final PartKey BASE = new PartKey(NAME, "base");
    private static final PartKey LOCAL = new PartKey(NAME, "local");
    /** The features of the slices' parts: their object is the host (keys are unique among siblings only). */
    private static final String ARP = NAME + ".arp";
    private static final String REMOTE = NAME + ".remote";
    private static final String ARP_TREE = NAME + ".arps";
    private static final String REMOTE_TREE = NAME + ".remotes";
    /** The feature of a network's part on a switch that reaches it only by routing. */
    private static final String ROUTED = NAME + ".routed";
    private static final Comparator<Endpoint> BY_ADDRESS = Comparator.comparing(Endpoint::ip);

    /** The slices of every network, by network. */
    static final class Shared {
        final PersistentMap<NetworkKey, NetworkSlices> networks;

        Shared(PersistentMap<NetworkKey, NetworkSlices> networks) {
            this.networks = networks;
        }
    }

    /**
     * One network's slices by host name, the hosts with members that floods reach, by name, and the slices' parts
     * as trees (see {@link PartTree}): every switch of the network references the ARP tree's root and, with a
     * tunnel, the remote tree less its own host's slice.
     */
    static final class NetworkSlices {
        final Network network;
        final Map<String, HostSlice> hosts;
        /** The hosts' names, sorted: the order of the trees' slices. */
        final List<String> hostNames;
        final List<HostTunnel> tunnels;
        final PartTree arps;
        final PartTree remotes;
        final Cookie cookie;
        /** The VLANs of the groups of the network's endpoints that have their own (ACI mode), by group id. */
        final List<ForwardingFlows.GroupVlan> groupVlans;

        NetworkSlices(Network network, Map<String, HostSlice> hosts, List<String> hostNames, List<HostTunnel> tunnels,
                List<ForwardingFlows.GroupVlan> groupVlans, NetworkSlices before, CookieIds cookies) {
            this.network = network;
            this.groupVlans = groupVlans;
            this.cookie = cookies.cookie(Cookie.Category.NETWORK, network.key());
            this.hosts = hosts;
            this.hostNames = hostNames;
            this.tunnels = tunnels;
            List<Part> arp = new ArrayList<>(hosts.size());
            List<Part> remote = new ArrayList<>(hosts.size());
            for (String name : hostNames) {
                HostSlice h = hosts.get(name);
                arp.add(h.arp);
                remote.add(h.remote);
            }
            this.arps = PartTree.of(ARP_TREE, arp, before == null ? null : before.arps);
            this.remotes = PartTree.of(REMOTE_TREE, remote, before == null ? null : before.remotes);
        }
    }

    /**
     * What a slice is built from: the network, the host's node (null when unregistered), its endpoints and groups,
     * and whether ARP floods (else the switches answer it).
     */
    record HostInputs(Network network, Node node, List<Endpoint> endpoints, List<Integer> groups, boolean floodArp) {
    }

    /**
     * The network's endpoints on one host: their ARP answers and their remote flows, as parts, and the endpoints'
     * cookies (by position), which the host's own switch uses for its local flows.
     */
    static final class HostSlice {
        final HostInputs inputs;
        final Part arp;
        final Part remote;
        final List<Cookie> cookies;

        HostSlice(HostInputs inputs, Part arp, Part remote, List<Cookie> cookies) {
            this.inputs = inputs;
            this.arp = arp;
            this.remote = remote;
            this.cookies = cookies;
        }
    }

    /**
     * What a network's part on a switch is built from: the slices (compared by identity), the endpoints' ports and
     * the port that joins the network's other hosts, when the switch has it (tunnel or uplink, by encap).
     */
    record NetworkInputs(NetworkSlices slices, List<Integer> ports, OptionalInt carrier, OptionalInt hostPort,
            boolean fabric) {
    }

    /**
     * What the switch's own flows for a network are built from; the slice compares by identity. With
     * {@code fabric}, the network is routed through the fabric by this host's BGP routes (the carrier is the uplink).
     */
    record LocalInputs(Network network, HostSlice mine, List<Integer> ports, OptionalInt carrier,
            List<HostTunnel> tunnels, Cookie cookie, boolean floodArp, OptionalInt hostPort, boolean fabric,
            List<ForwardingFlows.GroupVlan> groupVlans) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(PipelineTable.CLASSIFIER, PipelineTable.TUNNEL_IDENTITY, PipelineTable.ARP_RESPONDER,
                PipelineTable.CONNTRACK, PipelineTable.DESTINATION, PipelineTable.COMMIT, PipelineTable.OUTPUT);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        ModelSnapshot s = change.next();
        Set<NetworkKey> dirty = previous == null || change.isInitial() ? allNetworks(change) : touched(change);
        if (previous == null) {
            cookies.expect(Cookie.Category.ENDPOINT, s.get(ENDPOINTS).size());
            cookies.expect(Cookie.Category.NETWORK, s.get(NETWORKS).size());
        }
        PersistentMap.Builder<NetworkKey, NetworkSlices> b = (previous == null ? PersistentMap
                .<NetworkKey, NetworkSlices>empty() : previous.networks).toBuilder();
        for (NetworkKey k : dirty) {
            Network n = s.get(NETWORKS).get(k);
            if (n == null) {
                b.remove(k);
            } else {
                b.put(k, slices(s, n, previous == null ? null : previous.networks.get(k), cookies));
            }
        }
        return new Shared(b.build());
    }

    private static Set<NetworkKey> allNetworks(ModelChange change) {
        Set<NetworkKey> all = new HashSet<>(change.next().get(NETWORKS).keySet());
        all.addAll(change.previous().get(NETWORKS).keySet());
        return all;
    }

    /** The networks whose slices a change may touch: its own, and those of its endpoints, nodes and groups. */
    private static Set<NetworkKey> touched(ModelChange change) {
        if (!change.changed(GLOBALS).isEmpty()) {
            return allNetworks(change);
        }
        Set<NetworkKey> out = new HashSet<>(change.changed(NETWORKS));
        for (ModelSnapshot side : List.of(change.previous(), change.next())) {
            for (String id : change.changed(ENDPOINTS)) {
                Endpoint e = side.get(ENDPOINTS).get(id);
                if (e != null) {
                    out.add(e.network());
                }
            }
            for (String node : change.changed(NODES)) {
                ModelIndexes.endpointsOn(side, node).values().forEach(e -> out.add(e.network()));
            }
            for (ScopedKey group : change.changed(GROUPS)) {
                ModelIndexes.membersOf(side, group).values().forEach(e -> out.add(e.network()));
            }
        }
        return out;
    }

    /** A network's slices, reusing {@code before}'s (and {@code before} itself) where the inputs are unchanged. */
    private static NetworkSlices slices(ModelSnapshot s, Network n, NetworkSlices before, CookieIds cookies) {
        Map<String, List<Endpoint>> byHost = new HashMap<>();
        for (Endpoint e : ModelIndexes.endpointsOf(s, n.key()).values()) {
            byHost.computeIfAbsent(e.node(), k -> new ArrayList<>(4)).add(e);
        }
        String[] names = byHost.keySet().toArray(new String[0]);
        Arrays.sort(names);
        List<String> hostNames = before != null && Arrays.asList(names).equals(before.hostNames) ? before.hostNames
                : List.of(names);
        Map<ScopedKey, EndpointGroup> groups = s.get(GROUPS);
        boolean floodArp = ModelIndexes.globals(s).arpMode() == Global.ArpMode.FLOOD;
        boolean same = before != null && before.network.equals(n) && hostNames == before.hostNames;
        Map<String, HostSlice> hosts = new HashMap<>(2 * names.length);
        List<HostTunnel> tunnels = new ArrayList<>();
        TreeMap<Integer, Integer> vlanOf = new TreeMap<>();
        for (String name : names) {
            List<Endpoint> eps = byHost.get(name);
            eps.sort(BY_ADDRESS);
            List<Integer> ids = new ArrayList<>(eps.size());
            for (Endpoint e : eps) {
                EndpointGroup g = e.group().isEmpty() ? null : groups.get(new ScopedKey(e.network().tenant(), e.group()));
                ids.add(g == null ? 0 : g.id());
                if (g != null && g.vlan() != 0) {
                    vlanOf.put(g.id(), g.vlan());
                }
            }
            Node node = s.get(NODES).get(name);
            HostInputs in = new HostInputs(n, node, List.copyOf(eps), List.copyOf(ids), floodArp);
            HostSlice old = before == null ? null : before.hosts.get(name);
            HostSlice slice = old != null && old.inputs.equals(in) ? old : slice(name, in, cookies);
            same &= slice == old;
            hosts.put(name, slice);
            if (node != null) {
                tunnels.add(new HostTunnel(node.name(), node.tunnelIp()));
            }
        }
        if (before != null && before.tunnels.equals(tunnels)) {
            tunnels = before.tunnels;
        } else {
            same = false;
            tunnels = List.copyOf(tunnels);
        }
        List<ForwardingFlows.GroupVlan> groupVlans = new ArrayList<>(vlanOf.size());
        vlanOf.forEach((id, vlan) -> groupVlans.add(new ForwardingFlows.GroupVlan(id, vlan)));
        List<ForwardingFlows.GroupVlan> vlans = before != null && before.groupVlans.equals(groupVlans)
                ? before.groupVlans : List.copyOf(groupVlans);
        same &= before != null && vlans == before.groupVlans;
        return same ? before : new NetworkSlices(n, hosts, hostNames, tunnels, vlans, before, cookies);
    }

    /** A slice, built from its inputs alone: the same on every switch. */
    private static HostSlice slice(String host, HostInputs in, CookieIds cookies) {
        List<FlowSpec> arp = new ArrayList<>(in.endpoints().size());
        List<FlowSpec> remote = new ArrayList<>(2 * in.endpoints().size());
        List<Cookie> ids = new ArrayList<>(in.endpoints().size());
        boolean tunnelled = in.node() != null;
        for (int i = 0; i < in.endpoints().size(); i++) {
            Endpoint e = in.endpoints().get(i);
            Cookie cookie = cookies.cookie(Cookie.Category.ENDPOINT, e.id());
            ids.add(cookie);
            if (!in.floodArp()) {
                arp.add(ForwardingFlows.arpAnswer(e, in.network(), cookie));
            }
            if (tunnelled) {
                ForwardingFlows.remote(e, in.network(), in.groups().get(i), in.node(), in.floodArp(), cookie, remote);
            }
        }
        return new HostSlice(in, Part.of(new PartKey(ARP, host), in, Part.Contents.flows(arp)),
                Part.of(new PartKey(REMOTE, host), in, Part.Contents.flows(remote)), List.copyOf(ids));
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        OptionalInt tunnel = ctx.tunnelPort();
        out.add(Part.reuse(ctx.previous(BASE), BASE, new BaseInputs(tunnel, ctx.view().dnsPort(), ctx.speaksBgp()),
                ForwardingFeature::base));
        Set<NetworkKey> local = new TreeSet<>();
        ctx.localEndpoints().forEach(l -> local.add(l.endpoint().network()));
        reachedByRouting(shared, ctx, local, out);
        for (NetworkKey k : local) {
            NetworkSlices slices = shared.networks.get(k);
            HostSlice mine = slices == null ? null : slices.hosts.get(ctx.self());
            if (mine == null) {
                continue;
            }
            List<Integer> ports = new ArrayList<>(mine.inputs.endpoints().size());
            for (Endpoint e : mine.inputs.endpoints()) {
                ports.add(ctx.view().port(e.intfName()).orElse(-1));
            }
            PartKey key = new PartKey(NAME, k);
            Part previous = ctx.previous(key);
            OptionalInt carrier = slices.network.spec().encap() == Encap.VLAN ? ctx.uplinkPort() : tunnel;
            boolean fabric = ctx.speaksBgp() && slices.network.routedByFabric();
            out.add(Part.reuse(previous, key, new NetworkInputs(slices, ports, carrier, ctx.view().dnsPort(), fabric),
                    in -> Part.Contents.children(networkChildren(in, mine, ctx, previous))));
        }
    }

    /**
     * In routing mode, what a switch needs of the networks of its tenants that have no member on it: how to reach
     * their endpoints on other hosts, their identity when their packets arrive, routed, in a local network, and the
     * commit of the connections routed into them from here (so that their replies are known on this host).
     */
    private static void reachedByRouting(Shared shared, SwitchContext ctx, Set<NetworkKey> local, List<Part> out) {
        Set<String> tenants = new TreeSet<>();
        for (NetworkKey k : local) {
            NetworkSlices slices = shared.networks.get(k);
            if (slices != null && slices.network.routed()) {
                tenants.add(k.tenant());
            }
        }
        for (String tenant : tenants) {
            for (Network n : ModelIndexes.networksOf(ctx.snapshot(), tenant).values()) {
                NetworkSlices slices = shared.networks.get(n.key());
                if (local.contains(n.key()) || slices == null || !n.routed()) {
                    continue;
                }
                OptionalInt carrier = n.spec().encap() == Encap.VLAN ? ctx.uplinkPort() : ctx.tunnelPort();
                if (carrier.isEmpty()) {
                    continue;
                }
                PartKey key = new PartKey(ROUTED, n.key());
                Part previous = ctx.previous(key);
                boolean fabric = ctx.speaksBgp() && n.routedByFabric();
                out.add(Part.reuse(previous, key, new RoutedInputs(slices, carrier.getAsInt(), fabric), in -> {
                    NetworkSlices s = in.slices();
                    List<Part> children = new ArrayList<>();
                    List<FlowSpec> own = new ArrayList<>(2);
                    own.add(ForwardingFlows.commit(s.network, s.cookie));
                    if (in.fabric()) {
                        own.add(FabricFlows.output(s.network, s.cookie));
                    } else if (s.network.spec().encap() == Encap.VLAN) {
                        own.add(ForwardingFlows.vlanOutput(s.network, in.carrier(), s.cookie));
                    }
                    children.add(Part.of(new PartKey(ROUTED + ".own", s.network.key()), s.network,
                            Part.Contents.flows(own)));
                    s.remotes.allExcept(Collections.binarySearch(s.hostNames, ctx.self()), children);
                    return Part.Contents.children(children);
                }));
            }
        }
    }

    /** What a network's part on a switch that reaches it only by routing is built from; slices by identity. */
    private record RoutedInputs(NetworkSlices slices, int carrier, boolean fabric) {
    }

    /** The switch's special ports, which the base part is built from, and whether it speaks BGP. */
    private record BaseInputs(OptionalInt tunnel, OptionalInt dnsPort, boolean fabric) {
    }

    /** The tunnel's output, the DNS port's classification and the way to the fabric, for what the switch has. */
    private static Part.Contents base(BaseInputs in) {
        List<FlowSpec> flows = new ArrayList<>(3);
        in.tunnel().ifPresent(t -> flows.add(ForwardingFlows.tunnelOutput(t)));
        in.dnsPort().ifPresent(p -> flows.add(ForwardingFlows.dnsPortClassifier(p)));
        if (in.fabric()) {
            flows.add(FabricFlows.fabricOutput());
        }
        return Part.Contents.flows(flows);
    }

    /**
     * A network's part on one switch: the switch's own flows, the ARP answers of every host's endpoints and, with
     * a tunnel, how to reach every other host's: a handful of shared tree parts, not one per host.
     */
    private static List<Part> networkChildren(NetworkInputs in, HostSlice mine, SwitchContext ctx, Part previous) {
        NetworkSlices slices = in.slices();
        boolean remote = in.carrier().isPresent();
        Part previousLocal = previous == null || previous.children().isEmpty() ? null : previous.children().get(0);
        List<Part> children = new ArrayList<>();
        children.add(Part.reuse(previousLocal, LOCAL, new LocalInputs(slices.network, mine, in.ports(), in.carrier(),
                slices.tunnels, slices.cookie, mine.inputs.floodArp(), in.hostPort(), in.fabric(), slices.groupVlans),
                li -> Part.Contents.flows(localFlows(li, ctx.self()))));
        children.add(slices.arps.root());
        if (remote) {
            slices.remotes.allExcept(Collections.binarySearch(slices.hostNames, ctx.self()), children);
        }
        return children;
    }

    private static List<FlowSpec> localFlows(LocalInputs in, String self) {
        List<ForwardingFlows.Plugged> plugged = new ArrayList<>();
        HostSlice mine = in.mine();
        for (int i = 0; i < mine.inputs.endpoints().size(); i++) {
            if (in.ports().get(i) >= 0) {
                plugged.add(new ForwardingFlows.Plugged(mine.inputs.endpoints().get(i), mine.inputs.groups().get(i),
                        in.ports().get(i), mine.cookies.get(i)));
            }
        }
        return ForwardingFlows.local(in.network(), plugged, self, in.carrier(), in.tunnels(), in.floodArp(),
                in.hostPort(), in.fabric(), in.groupVlans(), in.cookie());
    }
}
