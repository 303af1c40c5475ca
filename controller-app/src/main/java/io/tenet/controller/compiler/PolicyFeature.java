package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.POLICIES;
import static io.tenet.controller.collections.ModelCollections.RULES;

import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Group-based policy (docs/policy.md): per endpoint group one part with its default deny and its rules' flows,
 * the same on every switch with members of the group, so shared by all of them. A change reconsiders the groups
 * it touches: the group itself, the groups carrying the policies of its rules, and, when networks change, the
 * groups whose rules name a network as peer. Per switch: the fixed flows of the policy tables and the parts of
 * the groups with plugged-in members.
 */
final class PolicyFeature implements DatapathFeature<PolicyFeature.Shared> {
    static final String NAME = "policy";
    private static final PartKey BASE = new PartKey(NAME, "base");

    /** What a group's policy flows are built from: the group, the rules of its policies, each rule's peer id. */
    record PolicyInputs(EndpointGroup group, List<Rule> rules, List<Long> peers) {
    }

    /** Every group's part, by group. */
    static final class Shared {
        final PersistentMap<ScopedKey, Part> groups;

        Shared(PersistentMap<ScopedKey, Part> groups) {
            this.groups = groups;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(PipelineTable.CONNTRACK_STATE, PipelineTable.EGRESS_POLICY, PipelineTable.INGRESS_POLICY);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        ModelSnapshot s = change.next();
        Set<ScopedKey> dirty;
        if (previous == null || change.isInitial()) {
            dirty = new HashSet<>(s.get(GROUPS).keySet());
            dirty.addAll(change.previous().get(GROUPS).keySet());
        } else {
            dirty = touched(change);
        }
        if (previous == null) {
            // A rule's flow per group carrying its policy, and a default deny per group: about as many as both.
            cookies.expect(Cookie.Category.POLICY, s.get(RULES).size() + s.get(GROUPS).size());
        }
        PersistentMap.Builder<ScopedKey, Part> b = (previous == null ? PersistentMap.<ScopedKey, Part>empty()
                : previous.groups).toBuilder();
        for (ScopedKey k : dirty) {
            EndpointGroup g = s.get(GROUPS).get(k);
            if (g == null) {
                b.remove(k);
                continue;
            }
            PolicyInputs in = inputs(s, g);
            b.put(k, Part.reuse(previous == null ? null : previous.groups.get(k), new PartKey(NAME, k), in,
                    i -> Part.Contents.flows(PolicyFlows.group(i, cookies))));
        }
        return new Shared(b.build());
    }

    /** The groups whose policy flows a change may touch. */
    private static Set<ScopedKey> touched(ModelChange change) {
        Set<ScopedKey> out = new HashSet<>(change.changed(GROUPS));
        Set<ScopedKey> policies = new HashSet<>(change.changed(POLICIES));
        Set<NetworkKey> networks = change.changed(NETWORKS);
        for (ModelSnapshot side : List.of(change.previous(), change.next())) {
            for (Rule.RuleKey k : change.changed(RULES)) {
                Rule r = side.get(RULES).get(k);
                if (r != null) {
                    policies.add(r.key().policyKey());
                }
            }
            if (!networks.isEmpty()) {
                // A network peer's id is its datapath id, which changes with the network.
                for (Rule r : side.get(RULES).values()) {
                    if (!r.peerNetwork().isEmpty() && networks.contains(new NetworkKey(r.key().tenant(), r.peerNetwork()))) {
                        policies.add(r.key().policyKey());
                    }
                }
            }
            for (ScopedKey p : policies) {
                out.addAll(ModelIndexes.groupsCarrying(side, p).keySet());
            }
        }
        return out;
    }

    private static PolicyInputs inputs(ModelSnapshot s, EndpointGroup g) {
        List<Rule> rules = new ArrayList<>();
        List<Long> peers = new ArrayList<>();
        for (String p : g.policies()) {
            for (Rule r : ModelIndexes.rulesInOrder(s, new ScopedKey(g.key().tenant(), p))) {
                rules.add(r);
                peers.add(peer(s, g, r));
            }
        }
        return new PolicyInputs(g, List.copyOf(rules), List.copyOf(peers));
    }

    /** The id a rule's peer stands for in the datapath: a group id, a network id, 0 for none, -1 if it is missing. */
    private static long peer(ModelSnapshot s, EndpointGroup g, Rule r) {
        if (!r.peerGroup().isEmpty()) {
            EndpointGroup peer = s.get(GROUPS).get(new ScopedKey(g.key().tenant(), r.peerGroup()));
            return peer == null ? -1 : peer.id();
        }
        if (!r.peerNetwork().isEmpty()) {
            Network peer = s.get(NETWORKS).get(new NetworkKey(g.key().tenant(), r.peerNetwork()));
            return peer == null ? -1 : peer.datapathId();
        }
        return 0;
    }

    /** Which of the ports that leave the host the switch has: what the base part is built from. */
    private record BaseInputs(boolean tunnel, boolean uplink, boolean host) {
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        BaseInputs ports = new BaseInputs(ctx.tunnelPort().isPresent(), ctx.uplinkPort().isPresent(),
                ctx.view().dnsPort().isPresent());
        out.add(Part.reuse(ctx.previous(BASE), BASE, ports,
                in -> Part.Contents.flows(PolicyFlows.base(in.tunnel(), in.uplink(), in.host()))));
        Set<ScopedKey> local = new TreeSet<>();
        for (SwitchContext.LocalEndpoint l : ctx.localEndpoints()) {
            if (!l.endpoint().group().isEmpty()) {
                local.add(new ScopedKey(l.endpoint().network().tenant(), l.endpoint().group()));
            }
        }
        for (ScopedKey g : local) {
            Part p = shared.groups.get(g);
            if (p != null) {
                out.add(p);
            }
        }
    }
}
