package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.AddressUsage;
import io.tenet.controller.api.Endpoint;
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
    public static ObjectNode endpointForShim(Endpoint e, Network n, ModelSnapshot s) {
        ObjectNode o = endpointOper(e, s);
        o.put("subnet", n.spec().subnet().toString());
        o.put("gateway", n.spec().gateway() == null ? "" : n.spec().gateway().toString());
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
