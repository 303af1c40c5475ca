package io.tenet.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, following Contiv netmaster v1: {@code /api/v1/<collection>/} lists, {@code /api/v1/<collection>/<key>/}
 * gets (GET), creates or updates (POST, PUT) and deletes (DELETE) one object, {@code /api/v1/inspect/<collection>/<key>/}
 * returns {@code {"Config", "Oper"}}. Transport-free: a server adapter hands it method, path and body.
 */
public final class RestApi {
    /** The largest request body accepted. */
    public static final int MAX_BODY = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final String PREFIX = "/api/v1/";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ModelAdminService model;
    private final SwitchService switches;
    private final ObjectMapper json = new ObjectMapper();

    public RestApi(ModelAdminService model, SwitchService switches) {
        this.model = model;
        this.switches = switches;
    }

    /**
     * Answers one request whose body is read from {@code body}, at most {@link #MAX_BODY} bytes of it (413
     * beyond): what every transport calls.
     */
    public ApiResponse handle(String method, String path, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            return ApiResponse.error(413, "body", "request body exceeds " + MAX_BODY + " bytes");
        }
        return handle(method, path, bytes);
    }

    public ApiResponse handle(String method, String path, byte[] body) {
        try {
            return route(method, path, body);
        } catch (ValidationException e) {
            return ApiResponse.error(e.kind().status, e.field(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed: {}", method, path, e.toString(), e);
            return ApiResponse.error(500, null, "internal error: " + e.getMessage());
        }
    }

    private ApiResponse route(String method, String path, byte[] body) {
        if (!path.startsWith(PREFIX)) {
            return ApiResponse.error(404, "path", "no such resource: " + path + " (the API lives under /api/v1/)");
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        boolean inspect = parts.length > 0 && parts[0].equals("inspect");
        int base = inspect ? 1 : 0;
        if (parts.length <= base || parts[base].isEmpty()) {
            return ApiResponse.error(404, "path", "no collection named in " + path);
        }
        String collection = parts[base];
        String key = parts.length > base + 1 ? java.net.URLDecoder.decode(parts[base + 1],
                java.nio.charset.StandardCharsets.UTF_8) : null;
        if (parts.length > base + 2) {
            return ApiResponse.error(404, "path", "no such resource: " + path);
        }
        if (inspect) {
            if (!method.equals("GET") || key == null) {
                return ApiResponse.error(405, "method", "inspect takes GET on /api/v1/inspect/<collection>/<key>/");
            }
            return ApiResponse.ok(inspect(collection, key));
        }
        if (key == null) {
            if (!method.equals("GET")) {
                return ApiResponse.error(405, "method", method + " is not allowed on a collection; use "
                        + PREFIX + collection + "/<key>/");
            }
            return ApiResponse.ok(list(collection));
        }
        return switch (method) {
            case "GET" -> ApiResponse.ok(get(collection, key));
            case "POST", "PUT" -> {
                // Endpoints answer 201 when this request created them, so a shim knows what it must undo.
                boolean created = collection.equals("endpoints") && !model.snapshot().endpoints().containsKey(key);
                ObjectNode result = put(collection, key, parse(body));
                yield new ApiResponse(created ? 201 : 200, result);
            }
            case "DELETE" -> delete(collection, key);
            default -> ApiResponse.error(405, "method", "method " + method + " is not allowed");
        };
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ValidationException("body", "request body is empty; send a JSON object");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ValidationException("body", "unreadable request body: " + e.getMessage());
        }
    }

    private static ValidationException unknownCollection(String collection) {
        return new ValidationException(Kind.NOT_FOUND, "path", "no collection named '" + collection
                + "'; known: tenants, networks, endpointGroups, policys, rules, appProfiles, endpoints, nodes, switches");
    }

    private static ValidationException notFound(String what, String key) {
        return new ValidationException(Kind.NOT_FOUND, "key", what + " '" + key + "' does not exist");
    }

    private ArrayNode list(String collection) {
        ModelSnapshot s = model.snapshot();
        ArrayNode out = F.arrayNode();
        switch (collection) {
            case "tenants" -> s.tenants().values().stream().sorted(Comparator.comparing(Tenant::name))
                    .forEach(t -> out.add(Views.tenant(t)));
            case "networks" -> s.networks().values().stream().sorted(Comparator.comparing(Network::key))
                    .forEach(n -> out.add(Views.network(n)));
            case "endpoints" -> s.endpoints().values().stream().sorted(Comparator.comparing(Endpoint::id))
                    .forEach(e -> out.add(Views.endpointOper(e, s)));
            case "nodes" -> s.nodes().values().stream().sorted(Comparator.comparing(Node::name))
                    .forEach(n -> out.add(Views.node(n)));
            case "switches" -> switches.switches().forEach(st -> out.add(Views.switchStatus(st)));
            case "endpointGroups" -> new java.util.TreeMap<>(s.groups()).values().forEach(g -> out.add(Views.group(g)));
            case "policys" -> new java.util.TreeMap<>(s.policies()).values().forEach(p -> out.add(Views.policy(p)));
            case "rules" -> new java.util.TreeMap<>(s.rules()).values().forEach(r -> out.add(Views.rule(r)));
            case "appProfiles" -> new java.util.TreeMap<>(s.appProfiles()).values()
                    .forEach(a -> out.add(Views.appProfile(a)));
            default -> throw unknownCollection(collection);
        }
        return out;
    }

    private ObjectNode get(String collection, String key) {
        ModelSnapshot s = model.snapshot();
        return switch (collection) {
            case "tenants" -> Views.tenant(orNotFound(s.tenants().get(key), "tenant", key));
            case "networks" -> Views.network(orNotFound(s.networks().get(NetworkKey.parse(key)), "network", key));
            case "endpoints" -> {
                Endpoint e = orNotFound(s.endpoints().get(key), "endpoint", key);
                yield Views.endpointForShim(e, s);
            }
            case "nodes" -> Views.node(orNotFound(s.nodes().get(key), "node", key));
            case "endpointGroups" -> Views.group(orNotFound(s.groups().get(ScopedKey.parse(key, "groupName")),
                    "endpoint group", key));
            case "policys" -> Views.policy(orNotFound(s.policies().get(ScopedKey.parse(key, "policyName")), "policy",
                    key));
            case "rules" -> Views.rule(orNotFound(s.rules().get(Rule.RuleKey.parse(key)), "rule", key));
            case "appProfiles" -> Views.appProfile(orNotFound(s.appProfiles().get(ScopedKey.parse(key,
                    "appProfileName")), "application profile", key));
            case "switches" -> Views.switchStatus(switches.switches().stream()
                    .filter(st -> st.datapathId().equals(key) || st.node().equals(key)).findFirst()
                    .orElseThrow(() -> notFound("switch", key)));
            default -> throw unknownCollection(collection);
        };
    }

    private ObjectNode inspect(String collection, String key) {
        ModelSnapshot s = model.snapshot();
        switch (collection) {
            case "networks" -> {
                Network n = orNotFound(s.networks().get(NetworkKey.parse(key)), "network", key);
                return Views.inspect(Views.network(n), Views.networkOper(n, model.addressUsage(n.key()), s));
            }
            case "tenants" -> {
                Tenant t = orNotFound(s.tenants().get(key), "tenant", key);
                ObjectNode oper = F.objectNode();
                long networks = s.networks().keySet().stream().filter(k -> k.tenant().equals(key)).count();
                long endpoints = s.endpoints().values().stream().filter(e -> e.network().tenant().equals(key)).count();
                oper.put("numNet", networks);
                oper.put("numEndpoints", endpoints);
                return Views.inspect(Views.tenant(t), oper);
            }
            case "endpoints" -> {
                Endpoint e = orNotFound(s.endpoints().get(key), "endpoint", key);
                ObjectNode view = Views.endpointOper(e, s);
                return Views.inspect(view, view);
            }
            case "endpointGroups" -> {
                EndpointGroup g = orNotFound(s.groups().get(ScopedKey.parse(key, "groupName")), "endpoint group", key);
                return Views.inspect(Views.group(g), Views.groupOper(g, s));
            }
            case "policys" -> {
                Policy p = orNotFound(s.policies().get(ScopedKey.parse(key, "policyName")), "policy", key);
                return Views.inspect(Views.policy(p), Views.policyOper(p, s));
            }
            case "rules" -> {
                Rule r = orNotFound(s.rules().get(Rule.RuleKey.parse(key)), "rule", key);
                return Views.inspect(Views.rule(r), F.objectNode());
            }
            case "appProfiles" -> {
                AppProfile a = orNotFound(s.appProfiles().get(ScopedKey.parse(key, "appProfileName")),
                        "application profile", key);
                return Views.inspect(Views.appProfile(a), F.objectNode());
            }
            case "nodes" -> {
                Node n = orNotFound(s.nodes().get(key), "node", key);
                ObjectNode oper = F.objectNode();
                oper.put("numEndpoints", s.endpoints().values().stream().filter(e -> e.node().equals(key)).count());
                switches.switches().stream().filter(st -> st.node().equals(key)).findFirst()
                        .ifPresent(st -> oper.set("switch", Views.switchStatus(st)));
                return Views.inspect(Views.node(n), oper);
            }
            default -> throw unknownCollection(collection);
        }
    }

    private static <T> T orNotFound(T value, String what, String key) {
        if (value == null) {
            throw notFound(what, key);
        }
        return value;
    }

    private ObjectNode put(String collection, String key, JsonNode json) {
        RequestBody b = new RequestBody(json);
        switch (collection) {
            case "tenants" -> {
                b.matchesKey("tenantName", key);
                return Views.tenant(model.putTenant(new Tenant(Names.check("tenantName", key),
                        b.text("defaultNetwork"))));
            }
            case "networks" -> {
                NetworkKey nk = NetworkKey.parse(key);
                b.matchesKey("tenantName", nk.tenant());
                b.matchesKey("networkName", nk.network());
                NetworkSpec spec = new NetworkSpec(nk, Encap.parse(b.text("encap")),
                        b.parsed("subnet", Ipv4Prefix::parse, true), b.parsed("gateway", Ipv4::parse, false),
                        b.integer("pktTag", 0), b.text("nwType"));
                return Views.network(model.putNetwork(spec));
            }
            case "endpoints" -> {
                Endpoint.checkId(key);
                b.matchesKey("endpointID", key);
                NetworkKey nk = new NetworkKey(b.required("tenantName"), b.required("networkName"));
                EndpointRequest r = new EndpointRequest(key, nk, b.text("endpointGroup"), b.required("homingHost"),
                        b.required("intfName"), b.text("containerID"), b.stringMap("attributes"),
                        b.parsed("ipAddress", Ipv4::parse, false));
                Endpoint e = model.createEndpoint(r);
                ModelSnapshot s = model.snapshot();
                return Views.endpointForShim(e, s);
            }
            case "nodes" -> {
                b.matchesKey("nodeName", key);
                long dpid = b.parsed("datapathId", RestApi::parseDpid, true);
                return Views.node(model.putNode(new Node(Names.check("nodeName", key),
                        b.parsed("tunnelIp", Ipv4::parse, true), dpid)));
            }
            case "endpointGroups" -> {
                ScopedKey k = ScopedKey.parse(key, "groupName");
                b.matchesKey("tenantName", k.tenant());
                b.matchesKey("groupName", k.name());
                return Views.group(model.putGroup(new EndpointGroup(k, b.required("networkName"),
                        b.stringList("policies"), b.text("ipPool"), b.text("netProfile"),
                        b.stringList("extContractsGrps"), b.bool("defaultDeny"), 0)));
            }
            case "policys" -> {
                ScopedKey k = ScopedKey.parse(key, "policyName");
                b.matchesKey("tenantName", k.tenant());
                b.matchesKey("policyName", k.name());
                return Views.policy(model.putPolicy(new Policy(k)));
            }
            case "rules" -> {
                Rule.RuleKey k = Rule.RuleKey.parse(key);
                b.matchesKey("tenantName", k.tenant());
                b.matchesKey("policyName", k.policy());
                b.matchesKey("ruleId", k.ruleId());
                return Views.rule(model.putRule(rule(k, b)));
            }
            case "appProfiles" -> {
                ScopedKey k = ScopedKey.parse(key, "appProfileName");
                b.matchesKey("tenantName", k.tenant());
                b.matchesKey("appProfileName", k.name());
                return Views.appProfile(model.putAppProfile(new AppProfile(k, b.stringList("endpointGroups"))));
            }
            case "switches" -> throw new ValidationException(Kind.INVALID, "path",
                    "switches are read-only: they appear when a bridge connects");
            default -> throw unknownCollection(collection);
        }
    }

    /** A rule from its body: in rules take from-fields only, out rules to-fields only. */
    private static Rule rule(Rule.RuleKey k, RequestBody b) {
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
        return new Rule(k, dir, b.integer("priority", 1), group, network, peer, Rule.Protocol.parse(b.text("protocol")),
                b.integer("port", 0), Rule.Verdict.parse(b.text("action") == null ? "allow" : b.text("action")));
    }

    private static long parseDpid(String text) {
        String hex = text.replace(":", "");
        if (!hex.matches("[0-9a-fA-F]{1,16}")) {
            throw new IllegalArgumentException("not a datapath id (up to 16 hex digits): '" + text + "'");
        }
        return Long.parseUnsignedLong(hex, 16);
    }

    private ApiResponse delete(String collection, String key) {
        boolean existed = switch (collection) {
            case "tenants" -> model.deleteTenant(key);
            case "networks" -> model.deleteNetwork(NetworkKey.parse(key));
            case "endpoints" -> model.deleteEndpoint(key);
            case "nodes" -> model.deleteNode(key);
            case "endpointGroups" -> model.deleteGroup(ScopedKey.parse(key, "groupName"));
            case "policys" -> model.deletePolicy(ScopedKey.parse(key, "policyName"));
            case "rules" -> model.deleteRule(Rule.RuleKey.parse(key));
            case "appProfiles" -> model.deleteAppProfile(ScopedKey.parse(key, "appProfileName"));
            default -> throw unknownCollection(collection);
        };
        if (!existed) {
            throw notFound(collection, key);
        }
        return ApiResponse.ok(F.objectNode());
    }

    /** For servers that render the body. */
    public byte[] render(ApiResponse r) {
        try {
            return json.writeValueAsBytes(r.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
