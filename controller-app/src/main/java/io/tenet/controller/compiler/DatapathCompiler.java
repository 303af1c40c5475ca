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
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.Node;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes the flows one switch should hold from a model snapshot and that switch's {@link NodeView}. Pure: no
 * I/O, no clock, no state; the same inputs always give the same flows. See docs/pipeline.md for the tables.
 *
 * <p>This class compiles forwarding (classification, ARP, conntrack, destination lookup, delivery) per network,
 * in bridge mode; {@link PolicyCompiler} compiles the policy tables. Local endpoints whose port has not appeared
 * on the switch yet get no flows; remote endpoints are reached through the tunnel with the network's VNI and the
 * remote host's tunnel address set by the flow.
 */
public final class DatapathCompiler {
    // Match lists are written in canonical order (see MatchField#order), so FlowSpec need not sort them, and the
    // parts every endpoint shares are built once: compilation allocates per flow, and there are many.
    private static final MatchField ARP_OP_REQUEST = new MatchField.ArpOp(1);
    private static final Action SWAP_ETH = new Action.Move(NxmField.ETH_SRC, NxmField.ETH_DST);
    private static final Action ARP_OP_REPLY = new Action.SetArpOp(2);
    private static final Action SWAP_ARP_HW = new Action.Move(NxmField.ARP_SHA, NxmField.ARP_THA);
    private static final Action SWAP_ARP_IP = new Action.Move(NxmField.ARP_SPA, NxmField.ARP_TPA);
    private static final Action BACK = new Action.OutputInPort();
    static final Cookie PIPELINE = new Cookie(Category.PIPELINE, 0, "");

    private DatapathCompiler() {
    }

    /** The desired flows of the switch, by flow key. */
    public static Map<FlowSpec.Key, FlowSpec> compile(ModelSnapshot model, NodeView view) {
        Map<FlowSpec.Key, FlowSpec> out = new LinkedHashMap<>(4 * model.endpoints().size() + 64);
        for (PipelineTable t : PipelineTable.values()) {
            add(out, miss(t));
        }
        OptionalInt tunnel = view.tunnelPort();
        if (tunnel.isPresent()) {
            add(out, new FlowSpec(OUTPUT, Priority.NORMAL, List.of(new MatchField.Reg(Register.OUT_PORT,
                    tunnel.getAsInt())), List.of(new Action.Output(tunnel.getAsInt())), PIPELINE));
        }
        ModelIndex index = ModelIndex.of(model);
        Set<Integer> localGroups = new HashSet<>();
        for (Network network : index.networks()) {
            List<Endpoint> members = index.endpoints().getOrDefault(network.key(), List.of());
            compileNetwork(out, model, index, view, network, members, localGroups);
        }
        PolicyCompiler.compile(model, view, localGroups, out);
        return out;
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

    private static void compileNetwork(Map<FlowSpec.Key, FlowSpec> out, ModelSnapshot model, ModelIndex index,
            NodeView view, Network network, List<Endpoint> members, Set<Integer> localGroups) {
        String self = view.node().name();
        long netId = network.datapathId();
        MatchField inNetwork = new MatchField.Reg(Register.NETWORK, netId);
        MatchField fromLocal = new MatchField.Reg(Register.FLAGS, 0, Register.FROM_TUNNEL);
        MatchField fromTunnel = new MatchField.Reg(Register.FLAGS, Register.FROM_TUNNEL, Register.FROM_TUNNEL);
        Cookie netCookie = Cookie.of(Category.NETWORK, network.key().toString());
        OptionalInt tunnel = network.spec().encap() == Encap.VXLAN ? view.tunnelPort() : OptionalInt.empty();

        List<Integer> localPorts = new ArrayList<>();
        Map<String, Ipv4> remoteHosts = new TreeMap<>();
        for (Endpoint e : members) {
            Cookie cookie = Cookie.of(Category.ENDPOINT, e.id());
            int group = index.groupIds().get(e.id());
            // Every endpoint of the network, wherever it lives, gets an ARP answer on every host.
            add(out, index.arpAnswers().get(e.id()));
            if (e.node().equals(self)) {
                OptionalInt port = view.port(e.intfName());
                if (port.isEmpty()) {
                    continue;
                }
                int p = port.getAsInt();
                localPorts.add(p);
                localGroups.add(group);
                // Classification doubles as anti-spoofing: only the endpoint's own MAC and IP pass.
                add(out, new FlowSpec(CLASSIFIER, Priority.NORMAL,
                        List.of(new MatchField.InPort(p), MatchField.EthType.IPV4, new MatchField.EthSrc(e.mac()),
                                new MatchField.Ipv4Src(e.ip())),
                        List.of(new Action.LoadReg(Register.NETWORK, netId), new Action.LoadReg(Register.SRC_GROUP, group),
                                new Action.GotoTable(CONNTRACK)),
                        cookie));
                add(out, new FlowSpec(CLASSIFIER, Priority.NORMAL,
                        List.of(new MatchField.InPort(p), MatchField.EthType.ARP, new MatchField.EthSrc(e.mac()),
                                new MatchField.ArpSpa(e.ip()), new MatchField.ArpSha(e.mac())),
                        List.of(new Action.LoadReg(Register.NETWORK, netId), new Action.GotoTable(ARP_RESPONDER)),
                        cookie));
                add(out, new FlowSpec(DESTINATION, Priority.NORMAL,
                        List.of(inNetwork, new MatchField.EthDst(e.mac())),
                        List.of(new Action.LoadReg(Register.DST_GROUP, group), new Action.LoadReg(Register.OUT_PORT, p),
                                new Action.GotoTable(CONNTRACK_STATE)),
                        cookie));
                add(out, new FlowSpec(OUTPUT, Priority.NORMAL, List.of(new MatchField.Reg(Register.OUT_PORT, p)),
                        List.of(new Action.Output(p)), cookie));
            } else if (tunnel.isPresent()) {
                Node host = model.nodes().get(e.node());
                if (host == null) {
                    continue;
                }
                remoteHosts.put(host.name(), host.tunnelIp());
                add(out, index.tunnelIdentities().get(e.id()));
                add(out, new FlowSpec(DESTINATION, Priority.NORMAL,
                        List.of(inNetwork, fromLocal, new MatchField.EthDst(e.mac())),
                        List.of(new Action.SetTunnelId(network.tag()), new Action.SetTunnelDst(host.tunnelIp()),
                                new Action.LoadReg(Register.DST_GROUP, group),
                                new Action.LoadReg(Register.OUT_PORT, tunnel.getAsInt()),
                                new Action.GotoTable(CONNTRACK_STATE)),
                        cookie));
            }
        }
        if (localPorts.isEmpty()) {
            return;
        }
        add(out, new FlowSpec(CONNTRACK, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4),
                List.of(new Action.Ct(false, zone(network), DESTINATION)), netCookie));
        PolicyCompiler.commit(out, network, netCookie);
        localPorts.sort(null);
        List<Action> floodLocal = new ArrayList<>();
        localPorts.forEach(p -> floodLocal.add(new Action.Output(p)));
        List<Action> floodAll = new ArrayList<>(floodLocal);
        if (tunnel.isPresent() && !remoteHosts.isEmpty()) {
            floodAll.add(new Action.SetTunnelId(network.tag()));
            for (Ipv4 remote : remoteHosts.values()) {
                floodAll.add(new Action.SetTunnelDst(remote));
                floodAll.add(new Action.Output(tunnel.getAsInt()));
            }
            add(out, new FlowSpec(CLASSIFIER, Priority.NORMAL,
                    List.of(new MatchField.InPort(tunnel.getAsInt()), new MatchField.TunnelId(network.tag())),
                    List.of(new Action.LoadReg(Register.NETWORK, netId),
                            new Action.LoadReg(Register.FLAGS, Register.FROM_TUNNEL),
                            new Action.GotoTable(TUNNEL_IDENTITY)),
                    netCookie));
            add(out, new FlowSpec(DESTINATION, Priority.NORMAL,
                    List.of(inNetwork, fromTunnel, MatchField.EthDst.MULTICAST), floodLocal, netCookie));
        }
        // Split horizon: what came from the tunnel is flooded to local ports only, so floods never loop.
        add(out, new FlowSpec(DESTINATION, Priority.NORMAL,
                List.of(inNetwork, fromLocal, MatchField.EthDst.MULTICAST), floodAll, netCookie));
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

    static void add(Map<FlowSpec.Key, FlowSpec> out, FlowSpec flow) {
        FlowSpec previous = out.put(flow.key(), flow);
        if (previous != null && !previous.equals(flow)) {
            throw new IllegalStateException("two flows with one key: " + previous + " and " + flow);
        }
    }
}
