package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ExtContractsGroup;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import java.util.List;
import java.util.Locale;

/**
 * {@code extContractsGroups}: a tenant's groups of contracts that exist on the APIC, which endpoint groups name in
 * {@code extContractsGrps}; a group named by an endpoint group cannot be deleted. Contiv's field names.
 */
final class ExtContractsGroups extends RecordCollection<ScopedKey, ExtContractsGroup> {
    ExtContractsGroups() {
        super("extContractsGroups", "external contracts group", "contractsGroupName", ExtContractsGroup.class);
    }

    @Override
    public ScopedKey keyOf(ExtContractsGroup g) {
        return g.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "contractsGroupName");
    }

    @Override
    public List<Reference<ExtContractsGroup>> references() {
        return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (ExtContractsGroup g) -> g.key().tenant()));
    }

    @Override
    public ExtContractsGroup fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("contractsGroupName", k.name());
        String type = b.required("contractsType");
        ExtContractsGroup.Type t;
        try {
            t = ExtContractsGroup.Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("contractsType", "contractsType must be \"provided\" or \"consumed\", not '"
                    + type + "'");
        }
        return new ExtContractsGroup(k, t, b.texts("contracts"));
    }

    @Override
    public ObjectNode toJson(ExtContractsGroup g, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", g.key().toString());
        o.put("tenantName", g.key().tenant());
        o.put("contractsGroupName", g.key().name());
        o.put("contractsType", g.contractsType().name().toLowerCase(Locale.ROOT));
        ArrayNode c = o.putArray("contracts");
        g.contracts().forEach(c::add);
        return o;
    }

    @Override
    protected ObjectNode oper(ExtContractsGroup g, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode groups = o.putArray("endpointGroups");
        for (EndpointGroup e : c.snapshot().get(ModelCollections.GROUPS).values()) {
            if (e.key().tenant().equals(g.key().tenant()) && e.extContractsGroups().contains(g.key().name())) {
                groups.add(e.key().name());
            }
        }
        return o;
    }

    @Override
    public List<Column<ExtContractsGroup>> columns() {
        return List.of(new Column<>("Group", (g, c) -> g.key().toString()),
                new Column<>("Type", (g, c) -> g.contractsType().name().toLowerCase(Locale.ROOT)),
                new Column<>("Contracts", (g, c) -> String.join(",", g.contracts())));
    }
}
