package io.tenet.controller.api;

/** A network's identity: its tenant and its name, written {@code tenant:network} in REST keys. */
public record NetworkKey(String tenant, String network) implements Comparable<NetworkKey> {
    public NetworkKey {
        Names.check("tenantName", tenant);
        Names.check("networkName", network);
    }

    public static NetworkKey parse(String key) {
        int colon = key.indexOf(':');
        if (colon < 0 || key.indexOf(':', colon + 1) >= 0) {
            throw new ValidationException("key", "network key must be 'tenant:network', not '" + key + "'");
        }
        return new NetworkKey(key.substring(0, colon), key.substring(colon + 1));
    }

    @Override
    public int compareTo(NetworkKey o) {
        int c = tenant.compareTo(o.tenant);
        return c != 0 ? c : network.compareTo(o.network);
    }

    @Override
    public String toString() {
        return tenant + ":" + network;
    }
}
