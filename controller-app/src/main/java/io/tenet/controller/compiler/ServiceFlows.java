package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.DESTINATION;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_ARP;
import static io.tenet.controller.pipeline.PipelineTable.SERVICE_BACKEND;
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
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.List;

/**
 * The flows and groups of one service, the same on every switch with a member of its network: the ARP answer
 * for the VIP, per service port a flow sending new connections to the port's select group (a bucket per provider
 * that commits the connection translated to the provider's address and port), per provider the rewrite of the
 * VIP's MAC to the provider's once the address is translated, and the VIP's MAC on replies. docs/pipeline.md
 * and docs/services.md describe them.
 */
final class ServiceFlows {
    private static final int TCP = 6;
    private static final int UDP = 17;

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
        for (int i = 0; i < svc.ports().size(); i++) {
            ServicePort port = svc.ports().get(i);
            int proto = port.protocol() == ServicePort.Protocol.TCP ? TCP : UDP;
            long group = groupId(svc, i);
            flows.add(new FlowSpec(SERVICE_LB, Priority.NORMAL, List.of(inNetwork, CtState.set(CtState.NEW),
                    MatchField.EthType.IPV4, new MatchField.IpProto(proto), new MatchField.Ipv4Dst(svc.vip(), 32),
                    new MatchField.TpDst(proto, port.port())), List.of(new Action.Group(group)), cookie));
            List<GroupSpec.Bucket> buckets = new ArrayList<>(in.providers().size());
            for (Endpoint p : in.providers()) {
                buckets.add(new GroupSpec.Bucket(1, List.of(new Action.Ct(true, zone, SERVICE_BACKEND,
                        Action.Nat.destination(p.ip(), port.providerPort())))));
            }
            groups.add(new GroupSpec(group, GroupSpec.Type.SELECT, buckets, cookie));
        }
        for (Endpoint p : in.providers()) {
            flows.add(new FlowSpec(SERVICE_BACKEND, Priority.NORMAL, List.of(inNetwork, MatchField.EthType.IPV4,
                    new MatchField.EthDst(mac, null), new MatchField.Ipv4Dst(p.ip(), 32)),
                    List.of(new Action.SetEthDst(p.mac()), new Action.GotoTable(DESTINATION)), cookie));
        }
        // Replies come back from the VIP (conntrack translated their source): from its MAC too. HIGH keeps it
        // apart from the providers' flows even for a reply addressed to the VIP's MAC.
        flows.add(new FlowSpec(SERVICE_BACKEND, Priority.HIGH, List.of(inNetwork, CtState.set(CtState.RPL),
                MatchField.EthType.IPV4, new MatchField.Ipv4Src(svc.vip())),
                List.of(new Action.SetEthSrc(mac), new Action.GotoTable(DESTINATION)), cookie));
        return new Part.Contents(flows, groups, List.of(), List.of());
    }
}
