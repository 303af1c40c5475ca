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
        int colon = key.indexOf(':');
        if (colon < 0 || key.indexOf(':', colon + 1) >= 0) {
            throw new ValidationException("key", "key must be 'tenant:" + nameField + "', not '" + key + "'");
        }
        Names.check("tenantName", key.substring(0, colon));
        Names.check(nameField, key.substring(colon + 1));
        return new ScopedKey(key.substring(0, colon), key.substring(colon + 1));
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
