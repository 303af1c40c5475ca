package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetProfile;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ViewContext;
import java.util.List;

/**
 * {@code netprofiles}: a tenant's rate limit and DSCP marking for the members of the endpoint groups that name it
 * in {@code netProfile}. A change applies to live members at once; a profile named by a group cannot be deleted.
 */
final class NetProfiles extends RecordCollection<ScopedKey, NetProfile> {
    NetProfiles() {
        super("netprofiles", "network profile", "profileName", NetProfile.class);
    }

    @Override
    public ScopedKey keyOf(NetProfile p) {
        return p.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "profileName");
    }

    @Override
    public List<Reference<NetProfile>> references() {
        return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (NetProfile p) -> p.key().tenant()));
    }

    @Override
    public NetProfile fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("profileName", k.name());
        return NetProfile.of(k, b.text("bandwidth"), b.integer("burst", 0), b.integer("DSCP", 0));
    }

    @Override
    public ObjectNode toJson(NetProfile p, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", p.key().toString());
        o.put("tenantName", p.key().tenant());
        o.put("profileName", p.key().name());
        o.put("bandwidth", p.bandwidth());
        o.put("burst", p.burstKb());
        o.put("DSCP", p.dscp());
        return o;
    }

    @Override
    protected ObjectNode oper(NetProfile p, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("bandwidthKbps", p.bandwidthKbps());
        var groups = o.putArray("endpointGroups");
        int members = 0;
        for (EndpointGroup g : c.snapshot().get(ModelCollections.GROUPS).values()) {
            if (g.key().tenant().equals(p.key().tenant()) && g.netProfile().equals(p.key().name())) {
                groups.add(g.key().name());
                members += ModelIndexes.membersOf(c.snapshot(), g.key()).size();
            }
        }
        o.put("numEndpoints", members);
        return o;
    }

    @Override
    public List<Column<NetProfile>> columns() {
        return List.of(new Column<>("Profile", (p, c) -> p.key().toString()),
                new Column<>("Bandwidth", (p, c) -> p.bandwidth().isEmpty() ? "-" : p.bandwidth()),
                new Column<>("Burst KB", (p, c) -> p.burstKb()),
                new Column<>("DSCP", (p, c) -> p.dscp()));
    }
}
