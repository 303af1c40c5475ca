package io.tenet.controller.compiler;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.BuiltInSchema;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.api.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small hand-made models for compiler and reconciler tests. */
public final class CompilerFixtures {
    public static final NetworkKey BLUE = new NetworkKey("t", "blue");
    public static final NetworkKey RED = new NetworkKey("t", "red");

    private CompilerFixtures() {
    }

    public static Endpoint endpoint(String id, NetworkKey net, String ip, String node) {
        Ipv4 a = Ipv4.parse(ip);
        return new Endpoint(id, net, "", a, Mac.forEndpoint(a), node, "tn" + id, id, Map.of());
    }

    /**
     * blue (VNI 1): e1 on h1, e2 on h2, both labelled {@code app=web} and providers of service t:web (VIP
     * 10.1.0.100, port 80 to 8080/TCP, id 1); red (VNI 2): e3 on h1.
     */
    public static ModelSnapshot twoHosts() {
        Map<NetworkKey, Network> nets = new HashMap<>();
        nets.put(BLUE, new Network(new NetworkSpec(BLUE, Encap.VXLAN, Ipv4Prefix.parse("10.1.0.0/24"),
                Ipv4.parse("10.1.0.254"), 0, "data"), 1));
        nets.put(RED, new Network(new NetworkSpec(RED, Encap.VXLAN, Ipv4Prefix.parse("10.2.0.0/24"), null, 0, "data"),
                2));
        Map<String, Endpoint> eps = new HashMap<>();
        Map<String, String> web = Map.of("app", "web");
        for (Endpoint e : new Endpoint[] {endpoint("e1", BLUE, "10.1.0.1", "h1").withLabels(web),
            endpoint("e2", BLUE, "10.1.0.2", "h2").withLabels(web), endpoint("e3", RED, "10.2.0.1", "h1")}) {
            eps.put(e.id(), e);
        }
        Map<String, Node> nodes = Map.of("h1", new Node("h1", Ipv4.parse("192.168.0.1"), 0x11),
                "h2", new Node("h2", Ipv4.parse("192.168.0.2"), 0x22));
        ModelSnapshot.Builder b = snapshot(7, Map.of("t", new Tenant("t", "", 1)), nets, eps, nodes).toBuilder();
        b.put(ModelCollections.SERVICES, new ServiceLB(new ScopedKey("t", "web"), "blue", Ipv4.parse("10.1.0.100"), web,
                List.of(ServicePort.parse("80:8080:TCP")), ServiceLB.Affinity.NONE, 10800, 1));
        return b.build(7, 0);
    }

    /** A snapshot of the built-in schema holding these records (any map may be empty). */
    public static ModelSnapshot snapshot(long version, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
            Map<String, Endpoint> endpoints, Map<String, Node> nodes, Map<ScopedKey, EndpointGroup> groups,
            Map<ScopedKey, Policy> policies, Map<Rule.RuleKey, Rule> rules) {
        ModelSnapshot.Builder b = ModelSnapshot.empty(BuiltInSchema.SCHEMA).toBuilder();
        tenants.values().forEach(t -> b.put(ModelCollections.TENANTS, t));
        networks.values().forEach(n -> b.put(ModelCollections.NETWORKS, n));
        nodes.values().forEach(n -> b.put(ModelCollections.NODES, n));
        policies.values().forEach(p -> b.put(ModelCollections.POLICIES, p));
        groups.values().forEach(g -> b.put(ModelCollections.GROUPS, g));
        endpoints.values().forEach(e -> b.put(ModelCollections.ENDPOINTS, e));
        rules.values().forEach(r -> b.put(ModelCollections.RULES, r));
        return b.build(version, 0);
    }

    public static ModelSnapshot snapshot(long version, Map<String, Tenant> tenants, Map<NetworkKey, Network> networks,
            Map<String, Endpoint> endpoints, Map<String, Node> nodes) {
        return snapshot(version, tenants, networks, endpoints, nodes, Map.of(), Map.of(), Map.of());
    }

    /** {@code s} with {@code endpoints} in place of its endpoints, at version {@code version}. */
    public static ModelSnapshot withEndpoints(ModelSnapshot s, long version, Map<String, Endpoint> endpoints) {
        ModelSnapshot.Builder b = s.toBuilder();
        for (String id : s.get(ModelCollections.ENDPOINTS).keySet()) {
            if (!endpoints.containsKey(id)) {
                b.remove(ModelCollections.ENDPOINTS, id);
            }
        }
        endpoints.values().forEach(e -> {
            if (!e.equals(s.get(ModelCollections.ENDPOINTS).get(e.id()))) {
                b.put(ModelCollections.ENDPOINTS, e);
            }
        });
        return b.build(version, s.revision());
    }

    public static NodeView h1() {
        return new NodeView(twoHosts().get(ModelCollections.NODES).get("h1"), Map.of("tne1", 5, "tne3", 6, NodeView.TUNNEL_PORT, 1,
                NodeView.DNS_PORT, 2,
                "br-int", 0xfffe));
    }
}
