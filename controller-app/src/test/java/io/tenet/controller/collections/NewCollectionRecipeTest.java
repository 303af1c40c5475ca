package io.tenet.controller.collections;

import static io.tenet.controller.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelIndex;
import io.tenet.controller.api.ModelSchema;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Subscription;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.rest.ApiResponse;
import io.tenet.controller.rest.RestApi;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The recipe "add a collection" of docs/architecture.md, proved: a collection defined only in this test (its
 * record and its descriptor, nothing else) joins the schema and then works through REST (create, list, get,
 * inspect, validation errors naming the field, the known-collections message), through the store (it survives a
 * restart of the model), through the generic references (its tenant cannot be deleted under it) and through a
 * subscriber (its changes are delivered), with no edit to any other class.
 */
class NewCollectionRecipeTest {
    /** The record: a tenant's traffic profile, as Contiv's netprofiles has it. */
    record TrafficProfile(ScopedKey key, String bandwidth, int dscp) {
        TrafficProfile {
            if (dscp < 0 || dscp > 63) {
                throw new ValidationException("DSCP", "DSCP must be 0-63, not " + dscp);
            }
            bandwidth = bandwidth == null ? "" : bandwidth;
        }
    }

    /** The descriptor: everything Tenet needs to know about the collection. */
    static final class TrafficProfiles extends RecordCollection<ScopedKey, TrafficProfile> {
        TrafficProfiles() {
            super("trafficProfiles", "traffic profile", "profileName", TrafficProfile.class);
        }

        @Override
        public ScopedKey keyOf(TrafficProfile p) {
            return p.key();
        }

        @Override
        public ScopedKey parseKey(String text) {
            return ScopedKey.parse(text, "profileName");
        }

        @Override
        public List<Reference<TrafficProfile>> references() {
            return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (TrafficProfile p) -> p.key().tenant()));
        }

        @Override
        public TrafficProfile admit(TrafficProfile request, TrafficProfile existing, ModelSnapshot current) {
            if (!request.bandwidth().isEmpty() && !request.bandwidth().matches("\\d{1,6}[kmg]bps")) {
                throw new ValidationException("bandwidth", "bandwidth is a rate such as 10mbps, not '"
                        + request.bandwidth() + "'");
            }
            return request;
        }

        @Override
        public TrafficProfile fromJson(ScopedKey key, JsonBody b) {
            b.matchesKey("tenantName", key.tenant());
            b.matchesKey("profileName", key.name());
            return new TrafficProfile(key, b.text("bandwidth"), b.integer("DSCP", 0));
        }

        @Override
        public ObjectNode toJson(TrafficProfile p, ModelSnapshot s) {
            return JsonNodeFactory.instance.objectNode().put("key", p.key().toString())
                    .put("tenantName", p.key().tenant()).put("profileName", p.key().name())
                    .put("bandwidth", p.bandwidth()).put("DSCP", p.dscp());
        }

        @Override
        protected ObjectNode oper(TrafficProfile p, ViewContext c) {
            return JsonNodeFactory.instance.objectNode().put("sameDscp",
                    c.snapshot().index(BY_DSCP).getOrDefault(p.dscp(), PersistentMap.empty()).size());
        }
    }

    static final TrafficProfiles PROFILES = new TrafficProfiles();
    /** An index of the collection's own, maintained record by record as every index is. */
    static final ModelIndex<PersistentMap<Integer, PersistentMap<ScopedKey, TrafficProfile>>> BY_DSCP =
            ModelIndexes.grouping("profiles by DSCP", PROFILES, p -> List.of(p.dscp()), TrafficProfile::key);
    static final ModelSchema SCHEMA = BuiltInSchema.SCHEMA.with(PROFILES, BY_DSCP);

    private static ApiResponse send(RestApi api, String method, String path, String body) {
        return api.handle(method, path, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCollectionDefinedHereWorksThroughRestTheStoreAndASubscriber() throws Exception {
        try (MvStore store = MvStore.inMemory()) {
            List<ModelChange> seen = new CopyOnWriteArrayList<>();
            try (ModelManager model = new ModelManager(store, SCHEMA);
                    Subscription s = model.subscribe("recipe", seen::add)) {
                RestApi api = new RestApi(model, null);
                assertEquals(200, send(api, "POST", "/api/v1/tenants/t9/", "{}").status());
                ApiResponse created = send(api, "POST", "/api/v1/trafficProfiles/t9:gold/",
                        "{\"tenantName\":\"t9\",\"profileName\":\"gold\",\"bandwidth\":\"10mbps\",\"DSCP\":46,"
                                + "\"link-sets\":{}}");
                assertEquals(200, created.status(), created.body().toString());
                assertEquals("t9:gold", created.body().path("key").asText());
                JsonNode list = send(api, "GET", "/api/v1/trafficProfiles/", null).body();
                assertEquals(1, list.size());
                assertEquals(46, list.get(0).path("DSCP").asInt());
                JsonNode inspect = send(api, "GET", "/api/v1/inspect/trafficProfiles/t9:gold/", null).body();
                assertEquals("10mbps", inspect.path("Config").path("bandwidth").asText());
                assertEquals(1, inspect.path("Oper").path("sameDscp").asInt(), "its own index, kept up to date");

                ApiResponse badDscp = send(api, "POST", "/api/v1/trafficProfiles/t9:x/", "{\"DSCP\":64}");
                assertEquals(400, badDscp.status());
                assertEquals("DSCP", badDscp.body().path("field").asText());
                ApiResponse badRate = send(api, "POST", "/api/v1/trafficProfiles/t9:x/", "{\"bandwidth\":\"fast\"}");
                assertEquals("bandwidth", badRate.body().path("field").asText());
                ApiResponse noTenant = send(api, "POST", "/api/v1/trafficProfiles/t7:x/", "{}");
                assertEquals(400, noTenant.status());
                assertEquals("tenantName", noTenant.body().path("field").asText(), "the declared reference is checked");
                ApiResponse tenantInUse = send(api, "DELETE", "/api/v1/tenants/t9/", null);
                assertEquals(409, tenantInUse.status(), "the reference restricts deleting its target");
                assertTrue(tenantInUse.body().path("error").asText().contains("traffic profile t9:gold"),
                        tenantInUse.body().toString());
                assertTrue(send(api, "GET", "/api/v1/nosuch/", null).body().path("error").asText()
                        .contains("trafficProfiles"), "the known collections include it");

                await("the subscriber to see the profile", () -> seen.stream()
                        .anyMatch(c -> c.changed(PROFILES).contains(new ScopedKey("t9", "gold"))));
                ModelChange change = seen.stream().filter(c -> c.touches(PROFILES)).findFirst().orElseThrow();
                assertEquals(Set.of(new ScopedKey("t9", "gold")), change.changed(PROFILES));
            }
            assertTrue(store.read().collection("trafficProfiles").containsKey("t9:gold"), "stored under its key");
            try (ModelManager again = new ModelManager(store, SCHEMA)) {
                assertEquals(new TrafficProfile(new ScopedKey("t9", "gold"), "10mbps", 46),
                        again.snapshot().get(PROFILES).get(new ScopedKey("t9", "gold")), "loaded back from the store");
                assertEquals(1, again.snapshot().index(BY_DSCP).get(46).size());
                assertTrue(again.delete(PROFILES, new ScopedKey("t9", "gold")));
                assertTrue(again.delete(ModelCollections.TENANTS, "t9"), "nothing names the tenant any more");
            }
        }
    }
}
