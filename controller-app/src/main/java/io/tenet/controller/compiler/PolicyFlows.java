package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.COMMIT;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK_STATE;
import static io.tenet.controller.pipeline.PipelineTable.EGRESS_POLICY;
import static io.tenet.controller.pipeline.PipelineTable.INGRESS_POLICY;
import static io.tenet.controller.pipeline.PipelineTable.OUTPUT;

import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.Cookie.Category;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flows of the policy tables, one small builder per kind: stateful (conntrack decides replies and related
 * traffic), identity-based (rules match the group ids in {@link RegField#SRC_GROUP} and {@link RegField#DST_GROUP},
 * never member addresses, so flows grow with rules, not with members times rules), and each rule enforced once:
 * out rules where the packet starts, in rules where it is delivered, whichever path it took.
 *
 * <p>Semantics (docs/policy.md): a higher rule priority wins; at equal priority deny wins; a group without rules is
 * open; a group with {@code defaultDeny} admits only what an in rule allows. Every packet of the original direction
 * is evaluated, not only the first, so a rule that newly denies an established connection cuts it, while one that
 * keeps it allowed leaves it alone.
 */
final class PolicyFlows {
    private PolicyFlows() {
    }

    /**
     * The flows of the policy stages that belong to no group; {@code tunnel}, {@code uplink} and {@code host} say
     * whether the switch has a tunnel port, an uplink port and a host port.
     */
    static List<FlowSpec> base(boolean tunnel, boolean uplink, boolean host) {
        Cookie pipeline = Cookie.PIPELINE;
        List<FlowSpec> out = new ArrayList<>();
        out.add(new FlowSpec(CONNTRACK_STATE, Priority.HIGH,
                List.of(CtState.set(CtState.INV), MatchField.EthType.IPV4), List.of(), pipeline));
        out.add(new FlowSpec(CONNTRACK_STATE, Priority.HIGH,
                List.of(CtState.set(CtState.EST | CtState.RPL), MatchField.EthType.IPV4),
                List.of(new Action.GotoTable(OUTPUT)), pipeline));
        out.add(new FlowSpec(CONNTRACK_STATE, Priority.NORMAL,
                List.of(CtState.set(CtState.REL), MatchField.EthType.IPV4), List.of(new Action.GotoTable(OUTPUT)),
                pipeline));
        // Out rules were enforced on the sending host; in rules are enforced on the receiving host.
        out.add(new FlowSpec(EGRESS_POLICY, Priority.HIGH, List.of(RegField.FROM_TUNNEL.match(1)),
                List.of(new Action.GotoTable(INGRESS_POLICY)), pipeline));
        if (tunnel) {
            out.add(new FlowSpec(INGRESS_POLICY, Priority.HIGH, List.of(RegField.OUT_PORT.match(RegField.TUNNEL_OUT)),
                    List.of(new Action.GotoTable(COMMIT)), pipeline));
        }
        if (uplink) {
            out.add(new FlowSpec(INGRESS_POLICY, Priority.HIGH, List.of(RegField.OUT_PORT.match(RegField.UPLINK_OUT)),
                    List.of(new Action.GotoTable(COMMIT)), pipeline));
        }
        if (host) {
            // Outside the tenant's networks there is no group to admit it: out rules decided.
            out.add(new FlowSpec(INGRESS_POLICY, Priority.HIGH, List.of(RegField.OUT_PORT.match(RegField.HOST_OUT)),
                    List.of(new Action.GotoTable(COMMIT)), pipeline));
        }
        return List.copyOf(out);
    }

    /**
     * The policy flows of one group, built from its inputs alone: its default deny, and a flow per rule of its
     * policies (none for a rule whose peer does not exist).
     */
    static List<FlowSpec> group(PolicyFeature.PolicyInputs in, CookieIds cookies) {
        EndpointGroup g = in.group();
        Map<FlowSpec.Key, FlowSpec> out = new LinkedHashMap<>();
        if (g.defaultDeny()) {
            FlowSpec deny = new FlowSpec(INGRESS_POLICY, Priority.DEFAULT_DENY,
                    List.of(RegField.DST_GROUP.match(g.id()), MatchField.EthType.IPV4), List.of(),
                    cookies.cookie(Category.POLICY, new DefaultDeny(g.key())));
            out.put(deny.key(), deny);
        }
        for (int i = 0; i < in.rules().size(); i++) {
            long peer = in.peers().get(i);
            if (peer >= 0) {
                // Two rules that match the same traffic at the same priority with the same verdict make one flow.
                FlowSpec flow = rule(g, in.rules().get(i), peer, cookies);
                out.putIfAbsent(flow.key(), flow);
            }
        }
        return List.copyOf(out.values());
    }

    private static FlowSpec rule(EndpointGroup g, Rule r, long peer, CookieIds cookies) {
        boolean in = r.direction() == Rule.Direction.IN;
        List<MatchField> match = new ArrayList<>();
        // Registers first, then the packet's fields: FlowSpec puts the registers among themselves in order.
        match.add((in ? RegField.DST_GROUP : RegField.SRC_GROUP).match(g.id()));
        if (!r.peerGroup().isEmpty()) {
            match.add((in ? RegField.SRC_GROUP : RegField.DST_GROUP).match(peer));
        } else if (!r.peerNetwork().isEmpty()) {
            match.add(RegField.NETWORK.match(peer));
        }
        match.add(MatchField.EthType.IPV4);
        if (r.peerGroup().isEmpty() && r.peerNetwork().isEmpty() && r.peerAddress() != null) {
            match.add(in ? new MatchField.Ipv4Src(r.peerAddress().network(), r.peerAddress().length())
                    : new MatchField.Ipv4Dst(r.peerAddress().network(), r.peerAddress().length()));
        }
        if (r.protocol() != null) {
            match.add(new MatchField.IpProto(r.protocol().number()));
            if (r.port() != 0) {
                match.add(new MatchField.TpDst(r.protocol().number(), r.port()));
            }
        }
        boolean deny = r.action() == Rule.Verdict.DENY;
        PipelineTable next = in ? COMMIT : INGRESS_POLICY;
        return new FlowSpec(in ? INGRESS_POLICY : EGRESS_POLICY, Priority.rule(r.priority(), deny), match,
                deny ? List.of() : List.of(new Action.GotoTable(next)),
                cookies.cookie(Category.POLICY, new RuleOnGroup(r.key(), g.key())));
    }

    /** The cookie key of a group's default deny: {@code default-deny t:web}. */
    private record DefaultDeny(ScopedKey group) {
        @Override
        public String toString() {
            return "default-deny " + group;
        }
    }

    /** The cookie key of a rule's flow on one group: {@code t:p:1 on t:web}. */
    private record RuleOnGroup(Rule.RuleKey rule, ScopedKey group) {
        @Override
        public String toString() {
            return rule + " on " + group;
        }
    }
}
