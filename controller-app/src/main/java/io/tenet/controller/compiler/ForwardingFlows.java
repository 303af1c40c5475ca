package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.ARP_RESPONDER;
import static io.tenet.controller.pipeline.PipelineTable.CLASSIFIER;
import static io.tenet.controller.pipeline.PipelineTable.COMMIT;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK_STATE;
import static io.tenet.controller.pipeline.PipelineTable.DESTINATION;
import static io.tenet.controller.pipeline.PipelineTable.OUTPUT;
import static io.tenet.controller.pipeline.PipelineTable.TUNNEL_IDENTITY;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.Node;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.Nat;
import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The forwarding flows (classification, ARP, conntrack, destination lookup, commit, delivery; bridge mode; VXLAN
 * through the tunnel port, VLAN through the uplink port), one
 * small builder per kind of flow, from the inputs {@link ForwardingFeature} gives them and nothing else. See
 * docs/pipeline.md.
 */
final class ForwardingFlows {
    // Match lists are written in canonical order (see MatchField#order), so FlowSpec need not sort them, and the
    // parts every endpoint shares are built once: compilation allocates per flow, and there are many.
    /** Where ARP goes after classification: the first table that answers it, whichever feature owns it. */
    private static final PipelineTable ADDRESS_RESOLUTION = PipelineTable.firstOf(PipelineTable.Stage.ADDRESS_RESOLUTION);
    static final MatchField ARP_OP_REQUEST = new MatchField.ArpOp(1);
    private static final Action SWAP_ETH = new Action.Move(NxmField.ETH_SRC, NxmField.ETH_DST);
    private static final Action ARP_OP_REPLY = new Action.SetArpOp(2);
    private static final Action SWAP_ARP_HW = new Action.Move(NxmField.ARP_SHA, NxmField.ARP_THA);
    private static final Action SWAP_ARP_IP = new Action.Move(NxmField.ARP_SPA, NxmField.ARP_TPA);
    private static final Action BACK = new Action.OutputInPort();
    /** Where IPv4 from a local endpoint goes: its egress shaping first, whichever feature owns it. */
    private static final PipelineTable EGRESS = PipelineTable.firstOf(PipelineTable.Stage.QOS);
    /** Where the DNS port's packets go: the host's own services, whichever feature owns them. */
    private static final PipelineTable NODE_SERVICES = PipelineTable.firstOf(PipelineTable.Stage.NODE_SERVICES);
    /** Where classified IPv4 from the tunnel goes: the first table of the conntrack stage. */
    private static final PipelineTable CONNTRACK_STAGE = PipelineTable.firstOf(PipelineTable.Stage.CONNTRACK);
    private static final Action TO_TUNNEL = RegField.OUT_PORT.load(RegField.TUNNEL_OUT);
    private static final Action TO_UPLINK = RegField.OUT_PORT.load(RegField.UPLINK_OUT);
    private static final Action PUSH_VLAN = new Action.PushVlan();
    private static final Action POP_VLAN = new Action.PopVlan();
    private static final MatchField FROM_LOCAL = RegField.FROM_TUNNEL.match(0);
    private static final MatchField FROM_TUNNEL = RegField.FROM_TUNNEL.match(1);

    /** A registered host with members of a network, and its tunnel address. */
    record HostTunnel(String host, Ipv4 ip) {
    }

    private ForwardingFlows() {
    }

    /**
     * What comes from the host's DNS port (the node DNS responder's answers) goes to the host's services; they
     * deliver it or drop it.
     */
    static FlowSpec dnsPortClassifier(int dnsPort) {
        return new FlowSpec(CLASSIFIER, Priority.NORMAL, List.of(new MatchField.InPort(dnsPort)),
                List.of(new Action.GotoTable(NODE_SERVICES)), Cookie.PIPELINE);
    }

    /** The tunnel's output, on a switch that has the tunnel port. */
    static FlowSpec tunnelOutput(int tunnelPort) {
        return new FlowSpec(OUTPUT, Priority.NORMAL, List.of(RegField.OUT_PORT.match(RegField.TUNNEL_OUT)),
                List.of(new Action.Output(tunnelPort)), Cookie.PIPELINE);
    }

    /**
     * A group's own VLAN on its network's uplink (ACI mode): its members' packets leave with it, and what arrives
     * with it is classified into the network.
     */
    record GroupVlan(int group, int vlan) {
    }

    /** A local endpoint whose port is on the switch: its group id, its port and its cookie. */
    record Plugged(Endpoint endpoint, int group, int port, Cookie cookie) {
    }

    /**
     * The switch's own flows for a network: its plugged-in endpoints' classification, delivery and output, and
     * the network's conntrack, commit and floods (under {@code netCookie}). {@code carrier} is the port that joins
     * the network's members on other hosts, given only when the switch has it: the tunnel for a VXLAN network, the
     * uplink for a VLAN network; {@code tunnels} are the hosts with members, which floods reach. With
     * {@code floodArp}, ARP is switched like any frame (requests flood within the network, the owner answers)
     * instead of answered by the switch. With {@code fabric}, the carrier is the uplink and the network is routed
     * through the fabric by the host's BGP routes ({@link FabricFlows}). {@code groupVlans}: the VLANs of the
     * network's groups that have their own (ACI mode), by which their members' packets leave on the uplink.
     */
    static List<FlowSpec> local(Network network, List<Plugged> plugged, String self, OptionalInt carrier,
            List<HostTunnel> tunnels, boolean floodArp, OptionalInt hostPort, boolean fabric,
            List<GroupVlan> groupVlans, Cookie netCookie) {
        long netId = network.datapathId();
        MatchField inNetwork = RegField.NETWORK.match(netId);
        List<FlowSpec> out = new ArrayList<>();
        List<Integer> localPorts = new ArrayList<>();
        for (Plugged pe : plugged) {
            Endpoint e = pe.endpoint();
            int p = pe.port();
            int group = pe.group();
            Cookie cookie = pe.cookie();
            localPorts.add(p);
            // Classification doubles as anti-spoofing: only the endpoint's own MAC and IP pass.
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(p), MatchField.EthType.IPV4, new MatchField.EthSrc(e.mac()),
                            new MatchField.Ipv4Src(e.ip())),
                    List.of(RegField.NETWORK.load(netId), RegField.SRC_GROUP.load(group),
                            new Action.GotoTable(EGRESS)),
                    cookie));
            // With groups' own VLANs, a flooded ARP leaves with its sender's group's VLAN too.
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(p), MatchField.EthType.ARP, new MatchField.EthSrc(e.mac()),
                            new MatchField.ArpSpa(e.ip()), new MatchField.ArpSha(e.mac())),
                    groupVlans.isEmpty() || group == 0
                            ? List.of(RegField.NETWORK.load(netId), new Action.GotoTable(ADDRESS_RESOLUTION))
                            : List.of(RegField.NETWORK.load(netId), RegField.SRC_GROUP.load(group),
                                    new Action.GotoTable(ADDRESS_RESOLUTION)), cookie));
            out.add(new FlowSpec(DESTINATION, Priority.NORMAL, List.of(inNetwork, new MatchField.EthDst(e.mac())),
                    List.of(RegField.DST_GROUP.load(group), RegField.OUT_PORT.load(p),
                            new Action.GotoTable(CONNTRACK_STATE)),
                    cookie));
            out.add(new FlowSpec(OUTPUT, Priority.NORMAL, List.of(RegField.OUT_PORT.match(p)),
                    List.of(new Action.Output(p)), cookie));
            // A packet to the port it came from (a provider reaching itself through its service): OVS drops an
            // output to the input port, so it leaves by IN_PORT.
            out.add(new FlowSpec(OUTPUT, Priority.HIGH, List.of(new MatchField.InPort(p), RegField.OUT_PORT.match(p)),
                    List.of(BACK), cookie));
            if (hostPort.isPresent() && p < NodeDnsFeature.MAX_PORT) {
                // Outside the tenant's networks: to the host, from the container's client address.
                // (The source rewrite needs the match to say IPv4: OVS refuses it otherwise.)
                out.add(new FlowSpec(OUTPUT, Priority.NORMAL, List.of(new MatchField.InPort(p),
                        RegField.OUT_PORT.match(RegField.HOST_OUT), MatchField.EthType.IPV4), List.of(new Action.SetIpv4Src(
                        NodeDnsFeature.clientAddress(p)), new Action.SetEthDst(NodeDnsFeature.SERVER_MAC),
                        new Action.Output(hostPort.getAsInt())), cookie));
            }
        }
        if (floodArp) {
            out.add(new FlowSpec(ARP_RESPONDER, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.ARP),
                    List.of(new Action.GotoTable(DESTINATION)), netCookie));
        }
        out.add(new FlowSpec(CONNTRACK, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4),
                List.of(new Action.Ct(false, Conntrack.zone(network), CONNTRACK.next(), Nat.EXISTING)),
                netCookie));
        out.add(commit(network, netCookie));
        localPorts.sort(null);
        List<Action> floodLocal = new ArrayList<>();
        localPorts.forEach(p -> floodLocal.add(new Action.Output(p)));
        List<Action> floodAll = new ArrayList<>(floodLocal);
        // The tunnels are in host-name order: this host is skipped by position, not by comparing every name.
        int me = indexOf(tunnels, self);
        boolean remoteHosts = tunnels.size() > (me >= 0 ? 1 : 0);
        // A routed network receives from other hosts even with no member elsewhere: the replies routed to it.
        if (carrier.isPresent() && (remoteHosts || network.routed())) {
            int port = carrier.getAsInt();
            if (fabric) {
                // Routed by the fabric: nothing is flooded off the host, and the uplink carries no tag.
                out.addAll(FabricFlows.local(network, plugged, port, netCookie));
            } else if (remoteHosts) {
                if (network.spec().encap() == Encap.VLAN) {
                    // The fabric floods a tagged frame to every host of the VLAN: one copy out of the uplink.
                    floodAll.addAll(List.of(PUSH_VLAN, new Action.SetVlanVid(network.tag()), new Action.Output(port)));
                    for (GroupVlan gv : groupVlans) {
                        List<Action> flood = new ArrayList<>(floodLocal);
                        flood.addAll(List.of(PUSH_VLAN, new Action.SetVlanVid(gv.vlan()), new Action.Output(port)));
                        out.add(new FlowSpec(DESTINATION, Priority.HIGH, List.of(inNetwork, FROM_LOCAL,
                                MatchField.EthDst.MULTICAST, RegField.SRC_GROUP.match(gv.group())), flood, netCookie));
                    }
                } else {
                    floodAll.add(new Action.SetTunnelId(network.tag()));
                    Action toTunnel = new Action.Output(port);
                    for (int i = 0; i < tunnels.size(); i++) {
                        if (i != me) {
                            floodAll.add(new Action.SetTunnelDst(tunnels.get(i).ip()));
                            floodAll.add(toTunnel);
                        }
                    }
                }
            }
            if (!fabric) {
                out.addAll(carrierFlows(network, port, groupVlans, netCookie));
            }
            out.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                    List.of(inNetwork, FROM_TUNNEL, MatchField.EthDst.MULTICAST), floodLocal, netCookie));
        }
        // Split horizon: what came from the tunnel is flooded to local ports only, so floods never loop.
        out.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                List.of(inNetwork, FROM_LOCAL, MatchField.EthDst.MULTICAST), floodAll, netCookie));
        return List.copyOf(out);
    }

    /**
     * A network's flows at the port that joins its other hosts ({@code port}: the tunnel or the uplink): what
     * arrives there with the network's VNI or VLAN tag (or one of its groups' own VLANs) is classified into it,
     * from another host; and, for a VLAN network, what leaves for another host gets its tag at output: its
     * group's own VLAN when it has one, else the network's.
     */
    static List<FlowSpec> carrierFlows(Network network, int port, List<GroupVlan> groupVlans, Cookie netCookie) {
        List<MatchField> fromCarrier;
        List<Action> classify = new ArrayList<>(5);
        List<FlowSpec> out = new ArrayList<>(2 + 2 * groupVlans.size());
        boolean vlan = network.spec().encap() == Encap.VLAN;
        if (vlan) {
            fromCarrier = List.of(new MatchField.InPort(port), new MatchField.VlanVid(network.tag()));
            classify.add(POP_VLAN);
            out.add(vlanOutput(network, port, netCookie));
        } else {
            fromCarrier = List.of(new MatchField.InPort(port), new MatchField.TunnelId(network.tag()));
        }
        classify.add(RegField.NETWORK.load(network.datapathId()));
        classify.add(RegField.FROM_TUNNEL.load(1));
        if (network.vrf() != 0) {
            // Routing mode: sources of the tenant's other networks are known by the VRF.
            classify.add(RegField.VRF.load(network.vrf()));
        }
        classify.add(new Action.GotoTable(TUNNEL_IDENTITY));
        out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL, fromCarrier, classify, netCookie));
        if (vlan) {
            for (GroupVlan gv : groupVlans) {
                out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL, List.of(new MatchField.InPort(port),
                        new MatchField.VlanVid(gv.vlan())), classify, netCookie));
                out.add(new FlowSpec(OUTPUT, Priority.HIGH, List.of(RegField.NETWORK.match(network.datapathId()),
                        RegField.OUT_PORT.match(RegField.UPLINK_OUT), RegField.SRC_GROUP.match(gv.group())),
                        List.of(PUSH_VLAN, new Action.SetVlanVid(gv.vlan()), new Action.Output(port)), netCookie));
            }
        }
        return out;
    }

    /** A VLAN network's packets for another host leave on the uplink with the network's tag. */
    static FlowSpec vlanOutput(Network network, int uplink, Cookie netCookie) {
        return new FlowSpec(OUTPUT, Priority.NORMAL, List.of(RegField.NETWORK.match(network.datapathId()),
                RegField.OUT_PORT.match(RegField.UPLINK_OUT)), List.of(PUSH_VLAN,
                new Action.SetVlanVid(network.tag()), new Action.Output(uplink)), netCookie);
    }

    /** Commits the network's new connections that policy allowed, in its zone. */
    static FlowSpec commit(Network network, Cookie netCookie) {
        return new FlowSpec(COMMIT, Priority.NORMAL, List.of(RegField.NETWORK.match(network.datapathId()),
                CtState.set(CtState.NEW), MatchField.EthType.IPV4), List.of(new Action.Ct(true, Conntrack.zone(network),
                null), new Action.GotoTable(OUTPUT)), netCookie);
    }

    /** The position of {@code host} in {@code tunnels} (sorted by host name), or -1. */
    private static int indexOf(List<HostTunnel> tunnels, String host) {
        int lo = 0;
        int hi = tunnels.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = tunnels.get(mid).host().compareTo(host);
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /** The ARP answer for {@code e}, the same on every switch. */
    static FlowSpec arpAnswer(Endpoint e, Network network, Cookie cookie) {
        return new FlowSpec(ARP_RESPONDER, Priority.NORMAL, List.of(RegField.NETWORK.match(network.datapathId()),
                MatchField.EthType.ARP, ARP_OP_REQUEST, new MatchField.ArpTpa(e.ip())), arpReply(e), cookie);
    }

    /**
     * How other switches reach {@code e} on {@code host}, the same on every switch with the network's carrier
     * (tunnel or uplink): its identity when it comes from another host (the group of packets from it, by source
     * address, which anti-spoofing on its own host makes reliable) and its delivery to its host: through the tunnel
     * to the host's address for a VXLAN network, out of the uplink (where the fabric finds its MAC) for a VLAN one.
     */
    static void remote(Endpoint e, Network network, int group, Node host, boolean floodArp, Cookie cookie,
            List<FlowSpec> out) {
        MatchField inNetwork = RegField.NETWORK.match(network.datapathId());
        // In routing mode a packet from e may arrive in another network of its tenant (routed on its host), so it
        // is known by the tenant's VRF; the tenant's subnets never overlap.
        MatchField scope = network.vrf() != 0 ? RegField.VRF.match(network.vrf()) : inNetwork;
        out.add(new FlowSpec(TUNNEL_IDENTITY, Priority.NORMAL, List.of(scope, MatchField.EthType.IPV4,
                new MatchField.Ipv4Src(e.ip())), List.of(RegField.SRC_GROUP.load(group),
                new Action.GotoTable(CONNTRACK_STAGE)), cookie));
        if (floodArp) {
            // Its ARP, when ARP floods: switched like any frame, and only from its own address.
            out.add(new FlowSpec(TUNNEL_IDENTITY, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.ARP,
                    new MatchField.ArpSpa(e.ip())), List.of(new Action.GotoTable(DESTINATION)), cookie));
        }
        out.add(new FlowSpec(DESTINATION, Priority.NORMAL, List.of(inNetwork, FROM_LOCAL, new MatchField.EthDst(e.mac())),
                network.spec().encap() == Encap.VLAN
                        ? List.of(RegField.DST_GROUP.load(group), TO_UPLINK, new Action.GotoTable(CONNTRACK_STATE))
                        : List.of(new Action.SetTunnelId(network.tag()), new Action.SetTunnelDst(host.tunnelIp()),
                                RegField.DST_GROUP.load(group), TO_TUNNEL, new Action.GotoTable(CONNTRACK_STATE)),
                cookie));
    }

    /** Turns an ARP request for {@code e} into its reply, sent back where the request came from. */
    private static List<Action> arpReply(Endpoint e) {
        return arpReply(e.mac(), e.ip());
    }

    /** Turns an ARP request for {@code ip} into the reply that {@code mac} has it, sent back where it came from. */
    static List<Action> arpReply(Mac mac, Ipv4 ip) {
        return List.of(SWAP_ETH, new Action.SetEthSrc(mac), ARP_OP_REPLY, SWAP_ARP_HW, SWAP_ARP_IP,
                new Action.SetArpSha(mac), new Action.SetArpSpa(ip), BACK);
    }
}
