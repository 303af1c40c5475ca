package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ViewContext;
import java.util.Comparator;
import java.util.List;

/** {@code policys} (Contiv's spelling): a named set of rules; deleting it deletes its rules. */
final class Policies extends RecordCollection<ScopedKey, Policy> {
    Policies() {
        super("policys", "policy", "policyName", Policy.class);
    }

    @Override
    public ScopedKey keyOf(Policy p) {
        return p.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "policyName");
    }

    @Override
    public List<Reference<Policy>> references() {
        return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (Policy p) -> p.key().tenant()));
    }

    @Override
    public Policy fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("policyName", k.name());
        return new Policy(k);
    }

    @Override
    public ObjectNode toJson(Policy p, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", p.key().toString());
        o.put("tenantName", p.key().tenant());
        o.put("policyName", p.key().name());
        return o;
    }

    /** The groups carrying the policy, their members, and its rules. */
    @Override
    protected ObjectNode oper(Policy p, ViewContext c) {
        ModelSnapshot s = c.snapshot();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode groups = o.putArray("endpointGroups");
        ArrayNode eps = o.putArray("endpoints");
        ModelIndexes.groupsCarrying(s, p.key()).values().stream().sorted(Comparator.comparing(EndpointGroup::key))
                .forEach(g -> {
                    groups.add(g.key().name());
                    ModelIndexes.membersByAddress(s, g.key()).forEach(e -> eps.add(Endpoints.oper(e, s)));
                });
        o.put("numEndpoints", eps.size());
        ArrayNode rules = o.putArray("rules");
        ModelIndexes.rulesInOrder(s, p.key()).forEach(r -> rules.add(Rules.view(r)));
        return o;
    }

    @Override
    public List<Column<Policy>> columns() {
        return List.of(new Column<>("Policy", (p, c) -> p.key().toString()),
                new Column<>("Groups", (p, c) -> ModelIndexes.groupsCarrying(c.snapshot(), p.key()).size()),
                new Column<>("Rules", (p, c) -> ModelIndexes.rulesOf(c.snapshot(), p.key()).size()));
    }
}
