package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import java.util.List;

/** {@code tenants}: the unit of isolation; its networks may overlap other tenants' address space. */
final class Tenants extends RecordCollection<String, Tenant> {
    Tenants() {
        super("tenants", "tenant", "tenantName", Tenant.class);
    }

    @Override
    public String keyOf(Tenant t) {
        return t.name();
    }

    @Override
    public String parseKey(String text) {
        return Names.check("tenantName", text);
    }

    @Override
    public Tenant admit(Tenant t, Tenant existing, ModelSnapshot s) {
        int vrf = existing != null && existing.vrf() != 0 ? existing.vrf() : s.index(ModelIndexes.TENANT_VRFS).lowestFree();
        if (vrf < 0) {
            throw new ValidationException(Kind.CONFLICT, "tenantName", "no tenant VRF left (at most "
                    + Tenant.MAX_VRF + " tenants)");
        }
        Tenant admitted = t.withVrf(vrf);
        return admitted.equals(existing) ? existing : admitted;
    }

    @Override
    public Tenant fromJson(String key, JsonBody b) {
        b.matchesKey("tenantName", key);
        return new Tenant(key, b.text("defaultNetwork"));
    }

    @Override
    public ObjectNode toJson(Tenant t, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", t.name());
        o.put("tenantName", t.name());
        o.put("defaultNetwork", t.defaultNetwork());
        return o;
    }

    @Override
    protected ObjectNode oper(Tenant t, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("numNet", ModelIndexes.networksOf(c.snapshot(), t.name()).size());
        o.put("numEndpoints", endpoints(t, c.snapshot()));
        o.put("vrf", t.vrf());
        return o;
    }

    private static int endpoints(Tenant t, ModelSnapshot s) {
        int n = 0;
        for (Network net : ModelIndexes.networksOf(s, t.name()).values()) {
            n += ModelIndexes.endpointsOf(s, net.key()).size();
        }
        return n;
    }

    @Override
    public List<Column<Tenant>> columns() {
        return List.of(new Column<>("Tenant", (t, c) -> t.name()),
                new Column<>("Networks", (t, c) -> ModelIndexes.networksOf(c.snapshot(), t.name()).size()),
                new Column<>("Endpoints", (t, c) -> endpoints(t, c.snapshot())));
    }
}
