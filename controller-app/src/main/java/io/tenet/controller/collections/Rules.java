package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference.OnDelete;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ValidationException;
import java.util.List;

/**
 * {@code rules}: one rule of a policy, as Contiv has it (see docs/policy.md). An {@code in} rule names its peer
 * with from-fields only, an {@code out} rule with to-fields only. The groups and networks it names must exist; a
 * rule goes with its policy, and a network it names may be deleted (the rule then matches nothing).
 */
final class Rules extends RecordCollection<Rule.RuleKey, Rule> {
    Rules() {
        super("rules", "rule", "ruleId", Rule.class);
    }

    @Override
    public Rule.RuleKey keyOf(Rule r) {
        return r.key();
    }

    @Override
    public Rule.RuleKey parseKey(String text) {
        return Rule.RuleKey.parse(text);
    }

    private static String peerField(Rule r, String kind) {
        return (r.direction() == Rule.Direction.IN ? "from" : "to") + kind;
    }

    @Override
    public List<Reference<Rule>> references() {
        return List.of(
                Reference.to(ModelCollections.TENANTS, "tenantName", (Rule r) -> r.key().tenant()),
                Reference.to(ModelCollections.POLICIES, "policyName", (Rule r) -> r.key().policyKey())
                        .onDelete(OnDelete.CASCADE),
                Reference.to(ModelCollections.GROUPS, "", (Rule r) -> r.peerGroup().isEmpty() ? null
                        : new ScopedKey(r.key().tenant(), r.peerGroup())).field(r -> peerField(r, "EndpointGroup")),
                Reference.to(ModelCollections.NETWORKS, "", (Rule r) -> r.peerNetwork().isEmpty() ? null
                        : new NetworkKey(r.key().tenant(), r.peerNetwork())).field(r -> peerField(r, "Network"))
                        .onDelete(OnDelete.KEEP));
    }

    /** A rule from its body: in rules take from-fields only, out rules to-fields only. */
    @Override
    public Rule fromJson(Rule.RuleKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("policyName", k.policy());
        b.matchesKey("ruleId", k.ruleId());
        Rule.Direction dir = Rule.Direction.parse(b.required("direction"));
        String mine = dir == Rule.Direction.IN ? "from" : "to";
        String other = dir == Rule.Direction.IN ? "to" : "from";
        for (String f : List.of("EndpointGroup", "Network", "IpAddress")) {
            String v = b.text(other + f);
            if (v != null && !v.isEmpty()) {
                throw new ValidationException(other + f, other + f + " is not allowed in an '" + dir.wire()
                        + "' rule; use " + mine + f);
            }
        }
        String ip = b.text(mine + "IpAddress");
        Ipv4Prefix peer = null;
        if (ip != null && !ip.isEmpty()) {
            peer = b.parsed(mine + "IpAddress", t -> t.contains("/") ? Ipv4Prefix.parse(t)
                    : new Ipv4Prefix(Ipv4.parse(t), 32), false);
        }
        String group = b.text(mine + "EndpointGroup");
        String network = b.text(mine + "Network");
        if (group != null && !group.isEmpty()) {
            Names.check(mine + "EndpointGroup", group);
        }
        if (network != null && !network.isEmpty()) {
            Names.check(mine + "Network", network);
        }
        String action = b.text("action");
        return new Rule(k, dir, b.integer("priority", 1), group, network, peer, Rule.Protocol.parse(b.text("protocol")),
                b.integer("port", 0), Rule.Verdict.parse(action == null ? "allow" : action));
    }

    /**
     * In ACI mode a rule with an address is refused: the ACI bridge cannot map it (it would need an L3Out's
     * external EPG), and a rule the fabric silently ignored would be worse than none (docs/aci.md).
     */
    @Override
    public Rule admit(Rule r, Rule existing, ModelSnapshot s) {
        if (r.peerAddress() != null && Globals.aciMode(s)) {
            throw new ValidationException(r.direction() == Rule.Direction.IN ? "fromIpAddress" : "toIpAddress",
                    "rules with an address are not supported in ACI mode (globals.networkInfraType aci): the APIC"
                    + " has no mapping for them; name an endpoint group or a network instead");
        }
        return r;
    }

    @Override
    public ObjectNode toJson(Rule r, ModelSnapshot s) {
        return view(r);
    }

    static ObjectNode view(Rule r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", r.key().toString());
        o.put("tenantName", r.key().tenant());
        o.put("policyName", r.key().policy());
        o.put("ruleId", r.key().ruleId());
        o.put("direction", r.direction().wire());
        o.put("priority", r.priority());
        boolean in = r.direction() == Rule.Direction.IN;
        o.put(in ? "fromEndpointGroup" : "toEndpointGroup", r.peerGroup());
        o.put(in ? "fromNetwork" : "toNetwork", r.peerNetwork());
        o.put(in ? "fromIpAddress" : "toIpAddress", r.peerAddress() == null ? "" : r.peerAddress().toString());
        o.put("protocol", r.protocol() == null ? "" : r.protocol().wire());
        o.put("port", r.port());
        o.put("action", r.action().wire());
        return o;
    }

    @Override
    public List<Column<Rule>> columns() {
        return List.of(new Column<>("Rule", (r, c) -> r.key().toString()),
                new Column<>("Direction", (r, c) -> r.direction().wire()),
                new Column<>("Priority", (r, c) -> r.priority()),
                new Column<>("Peer", (r, c) -> !r.peerGroup().isEmpty() ? "group " + r.peerGroup()
                        : !r.peerNetwork().isEmpty() ? "network " + r.peerNetwork()
                        : r.peerAddress() != null ? r.peerAddress().toString() : "any"),
                new Column<>("Protocol", (r, c) -> r.protocol() == null ? "any" : r.protocol().wire()),
                new Column<>("Port", (r, c) -> r.port() == 0 ? "any" : Integer.toString(r.port())),
                new Column<>("Action", (r, c) -> r.action().wire()));
    }
}
