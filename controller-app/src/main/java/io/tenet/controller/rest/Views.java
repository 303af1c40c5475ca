package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.AddressUsage;
import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.Tenant;

/** JSON shapes of the objects, with Contiv netmaster v1 field names; every object carries its {@code key}. */
public final class Views {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Views() {
    }

    public static ObjectNode tenant(Tenant t) {
        ObjectNode o = F.objectNode();
        o.put("key", t.name());
        o.put("tenantName", t.name());
        o.put("defaultNetwork", t.defaultNetwork());
        return o;
    }

    public static ObjectNode network(Network n) {
        ObjectNode o = F.objectNode();
        o.put("key", n.key().toString());
        o.put("tenantName", n.key().tenant());
        o.put("networkName", n.key().network());
        o.put("encap", n.spec().encap().wire());
        o.put("subnet", n.spec().subnet().toString());
        o.put("gateway", n.spec().gateway() == null ? "" : n.spec().gateway().toString());
        o.put("pktTag", n.spec().pktTag());
        o.put("nwType", n.spec().nwType());
        return o;
    }

    public static ObjectNode networkOper(Network n, AddressUsage usage, ModelSnapshot s) {
        ObjectNode o = F.objectNode();
        var endpoints = s.endpointsOf(n.key()).values();
        o.put("numEndpoints", endpoints.size());
        o.put("allocatedAddressesCount", usage.allocatedCount());
        o.put("allocatedIPAddresses", usage.allocated());
        o.put("availableIPAddresses", usage.available());
        o.put("pktTag", n.tag());
        o.put("externalPktTag", n.tag());
        ArrayNode eps = o.putArray("endpoints");
        endpoints.forEach(e -> eps.add(endpointOper(e, s)));
        return o;
    }

    public static ObjectNode endpointOper(Endpoint e, ModelSnapshot s) {
        ObjectNode o = F.objectNode();
        o.put("key", e.id());
        o.put("endpointID", e.id());
        o.putArray("ipAddress").add(e.ip().toString()).add("");
        o.put("macAddress", e.mac().toString());
        o.put("homingHost", e.node());
        o.put("intfName", e.intfName());
        Node host = s.nodes().get(e.node());
        o.put("vtepIP", host == null ? "" : host.tunnelIp().toString());
        o.put("network", e.network().network() + "." + e.network().tenant());
        o.put("tenantName", e.network().tenant());
        o.put("networkName", e.network().network());
        o.put("endpointGroup", e.group());
        o.put("containerID", e.containerId());
        ObjectNode attrs = o.putObject("attributes");
        e.attributes().forEach(attrs::put);
        return o;
    }

    /** What the host shim needs to configure the container: the endpoint plus its network's addressing. */
    public static ObjectNode endpointForShim(Endpoint e, ModelSnapshot s) {
        Network n = s.networks().get(e.network());
        ObjectNode o = endpointOper(e, s);
        o.put("subnet", n.spec().subnet().toString());
        o.put("gateway", n.spec().gateway() == null ? "" : n.spec().gateway().toString());
        return o;
    }

    public static ObjectNode group(EndpointGroup g) {
        ObjectNode o = F.objectNode();
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

    /** Members and the rules in force on a group, as inspect shows them. */
    public static ObjectNode groupOper(EndpointGroup g, ModelSnapshot s) {
        ObjectNode o = F.objectNode();
        o.put("groupTag", g.id());
        ArrayNode eps = o.putArray("endpoints");
        s.membersOf(g.key()).forEach(e -> eps.add(endpointOper(e, s)));
        o.put("numEndpoints", eps.size());
        ArrayNode rules = o.putArray("rules");
        for (String p : g.policies()) {
            s.rulesOf(new ScopedKey(g.key().tenant(), p)).forEach(r -> rules.add(rule(r)));
        }
        return o;
    }

    public static ObjectNode policy(Policy p) {
        ObjectNode o = F.objectNode();
        o.put("key", p.key().toString());
        o.put("tenantName", p.key().tenant());
        o.put("policyName", p.key().name());
        return o;
    }

    public static ObjectNode policyOper(Policy p, ModelSnapshot s) {
        ObjectNode o = F.objectNode();
        ArrayNode groups = o.putArray("endpointGroups");
        ArrayNode eps = o.putArray("endpoints");
        s.groups().values().stream().filter(g -> g.key().tenant().equals(p.key().tenant())
                && g.policies().contains(p.key().name())).sorted(java.util.Comparator.comparing(EndpointGroup::key))
                .forEach(g -> {
                    groups.add(g.key().name());
                    s.membersOf(g.key()).forEach(e -> eps.add(endpointOper(e, s)));
                });
        o.put("numEndpoints", eps.size());
        ArrayNode rules = o.putArray("rules");
        s.rulesOf(p.key()).forEach(r -> rules.add(rule(r)));
        return o;
    }

    public static ObjectNode rule(Rule r) {
        ObjectNode o = F.objectNode();
        o.put("key", r.key().toString());
        o.put("tenantName", r.key().tenant());
        o.put("policyName", r.key().policy());
        o.put("ruleId", r.key().ruleId());
        o.put("direction", r.direction().wire());
        o.put("priority", r.priority());
        boolean in = r.direction() == Rule.Direction.IN;
        o.put(in ? "fromEndpointGroup" : "toEndpointGroup", r.peerGroup());
        o.put(in ? "fromNetwork" : "toNetwork", r.peerNetwork());
        o.put(in ? "fromIpAddress" : "toIpAddress", r.peerAddress() == null ? "" : r.peerAddress().toString());
        o.put("protocol", r.protocol() == null ? "" : r.protocol().wire());
        o.put("port", r.port());
        o.put("action", r.action().wire());
        return o;
    }

    public static ObjectNode appProfile(AppProfile a) {
        ObjectNode o = F.objectNode();
        o.put("key", a.key().toString());
        o.put("tenantName", a.key().tenant());
        o.put("appProfileName", a.key().name());
        ArrayNode g = o.putArray("endpointGroups");
        a.groups().forEach(g::add);
        return o;
    }

    public static ObjectNode node(Node n) {
        ObjectNode o = F.objectNode();
        o.put("key", n.name());
        o.put("nodeName", n.name());
        o.put("tunnelIp", n.tunnelIp().toString());
        o.put("datapathId", String.format("%016x", n.datapathId()));
        return o;
    }

    public static ObjectNode switchStatus(SwitchStatus s) {
        ObjectNode o = F.objectNode();
        o.put("key", s.datapathId());
        o.put("datapathId", s.datapathId());
        o.put("nodeName", s.node());
        o.put("address", s.address());
        o.put("version", s.version());
        o.put("flows", s.flows());
        o.put("flowModsSent", s.flowModsSent());
        o.put("reconciliations", s.reconciliations());
        o.put("lastError", s.lastError());
        return o;
    }

    public static ObjectNode inspect(ObjectNode config, ObjectNode oper) {
        ObjectNode o = F.objectNode();
        o.set("Config", config);
        o.set("Oper", oper);
        return o;
    }
}
