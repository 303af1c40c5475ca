package io.tenet.controller.api;

/** A network's identity: its tenant and its name, written {@code tenant:network} in REST keys. */
public record NetworkKey(String tenant, String network) implements Comparable<NetworkKey> {
    public NetworkKey {
        Names.check("tenantName", tenant);
        Names.check("networkName", network);
    }

    public static NetworkKey parse(String key) {
        String[] p = Names.splitKey(key, 2, "network key must be 'tenant:network'");
        return new NetworkKey(p[0], p[1]);
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
