package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.TENANTS;
import static io.tenet.controller.collections.ModelCollections.BGP_REPORTS;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK_STATE;
import static io.tenet.controller.pipeline.PipelineTable.DESTINATION;
import static io.tenet.controller.pipeline.PipelineTable.FABRIC_ROUTES;
import static io.tenet.controller.pipeline.PipelineTable.GATEWAY_ARP;
import static io.tenet.controller.pipeline.PipelineTable.L3_GATEWAY;
import static io.tenet.controller.pipeline.PipelineTable.L3_ROUTES;

import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The distributed gateway (docs/modes.md): every host answers, for each network with a gateway and a member on
 * it, ARP and ping for the gateway address with one router MAC, and routes what its containers send to that MAC.
 * In both forwarding modes, an address outside the tenant's networks goes to the host (external access, through
 * the host port, where the host's stack masquerades it); an address in a subnet of the tenant that no route names
 * is dropped. In routing mode, an endpoint of another network of the tenant is reached on the source host by a
 * host route per endpoint in the tenant's VRF (the packet moves into the destination network, gets the router's MAC as source and the
 * endpoint's as destination, and its TTL decremented), then switching delivers it locally or through the tunnel or
 * uplink as any packet of that network. Tenants are separate VRFs, so overlapping subnets of two tenants never
 * meet. A routed connection is one connection in the tenant's conntrack zone on every host it crosses, and policy
 * sees the same group identities as within a network.
 *
 * <p>Shared by all switches, per routed tenant, one part: its VRF's host routes, the same on every switch. Per
 * switch and routed network with a local member, the gateway's flows.
 */
public final class RoutingFeature implements DatapathFeature<RoutingFeature.Shared> {
    public static final String NAME = "routing";
    /**
     * How many ECMP groups (distinct sets of resolved next hops) a BGP host gets: ids {@code 0x7e000000} to
     * {@code 0x7e00000f}, below the services' (whose ids start at 1). A route with another set beyond that uses its
     * first next hop.
     */
    static final int ECMP_GROUPS = 16;
    /** The distributed router's MAC, the same for every gateway on every host. */
    public static final Mac ROUTER_MAC = Mac.parse("02:7e:00:00:00:01");
    private static final int ICMP = 1;
    private static final int ECHO_REPLY = 0;
    /** Just above the miss (which goes on): a routed packet for no subnet of the tenant goes to the host. */
    private static final int OUTSIDE = Priority.MISS.value() + 1;
    /**
     * Above that, longest prefix first: the prefixes a host that speaks BGP learned (docs/bgp.md), from
     * {@code LEARNED + 0} for a default route to {@code LEARNED + 32}.
     */
    private static final int LEARNED = Priority.MISS.value() + 2;
    /** Above those: a routed packet for a subnet of the tenant that no host route names ends here. */
    private static final int NO_ROUTE = LEARNED + 33;
    /** Above all: the link-local addresses (the host's services, the client addresses) are never routed. */
    private static final int LINK_LOCAL = NO_ROUTE + 1;
    private static final PartKey FABRIC = new PartKey(NAME, "fabric");
    private static final Ipv4Prefix LINK_LOCAL_NET = Ipv4Prefix.parse("169.254.0.0/16");
    private static final MatchField FROM_LOCAL = RegField.FROM_TUNNEL.match(0);
    private static final MatchField TO_ROUTER = new MatchField.EthDst(ROUTER_MAC);

    /** The routes part of every routed tenant, by tenant. */
    static final class Shared {
        final PersistentMap<String, Part> tenants;

        Shared(PersistentMap<String, Part> tenants) {
            this.tenants = tenants;
        }
    }

    /** An endpoint as its host route needs it. */
    record Destination(Ipv4 ip, Mac mac, int network, Cookie cookie) {
    }

    /**
     * What a tenant's routes are built from: its VRF, the endpoints of its routed networks by address (routing
     * mode only), and the subnets of its networks.
     */
    record RouteInputs(int vrf, List<Destination> destinations, List<Ipv4Prefix> subnets) {
    }

    /** What a network's gateway on a switch is built from. */
    record GatewayInputs(int network, int vrf, Ipv4 gateway, Cookie cookie) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(GATEWAY_ARP, L3_GATEWAY, L3_ROUTES, FABRIC_ROUTES);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        ModelSnapshot s = change.next();
        Set<String> dirty = new HashSet<>();
        if (previous == null || change.isInitial() || !change.changed(GLOBALS).isEmpty()) {
            dirty.addAll(s.get(TENANTS).keySet());
            dirty.addAll(change.previous().get(TENANTS).keySet());
        } else {
            dirty.addAll(change.changed(TENANTS));
            change.changed(NETWORKS).forEach(k -> dirty.add(k.tenant()));
            for (ModelSnapshot side : List.of(change.previous(), change.next())) {
                for (String id : change.changed(ENDPOINTS)) {
                    Endpoint e = side.get(ENDPOINTS).get(id);
                    if (e != null) {
                        dirty.add(e.network().tenant());
                    }
                }
            }
        }
        PersistentMap.Builder<String, Part> b = (previous == null ? PersistentMap.<String, Part>empty()
                : previous.tenants).toBuilder();
        for (String tenant : dirty) {
            RouteInputs in = routes(s, tenant, cookies);
            if (in == null) {
                b.remove(tenant);
            } else {
                Part before = previous == null ? null : previous.tenants.get(tenant);
                b.put(tenant, Part.reuse(before, new PartKey(NAME, tenant), in, RoutingFeature::routeFlows));
            }
        }
        return new Shared(b.build());
    }

    /** The inputs of a tenant's routes, or null when none of its networks has a gateway. */
    private static RouteInputs routes(ModelSnapshot s, String tenant, CookieIds cookies) {
        Tenant t = s.get(TENANTS).get(tenant);
        if (t == null || t.vrf() == 0) {
            return null;
        }
        boolean gateway = false;
        List<Destination> out = new ArrayList<>();
        List<Ipv4Prefix> subnets = new ArrayList<>();
        for (Network n : ModelIndexes.networksOf(s, tenant).values()) {
            subnets.add(n.spec().subnet());
            gateway |= n.spec().gateway() != null;
            if (!n.routed()) {
                continue;
            }
            for (Endpoint e : ModelIndexes.endpointsOf(s, n.key()).values()) {
                out.add(new Destination(e.ip(), e.mac(), n.datapathId(), cookies.cookie(Cookie.Category.ENDPOINT,
                        e.id())));
            }
        }
        if (!gateway) {
            return null;
        }
        out.sort(Comparator.comparingLong(d -> d.ip().unsigned()));
        subnets.sort(Comparator.comparingLong(p -> p.network().unsigned()));
        return new RouteInputs(t.vrf(), List.copyOf(out), List.copyOf(subnets));
    }

    /** A VRF's host routes, and the end of a routed packet no route matches. */
    static Part.Contents routeFlows(RouteInputs in) {
        MatchField inVrf = RegField.VRF.match(in.vrf());
        List<FlowSpec> flows = new ArrayList<>(in.destinations().size() + 1);
        for (Destination d : in.destinations()) {
            flows.add(new FlowSpec(L3_ROUTES, Priority.NORMAL, List.of(FROM_LOCAL, inVrf, MatchField.EthType.IPV4,
                    new MatchField.Ipv4Dst(d.ip(), 32)), List.of(RegField.NETWORK.load(d.network()),
                    new Action.SetEthSrc(ROUTER_MAC), new Action.SetEthDst(d.mac()), new Action.DecTtl(),
                    new Action.GotoTable(DESTINATION)), d.cookie()));
        }
        for (Ipv4Prefix subnet : in.subnets()) {
            flows.add(new FlowSpec(L3_ROUTES, NO_ROUTE, List.of(FROM_LOCAL, inVrf, MatchField.EthType.IPV4,
                    new MatchField.Ipv4Dst(subnet.network(), subnet.length())), List.of(), Cookie.PIPELINE));
        }
        flows.add(new FlowSpec(L3_ROUTES, LINK_LOCAL, List.of(FROM_LOCAL, inVrf, MatchField.EthType.IPV4,
                new MatchField.Ipv4Dst(LINK_LOCAL_NET.network(), LINK_LOCAL_NET.length())), List.of(), Cookie.PIPELINE));
        // Everything else is outside: to the host, through conntrack and the out rules (HOST_OUT skips the in
        // rules, as nothing outside has a group).
        flows.add(new FlowSpec(L3_ROUTES, OUTSIDE, List.of(FROM_LOCAL, inVrf, MatchField.EthType.IPV4),
                List.of(RegField.DST_GROUP.load(0), RegField.OUT_PORT.load(RegField.HOST_OUT),
                        new Action.GotoTable(PipelineTable.CONNTRACK_STATE)), Cookie.PIPELINE));
        return Part.Contents.flows(flows);
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        Set<NetworkKey> local = new TreeSet<>();
        ctx.localEndpoints().forEach(l -> local.add(l.endpoint().network()));
        Set<String> tenants = new TreeSet<>();
        for (NetworkKey k : local) {
            Network n = ctx.snapshot().get(NETWORKS).get(k);
            Tenant t = ctx.snapshot().get(TENANTS).get(k.tenant());
            if (n == null || n.spec().gateway() == null || t == null || t.vrf() == 0) {
                continue;
            }
            tenants.add(k.tenant());
            PartKey key = new PartKey(NAME, k);
            out.add(Part.reuse(ctx.previous(key), key, new GatewayInputs(n.datapathId(), t.vrf(), n.spec().gateway(),
                    ctx.cookies().cookie(Cookie.Category.NETWORK, k)), RoutingFeature::gatewayFlows));
        }
        for (String t : tenants) {
            Part routes = shared.tenants.get(t);
            if (routes != null) {
                out.add(routes);
            }
        }
        BgpReport report = ctx.speaksBgp() ? ctx.snapshot().get(BGP_REPORTS).get(ctx.self()) : null;
        if (report != null) {
            out.add(Part.reuse(ctx.previous(FABRIC), FABRIC, new FabricInputs(ctx.uplinkPort().getAsInt(), report),
                    RoutingFeature::fabricFlows));
        }
    }

    /** What a BGP host's routes are built from: its uplink port and its speaker's report. */
    record FabricInputs(int uplink, BgpReport report) {
    }

    /**
     * The routes a BGP host learned: in every VRF, a routed packet for a learned prefix (that no host route or
     * subnet of the tenant claims) goes to the fabric; there, longest prefix first, it leaves the uplink for the
     * next hop, or, when several next hops are resolved (ECMP), by a select group of one bucket per next hop that
     * the routes with the same next hops share. A route whose next hops are all unresolved is not used.
     */
    static Part.Contents fabricFlows(FabricInputs in) {
        List<FlowSpec> flows = new ArrayList<>(2 * in.report().routes().size());
        Map<List<Mac>, GroupSpec> groups = new LinkedHashMap<>();
        Action fromHost = new Action.SetEthSrc(in.report().uplinkMac());
        Action out = new Action.Output(in.uplink());
        for (BgpReport.LearnedRoute r : in.report().routes()) {
            List<Mac> next = r.nextHops().stream().map(BgpReport.NextHop::mac).filter(m -> m != null).distinct()
                    .toList();
            if (next.isEmpty()) {
                continue;
            }
            List<Mac> set = next.stream().sorted(Comparator.comparing(Mac::toString)).toList();
            List<Action> toNext;
            if (set.size() == 1 || groups.size() == ECMP_GROUPS && !groups.containsKey(set)) {
                toNext = List.of(fromHost, new Action.SetEthDst(next.get(0)), new Action.DecTtl(), out);
            } else {
                GroupSpec g = groups.computeIfAbsent(set, hops -> new GroupSpec(GroupSpec.OWNER | groups.size(),
                        GroupSpec.Type.SELECT, hops.stream().map(mac -> new GroupSpec.Bucket(1, List.of(fromHost,
                                new Action.SetEthDst(mac), new Action.DecTtl(), out))).toList(), Cookie.PIPELINE));
                toNext = List.of(new Action.Group(g.id()));
            }
            MatchField dst = new MatchField.Ipv4Dst(r.prefix().network(), r.prefix().length());
            flows.add(new FlowSpec(L3_ROUTES, LEARNED + r.prefix().length(), List.of(FROM_LOCAL,
                    MatchField.EthType.IPV4, dst), List.of(RegField.DST_GROUP.load(0),
                    RegField.OUT_PORT.load(RegField.FABRIC_OUT), new Action.GotoTable(CONNTRACK_STATE)), Cookie.PIPELINE));
            flows.add(new FlowSpec(FABRIC_ROUTES, Priority.MISS.value() + 1 + r.prefix().length(), List.of(
                    MatchField.EthType.IPV4, dst), toNext, Cookie.PIPELINE));
        }
        return new Part.Contents(flows, List.copyOf(groups.values()), List.of(), List.of());
    }

    /**
     * A network's gateway on one switch: its ARP answer, its answer to pings, and the entry into the VRF's routes
     * for what local containers send to the router's MAC.
     */
    static Part.Contents gatewayFlows(GatewayInputs in) {
        MatchField inNetwork = RegField.NETWORK.match(in.network());
        List<FlowSpec> flows = new ArrayList<>(3);
        flows.add(new FlowSpec(GATEWAY_ARP, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.ARP,
                ForwardingFlows.ARP_OP_REQUEST, new MatchField.ArpTpa(in.gateway())),
                ForwardingFlows.arpReply(ROUTER_MAC, in.gateway()), in.cookie()));
        flows.add(new FlowSpec(L3_GATEWAY, Priority.HIGH, List.of(inNetwork, FROM_LOCAL, MatchField.EthType.IPV4,
                new MatchField.Ipv4Dst(in.gateway(), 32), new MatchField.IpProto(ICMP), MatchField.IcmpType.ECHO_REQUEST),
                List.of(new Action.Move(NxmField.ETH_SRC, NxmField.ETH_DST), new Action.SetEthSrc(ROUTER_MAC),
                        new Action.Move(NxmField.IP_SRC, NxmField.IP_DST), new Action.SetIpv4Src(in.gateway()),
                        new Action.SetIcmpType(ECHO_REPLY), new Action.OutputInPort()), in.cookie()));
        flows.add(new FlowSpec(L3_GATEWAY, Priority.NORMAL, List.of(inNetwork, FROM_LOCAL, TO_ROUTER,
                MatchField.EthType.IPV4), List.of(RegField.VRF.load(in.vrf()), new Action.GotoTable(L3_ROUTES)),
                in.cookie()));
        return Part.Contents.flows(flows);
    }
}
