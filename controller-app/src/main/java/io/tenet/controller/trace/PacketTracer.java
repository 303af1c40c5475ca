package io.tenet.controller.trace;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.TraceService;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.NodeView;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Traces the first packet of a connection through the flows compiled for the switches it crosses
 * (docs/trace.md): its destination MAC resolved by an ARP request walked from the source's port, then the packet
 * itself from the source's port, switch after switch (over the tunnel to the host its tunnel address names, over
 * the uplink to the destination's host), until it leaves for an endpoint, the host or the fabric, or ends.
 */
public final class PacketTracer implements TraceService {
    /** The source port of traced TCP and UDP packets: an ephemeral port, as a client would use. */
    static final int SOURCE_PORT = 40000;
    /** More switches than any path crosses. */
    private static final int MAX_SWITCHES = 4;
    private static final long BROADCAST = 0xffffffffffffL;

    private final ModelService model;
    private final Function<String, Optional<CompiledSwitch>> switches;

    /** Over the model and what was compiled for each node's switch (empty while it has none). */
    public PacketTracer(ModelService model, Function<String, Optional<CompiledSwitch>> switches) {
        this.model = model;
        this.switches = switches;
    }

    @Override
    public TraceResult trace(TraceRequest r) {
        ModelSnapshot s = model.snapshot();
        Map<String, Endpoint> endpoints = s.get(ModelCollections.ENDPOINTS);
        Endpoint from = endpoints.get(r.from());
        if (from == null) {
            throw new ValidationException(Kind.NOT_FOUND, "from", "no endpoint '" + r.from() + "'");
        }
        Endpoint to = endpoints.get(r.to());
        Ipv4 dst = to != null ? to.ip() : address(r.to());
        Network net = s.get(ModelCollections.NETWORKS).get(from.network());
        CompiledSwitch first = switches.apply(from.node()).orElseThrow(() -> new ValidationException(Kind.CONFLICT,
                "from", "endpoint " + from.id() + " is on node " + from.node() + ", whose switch the controller has"
                        + " not programmed (not connected)"));
        OptionalInt port = first.view().port(from.intfName());
        if (port.isEmpty()) {
            throw new ValidationException(Kind.CONFLICT, "from", "the port " + from.intfName() + " of endpoint "
                    + from.id() + " is not on the switch of node " + from.node());
        }
        Ipv4 nextHop = net == null || net.spec().gateway() == null || net.spec().subnet().contains(dst) ? dst
                : net.spec().gateway();
        Long mac = resolve(first, port.getAsInt(), from, nextHop);
        if (mac == null && to != null && to.network().equals(from.network())) {
            mac = to.mac().bits();
        }
        if (mac == null) {
            return new TraceResult("deny", null, "nothing in the pipeline answers ARP for " + nextHop
                    + (nextHop.equals(dst) ? "" : " (the gateway)"), null, List.of(), null);
        }
        TracePacket p = new TracePacket();
        p.inPort = port.getAsInt();
        p.ethType = TracePacket.IPV4;
        p.ethSrc = from.mac().bits();
        p.ethDst = mac;
        p.ipSrc = from.ip().unsigned();
        p.ipDst = dst.unsigned();
        p.proto = r.number();
        if (p.proto == 1) {
            p.icmpType = 8;
        } else {
            p.tpSrc = SOURCE_PORT;
            p.tpDst = r.port();
        }
        return walk(s, first, p, to, new Mac(mac).toString());
    }

    private static Ipv4 address(String to) {
        try {
            return Ipv4.parse(to);
        } catch (RuntimeException e) {
            throw new ValidationException(Kind.NOT_FOUND, "to", "no endpoint '" + to + "', and not an IPv4 address");
        }
    }

    /** The MAC the pipeline answers an ARP request for {@code ip} with, from the source's port; null if none. */
    private static Long resolve(CompiledSwitch sw, int port, Endpoint from, Ipv4 ip) {
        TracePacket arp = new TracePacket();
        arp.inPort = port;
        arp.ethType = TracePacket.ARP;
        arp.ethSrc = from.mac().bits();
        arp.ethDst = BROADCAST;
        arp.arpOp = 1;
        arp.arpSha = from.mac().bits();
        arp.arpSpa = from.ip().unsigned();
        arp.arpTpa = ip.unsigned();
        for (SwitchWalk.Sent sent : new SwitchWalk(sw).run(arp, PipelineTable.CLASSIFIER)) {
            if (sent.inPort() && sent.packet().arpOp == 2) {
                return sent.packet().arpSha;
            }
        }
        return null;
    }

    private TraceResult walk(ModelSnapshot s, CompiledSwitch first, TracePacket start, Endpoint to, String mac) {
        List<Hop> hops = new ArrayList<>();
        CompiledSwitch sw = first;
        TracePacket p = start;
        for (int i = 0; i < MAX_SWITCHES; i++) {
            SwitchWalk w = new SwitchWalk(sw);
            List<SwitchWalk.Sent> sent = w.run(p, PipelineTable.CLASSIFIER);
            hops.addAll(w.hops());
            if (sent.isEmpty()) {
                return ended(w, hops, mac);
            }
            SwitchWalk.Sent out = towards(sent, s, sw, to);
            NodeView view = sw.view();
            String portName = name(view, out.port());
            Endpoint at = endpointOn(s, view, out.port());
            if (at != null) {
                boolean reached = to == null || to.id().equals(at.id());
                return result(reached ? "allow" : "deny", hops, mac, new Output(view.node().name(), out.port(),
                        portName, "endpoint " + at.id()), reached ? "delivered to endpoint " + at.id() + " ("
                        + new Ipv4((int) out.packet().ipDst) + ")" : "delivered to endpoint " + at.id()
                        + ", not to " + to.id());
            }
            Optional<CompiledSwitch> next = Optional.empty();
            if (view.tunnelPort().equals(OptionalInt.of(out.port()))) {
                next = byTunnelAddress(s, out.packet().tunDst);
                if (next.isPresent()) {
                    p = out.packet().arriving(next.get().view().tunnelPort().orElse(-1));
                }
            } else if (view.uplinkPort().equals(OptionalInt.of(out.port())) && to != null
                    && !to.node().equals(view.node().name())) {
                next = switches.apply(to.node()).filter(c -> c.view().uplinkPort().isPresent());
                if (next.isPresent()) {
                    p = out.packet().arriving(next.get().view().uplinkPort().getAsInt());
                }
            }
            if (next.isEmpty()) {
                boolean reached = to == null;
                String reaches = view.dnsPort().equals(OptionalInt.of(out.port())) ? "the host"
                        : view.uplinkPort().equals(OptionalInt.of(out.port())) ? "the fabric (uplink)"
                        : view.tunnelPort().equals(OptionalInt.of(out.port())) ? "a tunnel to no known host"
                        : "port " + portName;
                return result(reached ? "allow" : "deny", hops, mac, new Output(view.node().name(), out.port(),
                        portName, reaches), "leaves node " + view.node().name() + " for " + reaches);
            }
            sw = next.get();
        }
        return result("deny", hops, mac, null, "crossed more than " + MAX_SWITCHES + " switches: the flows loop");
    }

    /** Of what left a switch, the copy heading for the destination (a flood sends several); else the first. */
    private static SwitchWalk.Sent towards(List<SwitchWalk.Sent> sent, ModelSnapshot s, CompiledSwitch sw,
            Endpoint to) {
        if (to != null) {
            OptionalInt local = to.node().equals(sw.view().node().name()) ? sw.view().port(to.intfName())
                    : OptionalInt.empty();
            Node host = s.get(ModelCollections.NODES).get(to.node());
            for (SwitchWalk.Sent x : sent) {
                if (local.isPresent() && x.port() == local.getAsInt()
                        || host != null && x.port() == sw.view().tunnelPort().orElse(-1)
                        && x.packet().tunDst == host.tunnelIp().unsigned()) {
                    return x;
                }
            }
        }
        return sent.get(0);
    }

    private Optional<CompiledSwitch> byTunnelAddress(ModelSnapshot s, long address) {
        for (Node n : s.get(ModelCollections.NODES).values()) {
            if (n.tunnelIp().unsigned() == address) {
                return switches.apply(n.name());
            }
        }
        return Optional.empty();
    }

    private static Endpoint endpointOn(ModelSnapshot s, NodeView view, int port) {
        for (Endpoint e : ModelIndexes.endpointsOn(s, view.node().name()).values()) {
            if (view.port(e.intfName()).equals(OptionalInt.of(port))) {
                return e;
            }
        }
        return null;
    }

    private static String name(NodeView view, int port) {
        for (Map.Entry<String, Integer> e : view.ports().entrySet()) {
            if (e.getValue() == port) {
                return e.getKey();
            }
        }
        return "";
    }

    /** The packet ended on a switch: dropped by a flow or a miss, or handed to the controller. */
    private static TraceResult ended(SwitchWalk w, List<Hop> hops, String mac) {
        if (w.toController()) {
            Hop h = w.lastHop();
            boolean service = h != null && h.owner().startsWith("service ");
            return result("deny", hops, mac, null, service ? "rejected: " + h.owner() + " has no provider for this"
                    + " port (the controller answers with a TCP reset or ICMP port unreachable)"
                    : "sent to the controller by " + (h == null ? "a flow" : h.owner()));
        }
        Hop h = w.dropped();
        String why = h == null ? "dropped" : h.priority() < 0 ? "dropped by the miss of " + h.table() + " on "
                + h.node() : "dropped in " + h.table() + " on " + h.node() + " by " + h.owner();
        return result("deny", hops, mac, null, why);
    }

    /**
     * The result, with the deciding rule: the last flow of a policy table the packet met that belongs to a rule
     * ({@code policy t:p:1 on t:web}); a default deny decides too, but is no rule.
     */
    private static TraceResult result(String verdict, List<Hop> hops, String mac, Output output, String reason) {
        String rule = null;
        String why = reason;
        for (Hop h : hops) {
            boolean policyTable = h.table().equals(PipelineTable.EGRESS_POLICY.name())
                    || h.table().equals(PipelineTable.INGRESS_POLICY.name());
            if (!policyTable || !h.owner().startsWith("policy ")) {
                continue;
            }
            String key = h.owner().substring("policy ".length());
            int on = key.indexOf(" on ");
            if (on > 0) {
                rule = key.substring(0, on);
                why = reason + "; " + (h.flow().endsWith("actions=drop") ? "denied" : "allowed") + " by rule "
                        + rule + " on group " + key.substring(on + 4) + " in " + h.table();
            } else if (key.startsWith("default-deny ")) {
                rule = null;
                why = reason + "; group " + key.substring("default-deny ".length()) + " denies by default"
                        + " (no rule allows it) in " + h.table();
            }
        }
        return new TraceResult(verdict, rule, why, mac, hops, output);
    }
}
