package io.tenet.controller.api;

/**
 * The key of an object that lives inside a tenant (endpoint groups, policies, application profiles):
 * {@code tenant:name} in REST keys.
 */
public record ScopedKey(String tenant, String name) implements Comparable<ScopedKey> {
    public ScopedKey {
        Names.check("tenantName", tenant);
        Names.check("name", name);
    }

    public static ScopedKey parse(String key, String nameField) {
        String[] p = Names.splitKey(key, 2, "key must be 'tenant:" + nameField + "'");
        // Checked here so that an error names the collection's own field (groupName, policyName...).
        Names.check("tenantName", p[0]);
        Names.check(nameField, p[1]);
        return new ScopedKey(p[0], p[1]);
    }

    @Override
    public int compareTo(ScopedKey o) {
        int c = tenant.compareTo(o.tenant);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return tenant + ":" + name;
    }
}
