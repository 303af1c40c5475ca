package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK;
import static io.tenet.controller.pipeline.PipelineTable.DESTINATION;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_AFFINITY;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_ARP;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_BACKEND;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_HAIRPIN;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_LB;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Conntrack;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.LearnSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.controller.pipeline.Nat;
import io.tenet.controller.pipeline.NxmField;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows and groups of one service, the same on every switch with a member of its network: the ARP answer
 * for the VIP, per service port a flow sending new connections to the port's select group (a bucket per provider
 * that commits the connection translated to the provider's address and port), per provider the rewrite of the
 * VIP's MAC to the provider's once the address is translated, and the VIP's MAC on replies; per provider, on its
 * own host, the flows that let it reach itself ({@link #hairpin}). A service port
 * without providers sends new connections to the controller instead, through the reject meter, and the controller
 * refuses them ({@code ServiceRejecter}). docs/pipeline.md
 * and docs/services.md describe them.
 */
final class ServiceFlows {
    private static final int TCP = 6;
    private static final int UDP = 17;
    /**
     * The meter every reject passes: per switch, the packets of new connections to services without providers
     * that reach the controller. Its id is the top of Tenet's meter range; meters of model objects count from the
     * bottom.
     */
    static final long REJECT_METER = GroupSpec.OWNER | 0xffffffL;
    /** Rejects per second a switch hands to the controller at most, and the burst above it. */
    static final long REJECT_RATE = 200;
    static final long REJECT_BURST = 50;
    /**
     * A hairpinned packet from the VIP to its provider, still to the VIP's MAC, in either direction: above the
     * replies' flow (HIGH), which would give it the VIP's MAC as source but leave its destination unknown.
     */
    static final int HAIRPIN_DELIVERY = Priority.HIGH.value() + 1;
    /** A remembered provider's translation wins over its service port's group in SERVICE_BACKEND. */
    static final int AFFINITY_MISS = Priority.NORMAL.value() - 1;
    /** Above a provider's delivery flow: a new connection to the provider is learned, then delivered the same. */
    static final int AFFINITY_LEARN = Priority.NORMAL.value() + 1;
    /** UDP source-port slots per provider (rounded up to a power of two), and at most per port. */
    static final int UDP_SLOTS_PER_PROVIDER = 4;
    static final int MAX_UDP_SLOTS = 256;
    /** How much of a rejected packet the controller gets: Ethernet, IPv4 and TCP or UDP headers with options. */
    static final int REJECT_MAX_LENGTH = 192;

    private ServiceFlows() {
    }

    /** What a service's part is built from. */
    record Inputs(ServiceLB service, Network network, List<Endpoint> providers) {
    }

    /** The MAC a service's VIP answers ARP with: derived from the VIP as an endpoint's is from its address. */
    static Mac vipMac(ServiceLB service) {
        return Mac.forEndpoint(service.vip());
    }

    /** The group of a service's {@code index}th port: the service id and the port index under Tenet's owner byte. */
    static long groupId(ServiceLB service, int index) {
        return GroupSpec.OWNER | (long) service.id() << 4 | index;
    }

    static Part.Contents build(Inputs in, Cookie cookie) {
        ServiceLB svc = in.service();
        Network net = in.network();
        MatchField inNetwork = RegField.NETWORK.match(net.datapathId());
        Mac mac = vipMac(svc);
        List<FlowSpec> flows = new ArrayList<>();
        List<GroupSpec> groups = new ArrayList<>();
        flows.add(new FlowSpec(SERVICE_ARP, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.ARP,
                ForwardingFlows.ARP_OP_REQUEST, new MatchField.ArpTpa(svc.vip())),
                ForwardingFlows.arpReply(mac, svc.vip()), cookie));
        int zone = Conntrack.zone(net);
        boolean sticky = svc.sessionAffinity() == ServiceLB.Affinity.CLIENT_IP;
        for (int i = 0; i < svc.ports().size(); i++) {
            ServicePort port = svc.ports().get(i);
            int proto = port.protocol() == ServicePort.Protocol.TCP ? TCP : UDP;
            List<MatchField> match = List.of(inNetwork, CtState.set(CtState.NEW), MatchField.EthType.IPV4,
                    new MatchField.IpProto(proto), new MatchField.Ipv4Dst(svc.vip(), 32),
                    new MatchField.TpDst(proto, port.port()));
            if (in.providers().isEmpty()) {
                // Refused, not left to time out: the controller answers, through the reject meter.
                flows.add(new FlowSpec(SERVICE_LB, Priority.NORMAL, match, List.of(new Action.Meter(REJECT_METER),
                        new Action.Controller(REJECT_MAX_LENGTH)), cookie));
            } else if (sticky) {
                affinity(flows, groups, match, zone, svc, i, in.providers(), cookie);
            } else if (proto == TCP) {
                long group = groupId(svc, i);
                flows.add(new FlowSpec(SERVICE_LB, Priority.NORMAL, match, List.of(new Action.Group(group)), cookie));
                groups.add(selectGroup(group, zone, in.providers(), port, cookie));
            } else {
                udpSlots(flows, match, zone, in.providers(), port, cookie);
            }
        }
        for (Endpoint p : in.providers()) {
            flows.add(new FlowSpec(SERVICE_BACKEND, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4,
                    new MatchField.EthDst(mac, null), new MatchField.Ipv4Dst(p.ip(), 32)),
                    List.of(new Action.SetEthDst(p.mac()), new Action.GotoTable(DESTINATION)), cookie));
            if (sticky && !svc.ports().isEmpty()) {
                // A new connection translated to p: the client's next ones go to p too, for the timeout.
                flows.add(new FlowSpec(SERVICE_BACKEND, AFFINITY_LEARN, List.of(inNetwork, CtState.set(CtState.NEW),
                        MatchField.EthType.IPV4, new MatchField.EthDst(mac, null), new MatchField.Ipv4Dst(p.ip(), 32)),
                        List.of(remember(svc, p, cookie), new Action.SetEthDst(p.mac()),
                                new Action.GotoTable(DESTINATION)), cookie));
            }
        }
        // Replies come back from the VIP (conntrack translated their source): from its MAC too. HIGH keeps it
        // apart from the providers' flows even for a reply addressed to the VIP's MAC.
        flows.add(new FlowSpec(SERVICE_BACKEND, Priority.HIGH, List.of(inNetwork, CtState.set(CtState.RPL),
                MatchField.EthType.IPV4, new MatchField.Ipv4Src(svc.vip())),
                List.of(new Action.SetEthSrc(mac), new Action.GotoTable(DESTINATION)), cookie));
        return new Part.Contents(flows, groups, List.of(), List.of());
    }

    /** What a provider's hairpin part is built from: its service, the service's network, the provider. */
    record HairpinInputs(ServiceLB service, Network network, Endpoint provider) {
    }

    /**
     * The hairpin flows of one provider, on its own host only (only there can it reach itself): a provider that
     * reached itself would see its own address as the source, so its connection is translated a second time, in
     * the hairpin zone, to come from the VIP; its packets to the VIP (replies too) pass the hairpin zone first,
     * which undoes that on the replies; and in both directions a packet from the VIP to it, still addressed to the
     * VIP's MAC, is given the right MACs.
     */
    static Part.Contents hairpin(HairpinInputs in, Cookie cookie) {
        ServiceLB svc = in.service();
        Endpoint p = in.provider();
        MatchField inNetwork = RegField.NETWORK.match(in.network().datapathId());
        Mac mac = vipMac(svc);
        int hairpin = Conntrack.hairpinZone(in.network());
        return Part.Contents.flows(List.of(
                new FlowSpec(SERVICE_HAIRPIN, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4,
                        new MatchField.Ipv4Src(p.ip(), 32), new MatchField.Ipv4Dst(svc.vip(), 32)),
                        List.of(new Action.Ct(false, hairpin, CONNTRACK, Nat.EXISTING)), cookie),
                new FlowSpec(SERVICE_BACKEND, Priority.HIGH, List.of(inNetwork, MatchField.EthType.IPV4,
                        new MatchField.EthDst(mac, null), new MatchField.Ipv4Src(p.ip(), 32),
                        new MatchField.Ipv4Dst(p.ip(), 32)),
                        List.of(new Action.Ct(true, hairpin, SERVICE_BACKEND, Nat.source(svc.vip()))), cookie),
                new FlowSpec(SERVICE_BACKEND, HAIRPIN_DELIVERY, List.of(inNetwork, MatchField.EthType.IPV4,
                        new MatchField.EthDst(mac, null), new MatchField.Ipv4Src(svc.vip(), 32),
                        new MatchField.Ipv4Dst(p.ip(), 32)), List.of(new Action.SetEthSrc(mac),
                        new Action.SetEthDst(p.mac()), new Action.GotoTable(DESTINATION)), cookie)));
    }

    /**
     * A port of a service with client-IP affinity: a new connection first looks up the provider the service
     * remembers for its client ({@code SERVICE_AFFINITY} loads its address into reg5), then, in SERVICE_BACKEND,
     * goes to that provider if it still is one, or else to the port's select group (TCP and UDP alike: the group
     * hashes by address, which is what affinity asks). The translation to a provider is learned on the way back
     * through SERVICE_BACKEND ({@link #remember}).
     */
    private static void affinity(List<FlowSpec> flows, List<GroupSpec> groups, List<MatchField> match, int zone,
            ServiceLB svc, int index, List<Endpoint> providers, Cookie cookie) {
        ServicePort port = svc.ports().get(index);
        long group = groupId(svc, index);
        flows.add(new FlowSpec(SERVICE_LB, Priority.NORMAL, match, List.of(new Action.Resubmit(SERVICE_AFFINITY),
                new Action.GotoTable(SERVICE_BACKEND)), cookie));
        for (Endpoint p : providers) {
            List<MatchField> remembered = new ArrayList<>(match);
            remembered.add(RegField.AFFINITY.match(p.ip().unsigned()));
            flows.add(new FlowSpec(SERVICE_BACKEND, Priority.NORMAL, remembered, List.of(translate(zone, p, port)),
                    cookie));
        }
        flows.add(new FlowSpec(SERVICE_BACKEND, AFFINITY_MISS, match, List.of(new Action.Group(group)), cookie));
        groups.add(selectGroup(group, zone, providers, port, cookie));
    }

    /** A service port's select group: a bucket of weight 1 per provider, translating to it. */
    private static GroupSpec selectGroup(long group, int zone, List<Endpoint> providers, ServicePort port,
            Cookie cookie) {
        List<GroupSpec.Bucket> buckets = new ArrayList<>(providers.size());
        for (Endpoint p : providers) {
            buckets.add(new GroupSpec.Bucket(1, List.of(translate(zone, p, port))));
        }
        return new GroupSpec(group, GroupSpec.Type.SELECT, buckets, cookie);
    }

    /**
     * The learn action that makes a service remember provider {@code p} for the client of this packet: a flow in
     * {@code SERVICE_AFFINITY} matching the network, the client's address and the VIP, loading p's address into
     * reg5, for the service's timeout (counted again from each new connection, which learns it again).
     */
    private static Action remember(ServiceLB svc, Endpoint p, Cookie cookie) {
        return new Action.Learn(SERVICE_AFFINITY, Priority.NORMAL.value(), learnedTimeout(svc), cookie.learned(),
                List.of(new LearnSpec.MatchValue(NxmField.ETH_TYPE, 0x0800),
                        new LearnSpec.MatchSame(NxmField.REG0),
                        new LearnSpec.MatchSame(NxmField.IP_SRC),
                        new LearnSpec.MatchValue(NxmField.IP_DST, svc.vip().unsigned()),
                        new LearnSpec.LoadValue(p.ip().unsigned(), NxmField.REG5)));
    }

    /** A learned flow's hard timeout: the service's, within the 16 bits OpenFlow gives it (about 18 hours). */
    static int learnedTimeout(ServiceLB svc) {
        return Math.min(svc.affinityTimeout(), 0xffff);
    }

    /** Commits a new connection translated to provider {@code p}'s address and the port's provider port. */
    private static Action translate(int zone, Endpoint p, ServicePort port) {
        return new Action.Ct(true, zone, SERVICE_BACKEND, Nat.destination(p.ip(), port.providerPort()));
    }

    /**
     * The number of source-port slots a UDP port with {@code providers} providers is spread over: a power of two,
     * {@link #UDP_SLOTS_PER_PROVIDER} per provider up to {@link #MAX_UDP_SLOTS}, and never fewer than providers.
     */
    static int slotCount(int providers) {
        if (providers <= 1) {
            return 1;
        }
        int want = Integer.highestOneBit(UDP_SLOTS_PER_PROVIDER * providers - 1) << 1;
        int floor = Integer.highestOneBit(providers - 1) << 1;
        return Math.max(floor, Math.min(MAX_UDP_SLOTS, want));
    }

    /**
     * A UDP port's flows: OVS's select groups hash UDP by addresses only (their default dp_hash, symmetric L3/L4,
     * leaves UDP ports out), which would send every socket of a client to one provider. So the low bits of the
     * client's source port pick the provider instead: one flow per slot, slot {@code s} to provider
     * {@code s mod n}, in order of address. Ephemeral ports are random, so sockets spread evenly, within one
     * slot's share ({@code 1/slots}) of exact.
     */
    private static void udpSlots(List<FlowSpec> flows, List<MatchField> match, int zone, List<Endpoint> providers,
            ServicePort port, Cookie cookie) {
        int slots = slotCount(providers.size());
        for (int s = 0; s < slots; s++) {
            List<MatchField> slot = new ArrayList<>(match);
            if (slots > 1) {
                slot.add(new MatchField.TpSrc(UDP, s, slots - 1));
            }
            flows.add(new FlowSpec(SERVICE_LB, Priority.NORMAL, slot,
                    List.of(translate(zone, providers.get(s % providers.size()), port)), cookie));
        }
    }

    /** The reject meter, on every switch that holds a service. */
    static Part.Contents reject(Cookie cookie) {
        return new Part.Contents(List.of(), List.of(), List.of(new MeterSpec(REJECT_METER, MeterSpec.Unit.PKTPS,
                List.of(new MeterSpec.Band(REJECT_RATE, REJECT_BURST)), cookie)), List.of());
    }
}
