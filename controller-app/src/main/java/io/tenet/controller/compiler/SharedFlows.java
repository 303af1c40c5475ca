package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.RULES;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.pipeline.FlowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The flows that are the same on every switch, built once per snapshot: for each network and host, the ARP answers
 * and the remote-delivery flows of the network's endpoints on that host ({@link HostSlice}); for each group, its
 * policy flows ({@link GroupPolicy}). A switch's flows reference these parts rather than copy them.
 *
 * <p>Each part keeps the inputs it was built from, and a new snapshot reuses the previous snapshot's part (the same
 * object) whenever the inputs are equal; parts are built from their inputs alone. So after a change only the parts
 * it touches are new, and a switch diff can skip every part that is the same object as before.
 */
final class SharedFlows {
    private static final Comparator<Endpoint> BY_ADDRESS = Comparator.comparing(Endpoint::ip);

    final ModelSnapshot snapshot;
    /** Networks by key, in key order. */
    final SortedMap<NetworkKey, NetworkFlows> networks;
    /** Every group's policy flows, by group key. */
    final Map<ScopedKey, GroupPolicy> groups;
    /** The same, by group id (the id endpoints carry in their slices' inputs). */
    final Map<Integer, GroupPolicy> groupsById;

    private SharedFlows(ModelSnapshot snapshot, SortedMap<NetworkKey, NetworkFlows> networks,
            Map<ScopedKey, GroupPolicy> groups) {
        this.snapshot = snapshot;
        this.networks = networks;
        this.groups = groups;
        this.groupsById = new HashMap<>(2 * groups.size());
        groups.values().forEach(g -> groupsById.put(g.inputs().group().id(), g));
    }

    /** What a network's endpoints on one host are built from. {@code node} is null when the host is unknown. */
    record HostInputs(Network network, Node node, List<Endpoint> endpoints, List<Integer> groups) {
    }

    /**
     * The flows of a network's endpoints on one host: {@code arp} answers, installed on every switch with the
     * network, and {@code remote} flows (tunnel identity, delivery through the tunnel), on the other hosts' switches.
     */
    record HostSlice(HostInputs inputs, List<FlowSpec> arp, List<FlowSpec> remote) {
        List<FlowSpec> flows(boolean withRemote) {
            if (!withRemote || remote.isEmpty()) {
                return arp;
            }
            List<FlowSpec> out = new ArrayList<>(arp.size() + remote.size());
            out.addAll(arp);
            out.addAll(remote);
            return out;
        }
    }

    /** A registered host with members of a network, and its tunnel address. */
    record HostTunnel(String host, Ipv4 ip) {
    }

    /**
     * One network: its slices by host name, the hosts with members that floods reach through the tunnel, in
     * host-name order, and the number of ARP and of remote flows in all slices.
     */
    record NetworkFlows(Network network, SortedMap<String, HostSlice> hosts, List<HostTunnel> tunnels, int arpFlows,
            int remoteFlows) {
        NetworkFlows(Network network, SortedMap<String, HostSlice> hosts, List<HostTunnel> tunnels) {
            this(network, hosts, tunnels, hosts.values().stream().mapToInt(h -> h.arp().size()).sum(),
                    hosts.values().stream().mapToInt(h -> h.remote().size()).sum());
        }
    }

    /** What a group's policy flows are built from: the group, the rules of its policies, each rule's peer id. */
    record PolicyInputs(EndpointGroup group, List<Rule> rules, List<Long> peers) {
    }

    /** A group's policy flows: its default deny and one flow per rule. The same on every switch with members. */
    record GroupPolicy(PolicyInputs inputs, List<FlowSpec> flows) {
    }

    static SharedFlows build(ModelSnapshot s, SharedFlows previous) {
        Map<ScopedKey, GroupPolicy> groups = groups(s, previous);
        Map<NetworkKey, SortedMap<String, List<Endpoint>>> byNetwork = new HashMap<>();
        for (Endpoint e : s.get(ENDPOINTS).values()) {
            if (s.get(NETWORKS).containsKey(e.network())) {
                byNetwork.computeIfAbsent(e.network(), k -> new TreeMap<>())
                        .computeIfAbsent(e.node(), k -> new ArrayList<>(4)).add(e);
            }
        }
        SortedMap<NetworkKey, NetworkFlows> networks = new TreeMap<>();
        for (Network n : s.get(NETWORKS).values()) {
            NetworkFlows before = previous == null ? null : previous.networks.get(n.key());
            networks.put(n.key(), network(s, n, byNetwork.getOrDefault(n.key(), new TreeMap<>()), before, groups));
        }
        return new SharedFlows(s, networks, groups);
    }

    private static NetworkFlows network(ModelSnapshot s, Network n, SortedMap<String, List<Endpoint>> byHost,
            NetworkFlows before, Map<ScopedKey, GroupPolicy> groups) {
        boolean same = before != null && before.network().equals(n) && before.hosts().size() == byHost.size();
        SortedMap<String, HostSlice> hosts = new TreeMap<>();
        List<HostTunnel> tunnels = new ArrayList<>();
        for (Map.Entry<String, List<Endpoint>> h : byHost.entrySet()) {
            List<Endpoint> eps = h.getValue();
            eps.sort(BY_ADDRESS);
            List<Integer> ids = new ArrayList<>(eps.size());
            for (Endpoint e : eps) {
                GroupPolicy g = e.group().isEmpty() ? null : groups.get(new ScopedKey(e.network().tenant(), e.group()));
                ids.add(g == null ? 0 : g.inputs().group().id());
            }
            Node node = s.get(NODES).get(h.getKey());
            HostSlice old = before == null ? null : before.hosts().get(h.getKey());
            HostSlice slice;
            if (old != null && old.inputs().network().equals(n) && Objects.equals(old.inputs().node(), node)
                    && old.inputs().endpoints().equals(eps) && old.inputs().groups().equals(ids)) {
                slice = old;
            } else {
                slice = ForwardingFlows.hostSlice(new HostInputs(n, node, List.copyOf(eps), List.copyOf(ids)));
            }
            same &= slice == old;
            hosts.put(h.getKey(), slice);
            if (node != null) {
                tunnels.add(new HostTunnel(node.name(), node.tunnelIp()));
            }
        }
        if (before != null && before.tunnels().equals(tunnels)) {
            tunnels = before.tunnels();
        } else {
            same = false;
            tunnels = List.copyOf(tunnels);
        }
        return same ? before : new NetworkFlows(n, hosts, tunnels);
    }

    private static Map<ScopedKey, GroupPolicy> groups(ModelSnapshot s, SharedFlows previous) {
        Map<ScopedKey, List<Rule>> byPolicy = new HashMap<>();
        for (Rule r : s.get(RULES).values()) {
            byPolicy.computeIfAbsent(new ScopedKey(r.key().tenant(), r.key().policy()), k -> new ArrayList<>()).add(r);
        }
        byPolicy.values().forEach(l -> l.sort(Comparator.comparing(Rule::key)));
        Map<ScopedKey, GroupPolicy> out = new HashMap<>();
        for (EndpointGroup g : s.get(GROUPS).values()) {
            List<Rule> rules = new ArrayList<>();
            List<Long> peers = new ArrayList<>();
            for (String p : g.policies()) {
                for (Rule r : byPolicy.getOrDefault(new ScopedKey(g.key().tenant(), p), List.of())) {
                    rules.add(r);
                    peers.add(peer(s, g, r));
                }
            }
            PolicyInputs in = new PolicyInputs(g, rules, peers);
            GroupPolicy old = previous == null ? null : previous.groups.get(g.key());
            out.put(g.key(), old != null && old.inputs().equals(in) ? old : new GroupPolicy(in,
                    PolicyCompiler.groupFlows(in)));
        }
        return out;
    }

    /** The id a rule's peer stands for in the datapath: a group id, a network id, 0 for none, -1 if it is missing. */
    private static long peer(ModelSnapshot s, EndpointGroup g, Rule r) {
        if (!r.peerGroup().isEmpty()) {
            EndpointGroup peer = s.get(GROUPS).get(new ScopedKey(g.key().tenant(), r.peerGroup()));
            return peer == null ? -1 : peer.id();
        }
        if (!r.peerNetwork().isEmpty()) {
            Network peer = s.get(NETWORKS).get(new NetworkKey(g.key().tenant(), r.peerNetwork()));
            return peer == null ? -1 : peer.datapathId();
        }
        return 0;
    }
}
