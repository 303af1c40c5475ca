package io.tenet.aci.apic;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One APIC managed object: its class ({@code fvTenant}), its distinguished name ({@code uni/tn-t1}) and its
 * attributes, without {@code dn} and {@code status}, which a request carries apart.
 */
public record Mo(String cls, String dn, SortedMap<String, String> attributes) {
    public Mo {
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(dn, "dn");
        attributes = new TreeMap<>(attributes);
        attributes.remove("dn");
        attributes.remove("status");
    }

    public Mo(String cls, String dn, Map<String, String> attributes) {
        this(cls, dn, new TreeMap<>(attributes));
    }

    public String attribute(String name) {
        return attributes.getOrDefault(name, "");
    }

    /** The dn of its parent ({@code uni} for a tenant). */
    public String parentDn() {
        return Dn.parent(dn);
    }

    /**
     * The attributes of {@code wanted} whose values differ here: what a modification must send. Attributes
     * the APIC shows but {@code wanted} does not set are the APIC's own and are not compared.
     */
    public SortedMap<String, String> differences(Mo wanted) {
        SortedMap<String, String> out = new TreeMap<>();
        wanted.attributes.forEach((k, v) -> {
            if (!v.equals(attributes.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
