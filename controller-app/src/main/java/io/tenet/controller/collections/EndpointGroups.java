package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.TagRanges;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import java.util.List;

/**
 * {@code endpointGroups}: a micro-service tier of one network, with the policies attached to it. Its id, the
 * identity the datapath carries for its members, is allocated on creation and kept on every update; its network
 * cannot change while it has members.
 */
final class EndpointGroups extends RecordCollection<ScopedKey, EndpointGroup> {
    EndpointGroups() {
        super("endpointGroups", "endpoint group", "groupName", EndpointGroup.class);
    }

    @Override
    public ScopedKey keyOf(EndpointGroup g) {
        return g.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "groupName");
    }

    @Override
    public List<Reference<EndpointGroup>> references() {
        return List.of(
                Reference.to(ModelCollections.TENANTS, "tenantName", (EndpointGroup g) -> g.key().tenant()),
                Reference.to(ModelCollections.NETWORKS, "networkName", EndpointGroup::networkKey),
                Reference.toAll(ModelCollections.POLICIES, "policies", (EndpointGroup g) -> g.policies().stream()
                        .map(p -> (Object) new ScopedKey(g.key().tenant(), p)).toList()),
                Reference.to(ModelCollections.NETPROFILES, "netProfile", (EndpointGroup g) -> g.netProfile().isEmpty()
                        ? null : new ScopedKey(g.key().tenant(), g.netProfile())),
                Reference.toAll(ModelCollections.EXT_CONTRACTS_GROUPS, "extContractsGrps", (EndpointGroup g) -> g
                        .extContractsGroups().stream().map(n -> (Object) new ScopedKey(g.key().tenant(), n)).toList()));
    }

    @Override
    public EndpointGroup admit(EndpointGroup group, EndpointGroup existing, ModelSnapshot s) {
        ScopedKey key = group.key();
        if (existing != null && !existing.network().equals(group.network())
                && !ModelIndexes.membersOf(s, key).isEmpty()) {
            throw new ValidationException(Kind.CONFLICT, "networkName", "endpoint group " + key
                    + " has endpoints; its network cannot change");
        }
        int id = existing != null ? existing.id() : s.index(ModelIndexes.GROUP_IDS).lowestFree();
        if (id < 0) {
            throw new ValidationException(Kind.CONFLICT, "groupName", "no endpoint group id left");
        }
        return group.withId(id).withVlan(vlan(group, existing, s));
    }

    /**
     * In ACI mode, a group of a VLAN network has a VLAN of its own: the one it had on that network, else the
     * lowest of the global pool that no network and no other group holds.
     */
    private static int vlan(EndpointGroup group, EndpointGroup existing, ModelSnapshot s) {
        Network n = s.get(ModelCollections.NETWORKS).get(group.networkKey());
        if (!Globals.aciMode(s) || n == null || n.spec().encap() != Encap.VLAN) {
            return 0;
        }
        if (existing != null && existing.vlan() != 0 && existing.network().equals(group.network())) {
            return existing.vlan();
        }
        TagRanges pool = ModelIndexes.globals(s).vlans();
        int vlan = PacketTags.lowestFree(s, Encap.VLAN, pool);
        if (vlan < 0) {
            throw new ValidationException(Kind.CONFLICT, "groupName", "no VLAN left in the vlans range " + pool
                    + " for the group (ACI mode gives each group of a VLAN network its own)");
        }
        return vlan;
    }

    @Override
    public EndpointGroup fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("groupName", k.name());
        return new EndpointGroup(k, b.required("networkName"), b.stringList("policies"), b.text("ipPool"),
                b.text("netProfile"), b.stringList("extContractsGrps"), b.bool("defaultDeny"), 0);
    }

    @Override
    public ObjectNode toJson(EndpointGroup g, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", g.key().toString());
        o.put("tenantName", g.key().tenant());
        o.put("groupName", g.key().name());
        o.put("networkName", g.network());
        ArrayNode p = o.putArray("policies");
        g.policies().forEach(p::add);
        o.put("ipPool", g.ipPool());
        o.put("netProfile", g.netProfile());
        ArrayNode e = o.putArray("extContractsGrps");
        g.extContractsGroups().forEach(e::add);
        o.put("defaultDeny", g.defaultDeny());
        return o;
    }

    /** Members and the rules in force, as inspect shows them. */
    @Override
    protected ObjectNode oper(EndpointGroup g, ViewContext c) {
        ModelSnapshot s = c.snapshot();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("groupTag", g.id());
        o.put("pktTag", g.vlan());
        ArrayNode eps = o.putArray("endpoints");
        ModelIndexes.membersByAddress(s, g.key()).forEach(e -> eps.add(Endpoints.oper(e, s)));
        o.put("numEndpoints", eps.size());
        ArrayNode rules = o.putArray("rules");
        for (String p : g.policies()) {
            ModelIndexes.rulesInOrder(s, new ScopedKey(g.key().tenant(), p)).forEach(r -> rules.add(Rules.view(r)));
        }
        return o;
    }

    @Override
    public List<Column<EndpointGroup>> columns() {
        return List.of(new Column<>("Group", (g, c) -> g.key().toString()),
                new Column<>("Network", (g, c) -> g.network()),
                new Column<>("Policies", (g, c) -> String.join(",", g.policies())),
                new Column<>("Default deny", (g, c) -> g.defaultDeny()),
                new Column<>("Members", (g, c) -> ModelIndexes.membersOf(c.snapshot(), g.key()).size()),
                new Column<>("Id", (g, c) -> g.id()));
    }
}
