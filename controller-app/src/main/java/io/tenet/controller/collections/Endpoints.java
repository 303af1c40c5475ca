package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.Labels;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import java.util.List;
import java.util.Map;

/**
 * {@code endpoints}: containers' interfaces, written by the host shim. An endpoint gets the lowest free address
 * of its network (or the one it asks for) and the MAC derived from it; asking again for the same id and network
 * returns it as it is, or moves it to the group asked for, keeping its address. One endpoint per interface of a
 * node, since the interface is its switch port. Created endpoints answer 201, so a shim knows what to undo. A
 * request that carries {@code labels} replaces the endpoint's labels (and so the services it provides).
 */
final class Endpoints extends ModelCollection<String, Endpoint, EndpointRequest> {
    Endpoints() {
        super("endpoints", "endpoint", "endpointID", Endpoint.class);
    }

    @Override
    public String keyOf(Endpoint e) {
        return e.id();
    }

    @Override
    public String requestKey(EndpointRequest r) {
        return r.id();
    }

    @Override
    public String parseKey(String text) {
        return Endpoint.checkId(text);
    }

    @Override
    public int createdStatus() {
        return 201;
    }

    @Override
    public List<Reference<Endpoint>> references() {
        return List.of(
                Reference.to(ModelCollections.NETWORKS, "networkName", Endpoint::network).missingIs(Kind.NOT_FOUND),
                Reference.to(ModelCollections.GROUPS, "endpointGroup", (Endpoint e) -> e.group().isEmpty() ? null
                        : new ScopedKey(e.network().tenant(), e.group())));
    }

    @Override
    public Endpoint admit(EndpointRequest r, Endpoint existing, ModelSnapshot s) {
        Endpoint.checkId(r.id());
        Network network = s.get(ModelCollections.NETWORKS).get(r.network());
        if (network == null) {
            throw new ValidationException(Kind.NOT_FOUND, "networkName", "network " + r.network() + " does not exist");
        }
        String group = r.group() == null ? "" : r.group();
        if (!group.isEmpty()) {
            EndpointGroup g = s.get(ModelCollections.GROUPS).get(new ScopedKey(r.network().tenant(), group));
            if (g == null) {
                throw new ValidationException("endpointGroup", "endpoint group " + r.network().tenant() + ":" + group
                        + " does not exist");
            }
            if (!g.network().equals(r.network().network())) {
                throw new ValidationException("endpointGroup", "endpoint group " + g.key() + " belongs to network "
                        + g.network() + ", not " + r.network().network());
            }
        }
        if (existing != null) {
            if (!existing.network().equals(r.network())) {
                throw new ValidationException(Kind.CONFLICT, "endpointID", "endpoint " + r.id()
                        + " already exists on network " + existing.network());
            }
            String newGroup = group.isEmpty() ? existing.group() : group;
            Map<String, String> labels = r.labels() == null ? existing.labels() : Labels.check("labels", r.labels());
            if (existing.group().equals(newGroup) && existing.labels().equals(labels)) {
                return existing;
            }
            // A change of group membership (same address, new identity) or of labels (the services it provides).
            return new Endpoint(existing.id(), existing.network(), newGroup, existing.ip(), existing.mac(),
                    existing.node(), existing.intfName(), existing.containerId(), existing.attributes(), labels);
        }
        // One switch port per interface: two endpoints on one port would share its flows.
        Endpoint other = s.index(ModelIndexes.ENDPOINTS_BY_INTERFACE).get(new ModelIndexes.NodeInterface(r.node(),
                r.intfName()));
        if (other != null) {
            throw new ValidationException(Kind.CONFLICT, "intfName", "interface " + r.intfName() + " on node "
                    + r.node() + " is already endpoint " + other.id() + "'s");
        }
        AddressPool pool = s.index(ModelIndexes.ADDRESSES).get(r.network());
        Ipv4 ip = r.ip();
        if (ip != null) {
            if (!network.spec().subnet().contains(ip)) {
                throw new ValidationException("ipAddress", ip + " is outside subnet " + network.spec().subnet());
            }
            if (!pool.isFree(ip)) {
                throw new ValidationException(Kind.CONFLICT, "ipAddress", ip + " is already in use or reserved in "
                        + r.network());
            }
        } else {
            ip = pool.lowestFree();
            if (ip == null) {
                throw new ValidationException(Kind.CONFLICT, "networkName", "network " + r.network()
                        + " has no free address left in " + network.spec().subnet());
            }
        }
        return new Endpoint(r.id(), r.network(), group, ip, Mac.forEndpoint(ip), r.node(), r.intfName(),
                r.containerId(), r.attributes(), r.labels());
    }

    @Override
    public EndpointRequest fromJson(String key, JsonBody b) {
        b.matchesKey("endpointID", key);
        NetworkKey nk = new NetworkKey(b.required("tenantName"), b.required("networkName"));
        String containerId = b.text("containerID");
        if (containerId != null && containerId.length() > 255) {
            throw new ValidationException("containerID", "containerID is longer than 255 characters");
        }
        return new EndpointRequest(key, nk, b.text("endpointGroup"), b.required("homingHost"), b.required("intfName"),
                containerId, b.stringMap("attributes"), b.parsed("ipAddress", Ipv4::parse, false),
                b.has("labels") ? Labels.check("labels", b.stringMap("labels")) : null);
    }

    /** What the host shim needs to configure the container: the endpoint plus its network's addressing. */
    @Override
    public ObjectNode toJson(Endpoint e, ModelSnapshot s) {
        ObjectNode o = oper(e, s);
        Network n = s.get(ModelCollections.NETWORKS).get(e.network());
        o.put("subnet", n == null ? "" : n.spec().subnet().toString());
        o.put("gateway", n == null || n.spec().gateway() == null ? "" : n.spec().gateway().toString());
        o.put("encap", n == null ? "" : n.spec().encap().wire());
        o.put("mtu", n == null ? 0 : n.spec().mtu());
        return o;
    }

    /** Config and Oper are one view for endpoints, as in Contiv. */
    @Override
    public ObjectNode inspect(Endpoint e, ViewContext c) {
        ObjectNode view = oper(e, c.snapshot());
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("Config", view);
        o.set("Oper", view);
        return o;
    }

    /** The endpoint as Contiv's endpoint inspect shows it. */
    static ObjectNode oper(Endpoint e, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", e.id());
        o.put("endpointID", e.id());
        o.putArray("ipAddress").add(e.ip().toString()).add("");
        o.put("macAddress", e.mac().toString());
        o.put("homingHost", e.node());
        o.put("intfName", e.intfName());
        Node host = s.get(ModelCollections.NODES).get(e.node());
        o.put("vtepIP", host == null ? "" : host.tunnelIp().toString());
        o.put("network", e.network().network() + "." + e.network().tenant());
        o.put("tenantName", e.network().tenant());
        o.put("networkName", e.network().network());
        o.put("endpointGroup", e.group());
        o.put("containerID", e.containerId());
        ObjectNode attrs = o.putObject("attributes");
        e.attributes().forEach(attrs::put);
        ObjectNode labels = o.putObject("labels");
        e.labels().forEach(labels::put);
        return o;
    }

    @Override
    public List<Column<Endpoint>> columns() {
        return List.of(new Column<>("Endpoint", (e, c) -> e.id()),
                new Column<>("Network", (e, c) -> e.network().toString()),
                new Column<>("IP", (e, c) -> e.ip().toString()),
                new Column<>("MAC", (e, c) -> e.mac().toString()),
                new Column<>("Host", (e, c) -> e.node()),
                new Column<>("Port", (e, c) -> e.intfName()));
    }
}
