package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.embedded.MvStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Bad input never reaches a 5xx. For every collection, a valid body (as Contiv's netctl would send it) is mutated
 * the ways a new user, a buggy client or an attacker would: a field of the wrong type, null, missing, a huge
 * string, an unknown field, the body truncated, bytes that are not UTF-8, a body that is not an object. Each
 * mutant is answered either with a 4xx JSON error naming the field that is wrong ({@code body} for what is not
 * JSON), leaving the model exactly as it was, or, where the mutant is still valid (an unknown field, an optional
 * field left out), with success.
 */
class RestMutationPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    enum Type {
        STRING, INT, BOOL, STRING_LIST, STRING_MAP
    }

    record Field(String name, Type type, boolean required) {
    }

    /** A collection's valid request: where it goes, its body, and the fields a client can get wrong. */
    record Request(String path, String body, List<Field> fields) {
        ObjectNode json() {
            try {
                return (ObjectNode) JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Field s(String name, boolean required) {
        return new Field(name, Type.STRING, required);
    }

    static final List<Request> VALID = List.of(
            new Request("/api/v1/tenants/t8/", "{\"tenantName\":\"t8\",\"defaultNetwork\":\"n1\",\"link-sets\":{}}",
                    List.of(s("tenantName", false), s("defaultNetwork", false))),
            new Request("/api/v1/networks/t9:n2/", "{\"encap\":\"vxlan\",\"gateway\":\"10.8.0.254\",\"networkName\":\"n2\","
                    + "\"nwType\":\"data\",\"subnet\":\"10.8.0.0/24\",\"tenantName\":\"t9\",\"pktTag\":77,\"link-sets\":{},"
                    + "\"links\":{\"Tenant\":{}}}",
                    List.of(s("tenantName", false), s("networkName", false), s("encap", false), s("subnet", true),
                            s("gateway", false), new Field("pktTag", Type.INT, false), s("nwType", false))),
            new Request("/api/v1/nodes/h2/", "{\"nodeName\":\"h2\",\"tunnelIp\":\"192.168.1.2\",\"datapathId\":\"00000000000000aa\"}",
                    List.of(s("nodeName", false), s("tunnelIp", true), s("datapathId", true))),
            new Request("/api/v1/policys/t9:p2/", "{\"policyName\":\"p2\",\"tenantName\":\"t9\"}",
                    List.of(s("tenantName", false), s("policyName", false))),
            new Request("/api/v1/endpointGroups/t9:app/", "{\"groupName\":\"app\",\"networkName\":\"n1\",\"policies\":[\"p1\"],"
                    + "\"tenantName\":\"t9\",\"defaultDeny\":true,\"extContractsGrps\":[],\"ipPool\":\"\",\"netProfile\":\"\"}",
                    List.of(s("tenantName", false), s("groupName", false), s("networkName", true),
                            new Field("policies", Type.STRING_LIST, false), new Field("defaultDeny", Type.BOOL, false),
                            new Field("extContractsGrps", Type.STRING_LIST, false), s("ipPool", false),
                            s("netProfile", false))),
            new Request("/api/v1/rules/t9:p1:9/", "{\"action\":\"allow\",\"direction\":\"in\",\"fromEndpointGroup\":\"db\","
                    + "\"policyName\":\"p1\",\"port\":80,\"priority\":5,\"protocol\":\"tcp\",\"ruleId\":\"9\",\"tenantName\":\"t9\"}",
                    List.of(s("tenantName", false), s("policyName", false), s("ruleId", false), s("direction", true),
                            new Field("priority", Type.INT, false), s("fromEndpointGroup", false), s("protocol", false),
                            new Field("port", Type.INT, false), s("action", false))),
            new Request("/api/v1/appProfiles/t9:app1/", "{\"appProfileName\":\"app1\",\"tenantName\":\"t9\","
                    + "\"endpointGroups\":[\"web\",\"db\"]}",
                    List.of(s("tenantName", false), s("appProfileName", false),
                            new Field("endpointGroups", Type.STRING_LIST, false))),
            new Request("/api/v1/endpoints/c1-eth0/", "{\"endpointID\":\"c1-eth0\",\"tenantName\":\"t9\",\"networkName\":\"n1\","
                    + "\"endpointGroup\":\"web\",\"homingHost\":\"h1\",\"intfName\":\"tnc1\",\"containerID\":\"c1\","
                    + "\"attributes\":{\"K8S_POD_NAME\":\"p\"},\"ipAddress\":\"10.9.0.5\",\"labels\":{\"app\":\"web\"}}",
                    List.of(s("endpointID", false), s("tenantName", true), s("networkName", true), s("endpointGroup", false),
                            s("homingHost", true), s("intfName", true), s("containerID", false),
                            new Field("attributes", Type.STRING_MAP, false), s("ipAddress", false),
                            new Field("labels", Type.STRING_MAP, false))),
            new Request("/api/v1/extContractsGroups/t9:ext1/", "{\"contractsGroupName\":\"ext1\","
                    + "\"contractsType\":\"provided\",\"contracts\":[\"uni/tn-common/brc-default\"],\"tenantName\":\"t9\"}",
                    List.of(s("tenantName", false), s("contractsGroupName", false), s("contractsType", true),
                            new Field("contracts", Type.STRING_LIST, true))),
            new Request("/api/v1/aciGws/aciGw/", "{\"key\":\"aciGw\",\"name\":\"aciGw\",\"enforcePolicies\":\"yes\","
                    + "\"includeCommonTenant\":\"no\",\"nodeBindings\":\"topology/pod-1/node-101\",\"pathBindings\":"
                    + "\"topology/pod-1/paths-101/pathep-[eth1/14]\",\"physicalDomain\":\"phys\"}",
                    List.of(s("name", false), s("enforcePolicies", false), s("includeCommonTenant", false),
                            s("nodeBindings", false), s("pathBindings", false), s("physicalDomain", false))),
            new Request("/api/v1/serviceLBs/t9:svc1/", "{\"ipAddress\":\"\",\"key\":\"t9:svc1\",\"networkName\":\"n1\","
                    + "\"ports\":[\"80:8080:TCP\"],\"selectors\":[\"app=web\"],\"serviceName\":\"svc1\","
                    + "\"tenantName\":\"t9\",\"sessionAffinity\":\"clientIP\",\"affinityTimeout\":60}",
                    List.of(s("tenantName", false), s("serviceName", false), s("networkName", true), s("ipAddress", false),
                            new Field("ports", Type.STRING_LIST, true), new Field("selectors", Type.STRING_LIST, true),
                            s("sessionAffinity", false), new Field("affinityTimeout", Type.INT, false))));

    /** A model with what the valid bodies refer to: tenant t9, network n1, policy p1, groups web and db, node h1. */
    private static RestApi fixture(ModelManager model) {
        RestApi api = new RestApi(model, null);
        for (String[] r : new String[][] {
            {"/api/v1/tenants/t9/", "{\"tenantName\":\"t9\"}"},
            {"/api/v1/networks/t9:n1/", "{\"subnet\":\"10.9.0.0/24\",\"gateway\":\"10.9.0.254\"}"},
            {"/api/v1/policys/t9:p1/", "{}"},
            {"/api/v1/endpointGroups/t9:web/", "{\"networkName\":\"n1\",\"policies\":[\"p1\"]}"},
            {"/api/v1/endpointGroups/t9:db/", "{\"networkName\":\"n1\"}"},
            {"/api/v1/nodes/h1/", "{\"tunnelIp\":\"192.168.1.1\",\"datapathId\":\"11\"}"}}) {
            ApiResponse a = api.handle("POST", r[0], r[1].getBytes(StandardCharsets.UTF_8));
            assertTrue(a.status() / 100 == 2, r[0] + ": " + a.body());
        }
        return api;
    }

    enum Kind {
        WRONG_TYPE, NULL, MISSING, HUGE, UNKNOWN_FIELD, TRUNCATED, NOT_UTF8, NOT_AN_OBJECT
    }

    /** One mutation: of which request, what kind, on which field (an index into its fields), with which variant. */
    record Mutation(int request, Kind kind, int field, int variant) {
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, VALID.size() - 1), Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 1000)).as(Mutation::new);
    }

    private static JsonNode wrongType(Type t, int variant) {
        List<JsonNode> options = switch (t) {
            case STRING -> List.of(F.numberNode(7), F.arrayNode().add("x"), F.objectNode().put("a", 1), F.booleanNode(true));
            case INT -> List.of(F.textNode("eighty"), F.arrayNode().add(1), F.objectNode(), F.booleanNode(true),
                    F.numberNode(1.5), F.numberNode(new java.math.BigInteger("99999999999999999999")));
            case BOOL -> List.of(F.textNode("yes"), F.numberNode(1), F.arrayNode());
            case STRING_LIST -> List.of(F.textNode("web"), F.arrayNode().add(1), F.objectNode().put("a", "b"));
            case STRING_MAP -> List.of(F.textNode("x"), F.arrayNode().add("a"), F.objectNode().put("k", 5));
        };
        return options.get(variant % options.size());
    }

    private static JsonNode huge(Type t) {
        String big = "a".repeat(100_000);
        return switch (t) {
            case STRING -> F.textNode(big);
            case INT -> F.numberNode(new java.math.BigDecimal("1e400"));
            case BOOL -> F.textNode(big);
            case STRING_LIST -> F.arrayNode().add(big);
            case STRING_MAP -> F.objectNode().put("k", big);
        };
    }

    /** The mutant's bytes, and the field a refusal must name (null: it may be accepted). */
    record Mutant(byte[] body, String field, boolean mayBeAccepted) {
    }

    private static Mutant mutate(Request r, Mutation m) {
        Field f = r.fields().get(m.field() % r.fields().size());
        ObjectNode json = r.json();
        switch (m.kind()) {
            case WRONG_TYPE -> {
                json.set(f.name(), wrongType(f.type(), m.variant()));
                return new Mutant(bytes(json), f.name(), false);
            }
            case NULL -> {
                // An optional field left out may still be refused for what its absence implies (a port without a
                // protocol): then with whatever field that names.
                json.putNull(f.name());
                return new Mutant(bytes(json), f.required() ? f.name() : null, !f.required());
            }
            case MISSING -> {
                json.remove(f.name());
                return new Mutant(bytes(json), f.required() ? f.name() : null, !f.required());
            }
            case HUGE -> {
                json.set(f.name(), huge(f.type()));
                return new Mutant(bytes(json), f.name(), false);
            }
            case UNKNOWN_FIELD -> {
                json.put("unknownField" + m.variant(), m.variant());
                return new Mutant(bytes(json), null, true);
            }
            case TRUNCATED -> {
                byte[] all = bytes(json);
                return new Mutant(Arrays.copyOf(all, m.variant() % all.length), "body", false);
            }
            case NOT_UTF8 -> {
                byte[] all = bytes(json);
                int at = all.length / 2 + m.variant() % (all.length / 2);
                byte[] out = new byte[all.length + 2];
                System.arraycopy(all, 0, out, 0, at);
                out[at] = (byte) 0xff;
                out[at + 1] = (byte) 0xfe;
                System.arraycopy(all, at, out, at + 2, all.length - at);
                return new Mutant(out, "body", false);
            }
            default -> {
                List<String> bodies = List.of("null", "[]", "42", "\"x\"", "{", "", "{} {}", "{\"a\":1,\"a\":2}");
                return new Mutant(bodies.get(m.variant() % bodies.size()).getBytes(StandardCharsets.UTF_8), "body", false);
            }
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 1500)
    void everyMutantIsRefusedNamingItsFieldOrAcceptedAndNeverFailsInside(@ForAll("mutations") Mutation m) {
        Request r = VALID.get(m.request());
        Mutant mutant = mutate(r, m);
        try (MvStore store = MvStore.inMemory(); ModelManager model = new ModelManager(store)) {
            RestApi api = fixture(model);
            ModelSnapshot before = model.snapshot();
            ApiResponse a = api.handle("POST", r.path(), mutant.body());
            String what = m + " on " + r.path() + " gave " + a.status() + " " + a.body();
            assertTrue(a.status() < 500, what);
            if (a.status() / 100 == 2) {
                assertTrue(mutant.mayBeAccepted(), "accepted a mutant that is invalid: " + what);
                return;
            }
            assertTrue(a.status() >= 400, what);
            if (mutant.field() != null) {
                assertEquals(mutant.field(), a.body().path("field").asText(), what);
            } else {
                assertTrue(!a.body().path("field").asText().isEmpty(), "a refusal names a field: " + what);
            }
            assertTrue(a.body().path("error").asText().length() > 10, "a message that says what is wrong: " + what);
            assertEquals(before, model.snapshot(), "a refused request changed the model: " + what);
        }
    }

    @Test
    void everyValidBodyIsAcceptedAsItIs() {
        try (MvStore store = MvStore.inMemory(); ModelManager model = new ModelManager(store)) {
            RestApi api = fixture(model);
            for (Request r : VALID) {
                ApiResponse a = api.handle("POST", r.path(), r.body().getBytes(StandardCharsets.UTF_8));
                assertTrue(a.status() / 100 == 2, r.path() + ": " + a.body());
            }
        }
    }

    @Test
    void aKeyThatIsNotProperlyEscapedIsRefusedNamingThePath() {
        try (MvStore store = MvStore.inMemory(); ModelManager model = new ModelManager(store)) {
            ApiResponse a = fixture(model).handle("GET", "/api/v1/tenants/%zz/", new byte[0]);
            assertEquals(400, a.status(), a.body().toString());
            assertEquals("path", a.body().path("field").asText());
        }
    }
}
