package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import java.util.List;

/** {@code appProfiles}: a named set of a tenant's endpoint groups (an application's tiers). */
final class AppProfiles extends RecordCollection<ScopedKey, AppProfile> {
    AppProfiles() {
        super("appProfiles", "application profile", "appProfileName", AppProfile.class);
    }

    @Override
    public ScopedKey keyOf(AppProfile a) {
        return a.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "appProfileName");
    }

    @Override
    public List<Reference<AppProfile>> references() {
        return List.of(
                Reference.to(ModelCollections.TENANTS, "tenantName", (AppProfile a) -> a.key().tenant()),
                Reference.toAll(ModelCollections.GROUPS, "endpointGroups", (AppProfile a) -> a.groups().stream()
                        .map(g -> (Object) new ScopedKey(a.key().tenant(), g)).toList()));
    }

    @Override
    public AppProfile fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("appProfileName", k.name());
        return new AppProfile(k, b.stringList("endpointGroups"));
    }

    @Override
    public ObjectNode toJson(AppProfile a, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", a.key().toString());
        o.put("tenantName", a.key().tenant());
        o.put("appProfileName", a.key().name());
        ArrayNode g = o.putArray("endpointGroups");
        a.groups().forEach(g::add);
        return o;
    }

    @Override
    public List<Column<AppProfile>> columns() {
        return List.of(new Column<>("Application profile", (a, c) -> a.key().toString()),
                new Column<>("Groups", (a, c) -> String.join(",", a.groups())));
    }
}
