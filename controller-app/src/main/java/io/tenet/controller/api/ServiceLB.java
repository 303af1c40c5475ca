package io.tenet.controller.api;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A service load balancer ({@code serviceLBs}): a virtual IP on a network whose ports are balanced over the
 * service's providers, the endpoints of its tenant and network whose labels hold every selector. Balanced on the
 * client's host by the datapath (docs/services.md).
 *
 * @param vip             the virtual IP: asked for, or allocated by Tenet from the network's subnet (null in a
 *                        request that asks for none)
 * @param selectors       {@code key=value} pairs a provider's labels must all hold (at least one)
 * @param ports           the service ports, each translated to a provider port, at most {@link #MAX_PORTS}
 * @param sessionAffinity {@code clientIP}: a client's new connections go to the provider of its last one until
 *                        {@code affinityTimeout} seconds pass without one
 * @param id              the number of the service in the datapath (its groups), allocated by Tenet, unique
 */
public record ServiceLB(ScopedKey key, String network, Ipv4 vip, Map<String, String> selectors,
        List<ServicePort> ports, Affinity sessionAffinity, int affinityTimeout, int id) {
    public static final int MAX_ID = 0xfffff;
    public static final int MAX_PORTS = 16;
    public static final int DEFAULT_AFFINITY_TIMEOUT = 10800;
    public static final int MAX_AFFINITY_TIMEOUT = 86400;

    /** Session affinity, as Kubernetes names it. */
    public enum Affinity {
        NONE("none"), CLIENT_IP("clientIP");

        private final String wire;

        Affinity(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Affinity parse(String text) {
            for (Affinity a : values()) {
                if (a.wire.equalsIgnoreCase(text)) {
                    return a;
                }
            }
            throw new ValidationException("sessionAffinity", "sessionAffinity '" + text + "' must be none or clientIP");
        }
    }

    public ServiceLB {
        Objects.requireNonNull(key, "key");
        Names.check("serviceName", key.name());
        Names.check("networkName", network);
        selectors = Labels.check("selectors", selectors);
        if (selectors.isEmpty()) {
            throw new ValidationException("selectors", "selectors must name at least one key=value");
        }
        ports = List.copyOf(ports == null ? List.of() : ports);
        if (ports.isEmpty()) {
            throw new ValidationException("ports", "ports must name at least one svcPort:provPort:protocol");
        }
        if (ports.size() > MAX_PORTS) {
            throw new ValidationException("ports", "a service has at most " + MAX_PORTS + " ports");
        }
        Set<String> seen = new HashSet<>();
        for (ServicePort p : ports) {
            if (!seen.add(p.protocol() + "/" + p.port())) {
                throw new ValidationException("ports", "service port " + p.port() + "/" + p.protocol()
                        + " is given twice");
            }
        }
        sessionAffinity = sessionAffinity == null ? Affinity.NONE : sessionAffinity;
        if (affinityTimeout < 1 || affinityTimeout > MAX_AFFINITY_TIMEOUT) {
            throw new ValidationException("affinityTimeout", "affinityTimeout must be 1-" + MAX_AFFINITY_TIMEOUT
                    + " seconds");
        }
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("service id out of range: " + id);
        }
    }

    public NetworkKey networkKey() {
        return new NetworkKey(key.tenant(), network);
    }

    /** The service as admitted: its VIP and id. */
    public ServiceLB allocated(Ipv4 newVip, int newId) {
        return new ServiceLB(key, network, newVip, selectors, ports, sessionAffinity, affinityTimeout, newId);
    }

    /** Whether an endpoint provides this service: same tenant and network, labels holding every selector. */
    public boolean selects(Endpoint e) {
        return e.network().equals(networkKey()) && Labels.matches(selectors, e.labels());
    }
}
