package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.CLASSIFIER;
import static io.tenet.controller.pipeline.PipelineTable.FABRIC_ROUTES;
import static io.tenet.controller.pipeline.PipelineTable.OUTPUT;
import static io.tenet.controller.pipeline.PipelineTable.TUNNEL_IDENTITY;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Network;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding flows of a network routed through the fabric on a host that speaks BGP (docs/bgp.md): instead of
 * leaving the uplink with the network's VLAN tag, a packet for another host goes to the learned routes
 * ({@code FABRIC_ROUTES}); what the fabric routes to a local endpoint arrives untagged for the host's MAC and is
 * routed into the endpoint's network by its address. Broadcasts stay on the host.
 */
final class FabricFlows {
    /** Where a packet from the fabric goes once classified: the source identity by address. */
    private static final Action TO_IDENTITY = new Action.GotoTable(TUNNEL_IDENTITY);
    private static final PipelineTable CONNTRACK_STAGE = PipelineTable.firstOf(PipelineTable.Stage.CONNTRACK);
    /** Below the endpoints' identities: a source outside the tenant's networks (the world beyond the fabric). */
    private static final int OUTSIDE_SOURCE = Priority.MISS.value() + 1;
    private static final MatchField UNTAGGED = new MatchField.VlanVid(0);

    private FabricFlows() {
    }

    /**
     * A network's flows on a BGP host for its plugged-in endpoints: each is reached from the fabric by its address
     * (routed: the router's MAC as source, its own as destination, TTL decremented), a source outside the tenant
     * has no group, and packets for other hosts leave by the learned routes.
     */
    static List<FlowSpec> local(Network network, List<ForwardingFlows.Plugged> plugged, int uplink,
            Cookie netCookie) {
        List<FlowSpec> out = new ArrayList<>(plugged.size() + 2);
        MatchField fromUplink = new MatchField.InPort(uplink);
        for (ForwardingFlows.Plugged p : plugged) {
            Endpoint e = p.endpoint();
            out.add(new FlowSpec(CLASSIFIER, Priority.NORMAL, List.of(fromUplink, UNTAGGED, MatchField.EthType.IPV4,
                    new MatchField.Ipv4Dst(e.ip(), 32)), List.of(RegField.NETWORK.load(network.datapathId()),
                    RegField.FROM_TUNNEL.load(1), RegField.VRF.load(network.vrf()),
                    new Action.SetEthSrc(RoutingFeature.ROUTER_MAC), new Action.SetEthDst(e.mac()), new Action.DecTtl(),
                    TO_IDENTITY), p.cookie()));
        }
        out.add(new FlowSpec(TUNNEL_IDENTITY, OUTSIDE_SOURCE, List.of(fromUplink,
                RegField.NETWORK.match(network.datapathId()), MatchField.EthType.IPV4), List.of(
                RegField.SRC_GROUP.load(0), new Action.GotoTable(CONNTRACK_STAGE)), netCookie));
        out.add(output(network, netCookie));
        return out;
    }

    /** A packet of the network for an endpoint on another host goes by the learned routes. */
    static FlowSpec output(Network network, Cookie netCookie) {
        return new FlowSpec(OUTPUT, Priority.NORMAL, List.of(RegField.NETWORK.match(network.datapathId()),
                RegField.OUT_PORT.match(RegField.UPLINK_OUT)), List.of(new Action.GotoTable(FABRIC_ROUTES)),
                netCookie);
    }

    /** A routed packet for a learned prefix goes by the learned routes. */
    static FlowSpec fabricOutput() {
        return new FlowSpec(OUTPUT, Priority.NORMAL, List.of(RegField.OUT_PORT.match(RegField.FABRIC_OUT)),
                List.of(new Action.GotoTable(FABRIC_ROUTES)), Cookie.PIPELINE);
    }
}
