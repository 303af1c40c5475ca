package io.tenet.controller.compiler;

import static io.tenet.controller.pipeline.PipelineTable.COMMIT;
import static io.tenet.controller.pipeline.PipelineTable.CONNTRACK_STATE;
import static io.tenet.controller.pipeline.PipelineTable.EGRESS_POLICY;
import static io.tenet.controller.pipeline.PipelineTable.INGRESS_POLICY;
import static io.tenet.controller.pipeline.PipelineTable.OUTPUT;

import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.Cookie.Category;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.MatchField;
import io.tenet.controller.pipeline.MatchField.CtState;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.Register;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy tables: stateful (conntrack decides replies and related traffic), identity-based (rules match the
 * group ids in {@link Register#SRC_GROUP} and {@link Register#DST_GROUP}, never member addresses, so flows grow
 * with rules, not with members times rules), and each rule enforced once: out rules where the packet starts,
 * in rules where it is delivered, whichever path it took.
 *
 * <p>Semantics: a higher rule priority wins; at equal priority deny wins; a group without rules is open; a group
 * with {@code defaultDeny} admits only what an in rule allows. Every packet of the original direction is
 * evaluated, not only the first, so a rule that newly denies an established connection cuts it, while one that
 * keeps it allowed leaves it alone.
 */
final class PolicyCompiler {
    private PolicyCompiler() {
    }

    static void compile(ModelSnapshot model, NodeView view, Set<Integer> localGroups, Map<FlowSpec.Key, FlowSpec> out) {
        Cookie pipeline = DatapathCompiler.PIPELINE;
        DatapathCompiler.add(out, new FlowSpec(CONNTRACK_STATE, Priority.HIGH,
                List.of(CtState.set(CtState.INV), MatchField.EthType.IPV4), List.of(), pipeline));
        DatapathCompiler.add(out, new FlowSpec(CONNTRACK_STATE, Priority.HIGH,
                List.of(CtState.set(CtState.EST | CtState.RPL), MatchField.EthType.IPV4),
                List.of(new Action.GotoTable(OUTPUT)), pipeline));
        DatapathCompiler.add(out, new FlowSpec(CONNTRACK_STATE, Priority.NORMAL,
                List.of(CtState.set(CtState.REL), MatchField.EthType.IPV4), List.of(new Action.GotoTable(OUTPUT)),
                pipeline));
        // Out rules were enforced on the sending host; in rules are enforced on the receiving host.
        DatapathCompiler.add(out, new FlowSpec(EGRESS_POLICY, Priority.HIGH, List.of(new MatchField.Reg(Register.FLAGS,
                Register.FROM_TUNNEL, Register.FROM_TUNNEL)), List.of(new Action.GotoTable(INGRESS_POLICY)), pipeline));
        OptionalInt tunnel = view.tunnelPort();
        if (tunnel.isPresent()) {
            DatapathCompiler.add(out, new FlowSpec(INGRESS_POLICY, Priority.HIGH, List.of(new MatchField.Reg(
                    Register.OUT_PORT, tunnel.getAsInt())), List.of(new Action.GotoTable(COMMIT)), pipeline));
        }
        for (EndpointGroup g : new TreeMap<>(model.groups()).values()) {
            if (!localGroups.contains(g.id())) {
                continue;
            }
            if (g.defaultDeny()) {
                DatapathCompiler.add(out, new FlowSpec(INGRESS_POLICY, Priority.DEFAULT_DENY,
                        List.of(new MatchField.Reg(Register.DST_GROUP, g.id()), MatchField.EthType.IPV4), List.of(),
                        Cookie.of(Category.POLICY, "default-deny " + g.key())));
            }
            for (String p : g.policies()) {
                for (Rule r : model.rulesOf(new ScopedKey(g.key().tenant(), p))) {
                    rule(model, g, r, out);
                }
            }
        }
    }

    private static void rule(ModelSnapshot model, EndpointGroup g, Rule r, Map<FlowSpec.Key, FlowSpec> out) {
        boolean in = r.direction() == Rule.Direction.IN;
        List<MatchField> match = new ArrayList<>();
        match.add(MatchField.EthType.IPV4);
        match.add(new MatchField.Reg(in ? Register.DST_GROUP : Register.SRC_GROUP, g.id()));
        // (sorted into canonical order by FlowSpec: rules are few)
        if (!r.peerGroup().isEmpty()) {
            EndpointGroup peer = model.groups().get(new ScopedKey(g.key().tenant(), r.peerGroup()));
            if (peer == null) {
                return;
            }
            match.add(new MatchField.Reg(in ? Register.SRC_GROUP : Register.DST_GROUP, peer.id()));
        } else if (!r.peerNetwork().isEmpty()) {
            Network peer = model.networks().get(new NetworkKey(g.key().tenant(), r.peerNetwork()));
            if (peer == null) {
                return;
            }
            match.add(new MatchField.Reg(Register.NETWORK, peer.datapathId()));
        } else if (r.peerAddress() != null) {
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
        // Two rules that match the same traffic at the same priority with the same verdict make one flow.
        FlowSpec flow = new FlowSpec(in ? INGRESS_POLICY : EGRESS_POLICY, Priority.rule(r.priority(), deny), match,
                deny ? List.of() : List.of(new Action.GotoTable(next)), Cookie.of(Category.POLICY, r.key() + " on "
                + g.key()));
        out.putIfAbsent(flow.key(), flow);
    }

    /** Commits the network's new connections once the policy let them through. */
    static void commit(Map<FlowSpec.Key, FlowSpec> out, Network network, Cookie cookie) {
        DatapathCompiler.add(out, new FlowSpec(COMMIT, Priority.NORMAL,
                List.of(new MatchField.Reg(Register.NETWORK, network.datapathId()), CtState.set(CtState.NEW),
                        MatchField.EthType.IPV4),
                List.of(new Action.Ct(true, DatapathCompiler.zone(network), null), new Action.GotoTable(OUTPUT)),
                cookie));
    }
}
