package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.TagRanges;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code networks}: a tenant's subnet with its encapsulation. The VNI (or VLAN id) is allocated from the global
 * settings' {@code vxlans} (or {@code vlans}) ranges, lowest free first, unless {@code pktTag} asks for one (which
 * must lie in them); subnet, gateway, encap and tag are fixed while
 * the network has endpoints, and subnets of one tenant never overlap.
 */
final class Networks extends ModelCollection<NetworkKey, Network, NetworkSpec> {
    Networks() {
        super("networks", "network", "networkName", Network.class);
    }

    @Override
    public NetworkKey keyOf(Network n) {
        return n.key();
    }

    @Override
    public NetworkKey requestKey(NetworkSpec spec) {
        return spec.key();
    }

    @Override
    public NetworkKey parseKey(String text) {
        return NetworkKey.parse(text);
    }

    @Override
    public List<Reference<Network>> references() {
        return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (Network n) -> n.key().tenant()));
    }

    @Override
    public Network admit(NetworkSpec spec, Network existing, ModelSnapshot s) {
        NetworkKey key = spec.key();
        if (!s.get(ModelCollections.TENANTS).containsKey(key.tenant())) {
            // Before the network's own conflicts, as a missing tenant is the first thing to fix.
            throw new ValidationException("tenantName", "tenant " + key.tenant() + " does not exist; create it first");
        }
        for (Network other : ModelIndexes.networksOf(s, key.tenant()).values()) {
            if (!other.key().equals(key) && other.spec().subnet().overlaps(spec.subnet())) {
                throw new ValidationException(Kind.CONFLICT, "subnet", "subnet " + spec.subnet()
                        + " overlaps subnet " + other.spec().subnet() + " of network " + other.key());
            }
        }
        boolean keepsTag = existing != null && existing.spec().encap() == spec.encap()
                && (spec.pktTag() == 0 || spec.pktTag() == existing.tag());
        if (existing != null) {
            boolean sameShape = keepsTag && existing.spec().subnet().equals(spec.subnet())
                    && Objects.equals(existing.spec().gateway(), spec.gateway());
            if (!sameShape && !ModelIndexes.endpointsOf(s, key).isEmpty()) {
                throw new ValidationException(Kind.CONFLICT, "subnet", "network " + key
                        + " has endpoints; its subnet, gateway, encap and pktTag cannot change");
            }
            if (!sameShape && !ModelIndexes.servicesOf(s, key).isEmpty()) {
                throw new ValidationException(Kind.CONFLICT, "subnet", "network " + key
                        + " has services; its subnet, gateway, encap and pktTag cannot change");
            }
            if (existing.spec().equals(spec)) {
                return existing;
            }
        }
        Global global = ModelIndexes.globals(s);
        TagRanges pool = global.tags(spec.encap());
        int tag;
        if (keepsTag) {
            tag = existing.tag();
        } else if (spec.pktTag() != 0) {
            tag = spec.pktTag();
            if (!pool.contains(tag)) {
                throw new ValidationException("pktTag", spec.encap().wire() + " tag " + tag + " is outside the "
                        + Global.tagsField(spec.encap()) + " range " + pool + " of the global settings");
            }
            NetworkKey other = s.index(ModelIndexes.NETWORKS_BY_TAG).get(new ModelIndexes.Tag(spec.encap(), tag));
            if (other != null && !other.equals(key)) {
                throw new ValidationException(Kind.CONFLICT, "pktTag", spec.encap().wire() + " tag " + tag
                        + " is already used by network " + other);
            }
            ScopedKey group = spec.encap() == Encap.VLAN ? s.index(ModelIndexes.GROUPS_BY_VLAN).get(tag) : null;
            if (group != null) {
                throw new ValidationException(Kind.CONFLICT, "pktTag", "vlan " + tag + " is already used by endpoint"
                        + " group " + group + " (ACI mode gives each group a VLAN of its own)");
            }
        } else {
            tag = PacketTags.lowestFree(s, spec.encap(), pool);
            if (tag < 0) {
                throw new ValidationException(Kind.CONFLICT, "pktTag", "no free " + spec.encap().wire()
                        + " tag left in the " + Global.tagsField(spec.encap()) + " range " + pool);
            }
        }
        int vrf = global.fwdMode() == Global.FwdMode.ROUTING ? s.get(ModelCollections.TENANTS).get(key.tenant()).vrf() : 0;
        return new Network(spec, tag, vrf);
    }

    @Override
    public NetworkSpec fromJson(NetworkKey key, JsonBody b) {
        b.matchesKey("tenantName", key.tenant());
        b.matchesKey("networkName", key.network());
        return new NetworkSpec(key, Encap.parse(b.text("encap")), b.parsed("subnet", Ipv4Prefix::parse, true),
                b.parsed("gateway", Ipv4::parse, false), b.integer("pktTag", 0), b.text("nwType"), b.integer("mtu", 0));
    }

    @Override
    public ObjectNode toJson(Network n, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", n.key().toString());
        o.put("tenantName", n.key().tenant());
        o.put("networkName", n.key().network());
        o.put("encap", n.spec().encap().wire());
        o.put("subnet", n.spec().subnet().toString());
        o.put("gateway", n.spec().gateway() == null ? "" : n.spec().gateway().toString());
        o.put("pktTag", n.spec().pktTag());
        o.put("nwType", n.spec().nwType());
        o.put("mtu", n.spec().mtu());
        return o;
    }

    @Override
    protected ObjectNode oper(Network n, ViewContext c) {
        ModelSnapshot s = c.snapshot();
        AddressPool pool = s.index(ModelIndexes.ADDRESSES).get(n.key());
        List<Endpoint> endpoints = ModelIndexes.endpointsOf(s, n.key()).values().stream()
                .sorted(Comparator.comparing(Endpoint::ip)).toList();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("numEndpoints", endpoints.size());
        o.put("allocatedAddressesCount", pool.allocatedCount());
        o.put("allocatedIPAddresses", pool.ranges(true));
        o.put("availableIPAddresses", pool.ranges(false));
        o.put("pktTag", n.tag());
        o.put("externalPktTag", n.tag());
        ArrayNode eps = o.putArray("endpoints");
        endpoints.forEach(e -> eps.add(Endpoints.oper(e, s)));
        return o;
    }

    @Override
    public List<Column<Network>> columns() {
        return List.of(new Column<>("Network", (n, c) -> n.key().toString()),
                new Column<>("Encap", (n, c) -> n.spec().encap().wire()),
                new Column<>("Tag", (n, c) -> n.tag()),
                new Column<>("Subnet", (n, c) -> n.spec().subnet().toString()),
                new Column<>("Gateway", (n, c) -> n.spec().gateway() == null ? "" : n.spec().gateway().toString()),
                new Column<>("Endpoints", (n, c) -> ModelIndexes.endpointsOf(c.snapshot(), n.key()).size()));
    }
}
