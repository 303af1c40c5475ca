package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.NODE_DNS;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.Network;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The node DNS path: every container reaches the DNS responder of its own host (tenet-node agent) at
 * {@link #SERVER}, through the host's DNS port, without conntrack, policy or the controller on the way. On the
 * way in, a query's source becomes the container's client address ({@link #clientAddress}: the DNS address space
 * plus the container's port number), which tells the responder which container asked, and lets the answer find
 * its way back even where containers of two tenants share an address; on the way out the answer gets the
 * container's own address and MAC back. Only UDP: the responder's answers are small enough. Everything else from
 * the DNS port is dropped. docs/services.md describes the addresses; the host side is tenet-node's.
 */
public final class NodeDnsFeature implements DatapathFeature<NodeDnsFeature.Shared> {
    public static final String NAME = "node-dns";
    /** The address containers send DNS queries to; the CNI result names it. */
    public static final Ipv4 SERVER = Ipv4.parse("169.254.53.53");
    /** The MAC of the host end of the DNS port; containers hold a permanent neighbour entry for it. */
    public static final Mac SERVER_MAC = Mac.parse("02:7e:00:00:00:53");
    /** The base of the client addresses: a query from port {@code p} comes from this plus {@code p}. */
    public static final Ipv4 CLIENTS = Ipv4.parse("169.254.64.0");
    /** Ports below this have a client address (169.254.64.0/18); a container on a higher port has no node DNS. */
    public static final int MAX_PORT = 1 << 14;
    private static final int UDP = 17;
    private static final int DNS = 53;
    private static final Shared SHARED = new Shared();
    /** Below the DNS answers: what else comes from outside to a client address. */
    private static final int FROM_OUTSIDE = Priority.NORMAL.value() - 1;
    /** Just above the miss (which goes on): whatever else comes from the DNS port ends here. */
    private static final int DROP_REST = Priority.MISS.value() + 1;

    /** Nothing: the node DNS flows are a switch's own. */
    static final class Shared {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(NODE_DNS);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        return SHARED;
    }

    /** A plugged-in endpoint as its DNS flows need it. */
    record Client(int port, Ipv4 ip, Mac mac, long network, Cookie cookie) {
    }

    /** What a switch's node DNS part is built from: its DNS port and its endpoints, by port. */
    record Inputs(int dnsPort, List<Client> clients) {
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        OptionalInt dns = ctx.view().dnsPort();
        if (dns.isEmpty()) {
            return;
        }
        List<Client> clients = new ArrayList<>();
        for (SwitchContext.LocalEndpoint l : ctx.localEndpoints()) {
            Endpoint e = l.endpoint();
            if (l.port() < MAX_PORT) {
                Network n = ctx.snapshot().get(ModelCollections.NETWORKS).get(e.network());
                if (n != null) {
                    clients.add(new Client(l.port(), e.ip(), e.mac(), n.datapathId(),
                            ctx.cookies().cookie(Cookie.Category.ENDPOINT, e.id())));
                }
            }
        }
        clients.sort(Comparator.comparingInt(Client::port));
        PartKey key = new PartKey(NAME, ctx.self());
        out.add(Part.reuse(ctx.previous(key), key, new Inputs(dns.getAsInt(), List.copyOf(clients)),
                NodeDnsFeature::flows));
    }

    /** The client address of the container on {@code port}. */
    public static Ipv4 clientAddress(int port) {
        if (port <= 0 || port >= MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " has no node DNS client address");
        }
        return CLIENTS.plus(port);
    }

    static Part.Contents flows(Inputs in) {
        List<FlowSpec> flows = new ArrayList<>(2 * in.clients().size() + 1);
        MatchField fromDnsPort = new MatchField.InPort(in.dnsPort());
        for (Client c : in.clients()) {
            Ipv4 client = clientAddress(c.port());
            flows.add(new FlowSpec(NODE_DNS, Priority.NORMAL, List.of(new MatchField.InPort(c.port()),
                    MatchField.EthType.IPV4, new MatchField.IpProto(UDP), new MatchField.Ipv4Dst(SERVER, 32),
                    new MatchField.TpDst(UDP, DNS)), List.of(new Action.SetIpv4Src(client),
                    new Action.SetEthDst(SERVER_MAC), new Action.Output(in.dnsPort())), c.cookie()));
            flows.add(new FlowSpec(NODE_DNS, Priority.NORMAL, List.of(fromDnsPort, MatchField.EthType.IPV4,
                    new MatchField.IpProto(UDP), new MatchField.Ipv4Src(SERVER), new MatchField.Ipv4Dst(client, 32),
                    new MatchField.TpSrc(UDP, DNS, 0xffff)), List.of(new Action.SetIpv4Dst(c.ip()),
                    new Action.SetEthSrc(SERVER_MAC), new Action.SetEthDst(c.mac()), new Action.Output(c.port())),
                    c.cookie()));
            // Anything else to the client address came from outside (replies the host un-masqueraded, connections
            // to a published port): the container's own address and MAC, from its gateway, and on through
            // conntrack and policy like any packet of its network.
            flows.add(new FlowSpec(NODE_DNS, FROM_OUTSIDE, List.of(fromDnsPort, MatchField.EthType.IPV4,
                    new MatchField.Ipv4Dst(client, 32)), List.of(new Action.SetIpv4Dst(c.ip()),
                    new Action.SetEthSrc(RoutingFeature.ROUTER_MAC), new Action.SetEthDst(c.mac()),
                    RegField.NETWORK.load(c.network()), new Action.GotoTable(NODE_DNS.next())), c.cookie()));
        }
        flows.add(new FlowSpec(NODE_DNS, DROP_REST, List.of(fromDnsPort), List.of(), Cookie.PIPELINE));
        return Part.Contents.flows(flows);
    }
}
