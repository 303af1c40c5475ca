package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.ARP_RESPONDER;
import static io.tenet.controller.pipeline.PipelineTable.CLASSIFIER;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK_STATE;
import static io.tenet.controller.pipeline.PipelineTable.DESTINATION;
import static io.tenet.controller.pipeline.PipelineTable.OUTPUT;
import static io.tenet.controller.pipeline.PipelineTable.TUNNEL_IDENTITY;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Network;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Action.NxmField;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.Cookie.Category;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Builds the forwarding flows (classification, ARP, conntrack, destination lookup, delivery; bridge mode) and the
 * pipeline's own flows, from the inputs {@link DatapathCompiler} gives it and nothing else. See docs/pipeline.md.
 * Local endpoints whose port has not appeared on the switch get no flows; remote endpoints are reached through
 * the tunnel with the network's VNI and the remote host's tunnel address.
 */
final class ForwardingFlows {
    // Match lists are written in canonical order (see MatchField#order), so FlowSpec need not sort them, and the
    // parts every endpoint shares are built once: compilation allocates per flow, and there are many.
    private static final MatchField ARP_OP_REQUEST = new MatchField.ArpOp(1);
    private static final Action SWAP_ETH = new Action.Move(NxmField.ETH_SRC, NxmField.ETH_DST);
    private static final Action ARP_OP_REPLY = new Action.SetArpOp(2);
    private static final Action SWAP_ARP_HW = new Action.Move(NxmField.ARP_SHA, NxmField.ARP_THA);
    private static final Action SWAP_ARP_IP = new Action.Move(NxmField.ARP_SPA, NxmField.ARP_TPA);
    private static final Action BACK = new Action.OutputInPort();
    private static final Action TO_TUNNEL = new Action.LoadReg(Register.OUT_PORT, Register.TUNNEL_OUT);
    private static final MatchField FROM_LOCAL = new MatchField.Reg(Register.FLAGS, 0, Register.FROM_TUNNEL);
    private static final MatchField FROM_TUNNEL = new MatchField.Reg(Register.FLAGS, Register.FROM_TUNNEL,
            Register.FROM_TUNNEL);
    static final Cookie PIPELINE = new Cookie(Category.PIPELINE, 0, "");

    private ForwardingFlows() {
    }

    /** The flows of the pipeline itself: table misses, the policy stages' fixed flows, the tunnel's output. */
    static List<FlowSpec> base(OptionalInt tunnel) {
        List<FlowSpec> out = new ArrayList<>();
        for (PipelineTable t : PipelineTable.values()) {
            out.add(miss(t));
        }
        if (tunnel.isPresent()) {
            out.add(new FlowSpec(OUTPUT, Priority.NORMAL, List.of(new MatchField.Reg(Register.OUT_PORT,
                    Register.TUNNEL_OUT)), List.of(new Action.Output(tunnel.getAsInt())), PIPELINE));
        }
        PolicyCompiler.base(tunnel.isPresent(), out);
        return List.copyOf(out);
    }

    /** What a table does with packets no flow matches: drop, or go on to the next stage for the policy tables. */
    private static FlowSpec miss(PipelineTable t) {
        List<Action> next = switch (t) {
            case CONNTRACK_STATE -> List.of(new Action.GotoTable(PipelineTable.EGRESS_POLICY));
            case EGRESS_POLICY -> List.of(new Action.GotoTable(PipelineTable.INGRESS_POLICY));
            case INGRESS_POLICY -> List.of(new Action.GotoTable(PipelineTable.COMMIT));
            case COMMIT -> List.of(new Action.GotoTable(OUTPUT));
            default -> List.of();
        };
        return new FlowSpec(t, Priority.MISS, List.of(), next, PIPELINE);
    }

    /** The conntrack zone of a network: its VNI for VXLAN, 0x8000 plus the VLAN id for VLAN. */
    static int zone(Network n) {
        return n.spec().encap() == Encap.VLAN ? 0x8000 | n.tag() : n.tag() & 0x7fff;
    }

    /**
     * The switch's own flows for a network: its local endpoints' (those with a port: {@code ports} holds -1 for
     * the others) classification, delivery and output, and the network's conntrack, commit and floods. The tunnel
     * is given only when the network uses it.
     */
    static List<FlowSpec> local(SharedFlows.NetworkFlows nf, SharedFlows.HostSlice mine, String self,
            List<Integer> ports, OptionalInt tunnel) {
        Network network = nf.network();
        long netId = network.datapathId();
        MatchField inNetwork = new MatchField.Reg(Register.NETWORK, netId);
        Cookie netCookie = Cookie.of(Category.NETWORK, network.key().toString());
        List<FlowSpec> out = new ArrayList<>();
        List<Integer> localPorts = new ArrayList<>();
        List<Endpoint> eps = mine.inputs().endpoints();
        for (int i = 0; i < eps.size(); i++) {
            int p = ports.get(i);
            if (p < 0) {
                continue;
            }
            Endpoint e = eps.get(i);
            int group = mine.inputs().groups().get(i);
            Cookie cookie = Cookie.of(Category.ENDPOINT, e.id());
            localPorts.add(p);
            // Classification doubles as anti-spoofing: only the endpoint's own MAC and IP pass.
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(p), MatchField.EthType.IPV4, new MatchField.EthSrc(e.mac()),
                            new MatchField.Ipv4Src(e.ip())),
                    List.of(new Action.LoadReg(Register.NETWORK, netId), new Action.LoadReg(Register.SRC_GROUP, group),
                            new Action.GotoTable(CONNTRACK)),
                    cookie));
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(p), MatchField.EthType.ARP, new MatchField.EthSrc(e.mac()),
                            new MatchField.ArpSpa(e.ip()), new MatchField.ArpSha(e.mac())),
                    List.of(new Action.LoadReg(Register.NETWORK, netId), new Action.GotoTable(ARP_RESPONDER)),
                    cookie));
            out.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                    List.of(inNetwork, new MatchField.EthDst(e.mac())),
                    List.of(new Action.LoadReg(Register.DST_GROUP, group), new Action.LoadReg(Register.OUT_PORT, p),
                            new Action.GotoTable(CONNTRACK_STATE)),
                    cookie));
            out.add(new FlowSpec(OUTPUT, Priority.NORMAL, List.of(new MatchField.Reg(Register.OUT_PORT, p)),
                    List.of(new Action.Output(p)), cookie));
        }
        out.add(new FlowSpec(CONNTRACK, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4),
                List.of(new Action.Ct(false, zone(network), DESTINATION)), netCookie));
        PolicyCompiler.commit(out, network, netCookie);
        localPorts.sort(null);
        List<Action> floodLocal = new ArrayList<>();
        localPorts.forEach(p -> floodLocal.add(new Action.Output(p)));
        List<Action> floodAll = new ArrayList<>(floodLocal);
        boolean remoteHosts = nf.tunnels().stream().anyMatch(t -> !t.host().equals(self));
        if (tunnel.isPresent() && remoteHosts) {
            floodAll.add(new Action.SetTunnelId(network.tag()));
            for (SharedFlows.HostTunnel remote : nf.tunnels()) {
                if (!remote.host().equals(self)) {
                    floodAll.add(new Action.SetTunnelDst(remote.ip()));
                    floodAll.add(new Action.Output(tunnel.getAsInt()));
                }
            }
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(tunnel.getAsInt()), new MatchField.TunnelId(network.tag())),
                    List.of(new Action.LoadReg(Register.NETWORK, netId),
                            new Action.LoadReg(Register.FLAGS, Register.FROM_TUNNEL),
                            new Action.GotoTable(TUNNEL_IDENTITY)),
                    netCookie));
            out.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                    List.of(inNetwork, FROM_TUNNEL, MatchField.EthDst.MULTICAST), floodLocal, netCookie));
        }
        // Split horizon: what came from the tunnel is flooded to local ports only, so floods never loop.
        out.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                List.of(inNetwork, FROM_LOCAL, MatchField.EthDst.MULTICAST), floodAll, netCookie));
        return List.copyOf(out);
    }

    /**
     * The flows of a network's endpoints on one host, the same on every switch: their ARP answers and, when the
     * host is known and the network is VXLAN, their tunnel identities and delivery through the tunnel.
     */
    static SharedFlows.HostSlice hostSlice(SharedFlows.HostInputs in) {
        Network network = in.network();
        List<FlowSpec> arp = new ArrayList<>(in.endpoints().size());
        List<FlowSpec> remote = new ArrayList<>(2 * in.endpoints().size());
        boolean tunnelled = in.node() != null && network.spec().encap() == Encap.VXLAN;
        MatchField inNetwork = new MatchField.Reg(Register.NETWORK, network.datapathId());
        for (int i = 0; i < in.endpoints().size(); i++) {
            Endpoint e = in.endpoints().get(i);
            arp.add(arpAnswer(e, network));
            if (tunnelled) {
                int group = in.groups().get(i);
                remote.add(tunnelIdentity(e, network, group));
                remote.add(new FlowSpec(DESTINATION, Priority.NORMAL,
                        List.of(inNetwork, FROM_LOCAL, new MatchField.EthDst(e.mac())),
                        List.of(new Action.SetTunnelId(network.tag()), new Action.SetTunnelDst(in.node().tunnelIp()),
                                new Action.LoadReg(Register.DST_GROUP, group), TO_TUNNEL,
                                new Action.GotoTable(CONNTRACK_STATE)),
                        Cookie.of(Category.ENDPOINT, e.id())));
            }
        }
        return new SharedFlows.HostSlice(in, List.copyOf(arp), List.copyOf(remote));
    }

    /** The ARP answer for {@code e}, the same on every switch. */
    static FlowSpec arpAnswer(Endpoint e, Network network) {
        return new FlowSpec(ARP_RESPONDER, Priority.NORMAL, List.of(new MatchField.Reg(Register.NETWORK,
                network.datapathId()), MatchField.EthType.ARP, ARP_OP_REQUEST, new MatchField.ArpTpa(e.ip())),
                arpReply(e), Cookie.of(Category.ENDPOINT, e.id()));
    }

    /**
     * Gives a packet from the tunnel the group of its source {@code e}, the same on every switch that has a
     * tunnel. The source's identity travels as its address: anti-spoofing on its own host makes it reliable.
     */
    static FlowSpec tunnelIdentity(Endpoint e, Network network, int group) {
        return new FlowSpec(TUNNEL_IDENTITY, Priority.NORMAL, List.of(new MatchField.Reg(Register.NETWORK,
                network.datapathId()), MatchField.EthType.IPV4, new MatchField.Ipv4Src(e.ip())),
                List.of(new Action.LoadReg(Register.SRC_GROUP, group), new Action.GotoTable(CONNTRACK)),
                Cookie.of(Category.ENDPOINT, e.id()));
    }

    /** Turns an ARP request for {@code e} into its reply, sent back where the request came from. */
    private static List<Action> arpReply(Endpoint e) {
        return List.of(SWAP_ETH, new Action.SetEthSrc(e.mac()), ARP_OP_REPLY, SWAP_ARP_HW, SWAP_ARP_IP,
                new Action.SetArpSha(e.mac()), new Action.SetArpSpa(e.ip()), BACK);
    }
}
