package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.Labels;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.Reference;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.ServicePort;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code serviceLBs}: services with a virtual IP, balanced over the endpoints their selectors match. The VIP is
 * the one asked for, or the lowest free address of the network, and is then taken in the network like an
 * endpoint's address; a service that is written again without one keeps its VIP. Contiv's netctl body works as
 * it is ({@code ports} as {@code svcPort:provPort:protocol}, {@code selectors} as {@code key=value}); Tenet adds
 * {@code sessionAffinity} and {@code affinityTimeout}.
 */
final class ServiceLBs extends RecordCollection<ScopedKey, ServiceLB> {
    ServiceLBs() {
        super("serviceLBs", "service", "serviceName", ServiceLB.class);
    }

    @Override
    public ScopedKey keyOf(ServiceLB v) {
        return v.key();
    }

    @Override
    public ScopedKey parseKey(String text) {
        return ScopedKey.parse(text, "serviceName");
    }

    @Override
    public List<Reference<ServiceLB>> references() {
        return List.of(Reference.to(ModelCollections.TENANTS, "tenantName", (ServiceLB v) -> v.key().tenant()),
                Reference.to(ModelCollections.NETWORKS, "networkName", ServiceLB::networkKey));
    }

    @Override
    public ServiceLB admit(ServiceLB request, ServiceLB existing, ModelSnapshot s) {
        Network network = s.get(ModelCollections.NETWORKS).get(request.networkKey());
        if (network == null) {
            throw new ValidationException(Kind.NOT_FOUND, "networkName", "network " + request.networkKey()
                    + " does not exist");
        }
        boolean sameNetwork = existing != null && existing.networkKey().equals(request.networkKey());
        AddressPool pool = s.index(ModelIndexes.ADDRESSES).get(request.networkKey());
        Ipv4 vip = request.vip();
        if (vip == null) {
            vip = sameNetwork ? existing.vip() : pool.lowestFree();
            if (vip == null) {
                throw new ValidationException(Kind.CONFLICT, "networkName", "network " + request.networkKey()
                        + " has no free address left for a VIP");
            }
        } else if (!network.spec().subnet().contains(vip)) {
            throw new ValidationException("ipAddress", vip + " is outside subnet " + network.spec().subnet());
        } else if (!(sameNetwork && vip.equals(existing.vip())) && !pool.isFree(vip)) {
            throw new ValidationException(Kind.CONFLICT, "ipAddress", vip + " is already in use or reserved in "
                    + request.networkKey());
        }
        int id = existing != null ? existing.id() : s.index(ModelIndexes.SERVICE_IDS).lowestFree();
        if (id < 0) {
            throw new ValidationException(Kind.CONFLICT, "serviceName", "no service id left");
        }
        return request.allocated(vip, id);
    }

    @Override
    public ServiceLB fromJson(ScopedKey k, JsonBody b) {
        b.matchesKey("tenantName", k.tenant());
        b.matchesKey("serviceName", k.name());
        List<ServicePort> ports = new ArrayList<>();
        for (String p : b.texts("ports")) {
            ports.add(ServicePort.parse(p));
        }
        Map<String, String> selectors = Labels.selectors("selectors", b.texts("selectors"));
        String affinity = b.text("sessionAffinity");
        return new ServiceLB(k, b.required("networkName"), b.parsed("ipAddress", Ipv4::parse, false), selectors, ports,
                affinity == null || affinity.isEmpty() ? ServiceLB.Affinity.NONE : ServiceLB.Affinity.parse(affinity),
                b.integer("affinityTimeout", ServiceLB.DEFAULT_AFFINITY_TIMEOUT), 0);
    }

    @Override
    public ObjectNode toJson(ServiceLB v, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", v.key().toString());
        o.put("tenantName", v.key().tenant());
        o.put("serviceName", v.key().name());
        o.put("networkName", v.network());
        o.put("ipAddress", v.vip().toString());
        ArrayNode sel = o.putArray("selectors");
        v.selectors().forEach((key, value) -> sel.add(key + "=" + value));
        ArrayNode ports = o.putArray("ports");
        v.ports().forEach(p -> ports.add(p.toString()));
        o.put("sessionAffinity", v.sessionAffinity().wire());
        o.put("affinityTimeout", v.affinityTimeout());
        return o;
    }

    /** The VIP, the ports and the providers as they are now. */
    @Override
    protected ObjectNode oper(ServiceLB v, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("serviceVip", v.vip().toString());
        o.put("serviceId", v.id());
        ArrayNode ports = o.putArray("ports");
        v.ports().forEach(p -> ports.add(p.toString()));
        ArrayNode providers = o.putArray("providers");
        List<Endpoint> ps = ModelIndexes.providersOf(c.snapshot(), v);
        for (Endpoint e : ps) {
            providers.addObject().put("endpointID", e.id()).put("ipAddress", e.ip().toString())
                    .put("homingHost", e.node()).put("containerID", e.containerId());
        }
        o.put("numProviders", ps.size());
        return o;
    }

    @Override
    public List<Column<ServiceLB>> columns() {
        return List.of(new Column<>("Service", (v, c) -> v.key().toString()),
                new Column<>("Network", (v, c) -> v.network()),
                new Column<>("VIP", (v, c) -> v.vip().toString()),
                new Column<>("Ports", (v, c) -> String.join(",", v.ports().stream().map(ServicePort::toString)
                        .toList())),
                new Column<>("Selectors", (v, c) -> String.join(",", v.selectors().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toList())),
                new Column<>("Providers", (v, c) -> ModelIndexes.providersOf(c.snapshot(), v).size()));
    }
}
