package io.tenet.shim.dns;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names the node DNS responder owns, from the controller's tenants and services: {@code <service>.<tenant>}
 * for every container, and {@code <service>} for containers of the service's tenant. Names compare without case
 * (DNS does), so two tenants (or two services of a tenant) that differ only in case share a name: the first in
 * the controller's order answers. Immutable.
 */
public final class DnsDirectory {
    public static final DnsDirectory EMPTY = new DnsDirectory(List.of(), List.of());

    /** One service's name and VIP. */
    public record Service(String tenant, String name, String vip) {
    }

    /** What the responder does with a name. */
    public sealed interface Answer {
        /** The name is a service's: its VIP. */
        record Address(String vip) implements Answer {
        }

        /** The name is in a tenant's domain, but no service has it. */
        record NoSuchName() implements Answer {
        }

        /** Not Tenet's name: for the upstream resolver. */
        record Forward() implements Answer {
        }
    }

    private static final Answer NO_SUCH_NAME = new Answer.NoSuchName();
    private static final Answer FORWARD = new Answer.Forward();

    private final List<String> tenants;
    private final List<Service> services;
    /** Per tenant (lower case) its services' VIPs, by lower-case name. */
    private final Map<String, Map<String, String>> byTenant = new HashMap<>();
    /** The lower-case names of all services, for short names asked by containers of no known tenant. */
    private final Set<String> shortNames;

    public DnsDirectory(List<String> tenants, List<Service> services) {
        this.tenants = List.copyOf(tenants);
        this.services = List.copyOf(services);
        for (String t : this.tenants) {
            byTenant.putIfAbsent(lower(t), new HashMap<>());
        }
        Set<String> names = new HashSet<>();
        for (Service s : this.services) {
            byTenant.computeIfAbsent(lower(s.tenant()), k -> new HashMap<>()).putIfAbsent(lower(s.name()), s.vip());
            names.add(lower(s.name()));
        }
        this.shortNames = Set.copyOf(names);
    }

    public List<String> tenants() {
        return tenants;
    }

    public List<Service> services() {
        return services;
    }

    /**
     * What {@code name} (with or without its final dot) is for a container of {@code clientTenant} (empty when
     * the asking container is not known): a VIP, no such name in a tenant's domain, or someone else's.
     */
    public Answer resolve(String name, Optional<String> clientTenant) {
        String n = normal(name);
        // <service>.<tenant>, where either may hold dots: every split is a candidate, the longest service first.
        boolean inDomain = false;
        for (int dot = n.lastIndexOf('.'); dot > 0; dot = n.lastIndexOf('.', dot - 1)) {
            Map<String, String> domain = byTenant.get(n.substring(dot + 1));
            if (domain != null) {
                String vip = domain.get(n.substring(0, dot));
                if (vip != null) {
                    return new Answer.Address(vip);
                }
                inDomain = true;
            }
        }
        if (inDomain) {
            return NO_SUCH_NAME;
        }
        if (clientTenant.isPresent()) {
            Map<String, String> own = byTenant.get(lower(clientTenant.get()));
            String vip = own == null ? null : own.get(n);
            if (vip != null) {
                return new Answer.Address(vip);
            }
        }
        return FORWARD;
    }

    /** Whether some tenant has a service called {@code name}: only then does a short name need the asker's tenant. */
    public boolean isShortName(String name) {
        return shortNames.contains(normal(name));
    }

    /** A name as compared: lower case, without its final dot. */
    private static String normal(String name) {
        return lower(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsDirectory d && d.tenants.equals(tenants) && d.services.equals(services);
    }

    @Override
    public int hashCode() {
        return tenants.hashCode() * 31 + services.hashCode();
    }
}
