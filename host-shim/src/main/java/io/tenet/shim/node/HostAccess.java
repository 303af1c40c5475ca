package io.tenet.shim.node;

import io.tenet.shim.dns.NodeDns;
import io.tenet.shim.host.Exec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host side of external access: containers reach the host and the world through the host port (the node
 * DNS pair), from their client address ({@code 169.254.64.0 + port}, which the datapath gives them and which is
 * unique on the host even where tenants overlap); the host's stack forwards and masquerades it to the host's own
 * address, and un-masquerades the replies, which the host routes back through the pair. Nothing from outside
 * reaches a client address but those replies and the connections to a published port (a DNAT from a host port,
 * held in the nftables map {@code published} of table {@code ip tenet}). docs/modes.md describes it.
 */
public final class HostAccess {
    public static final String TABLE = "tenet";
    public static final String MAP = "published";

    /** One published port: {@code protocol} (tcp or udp) {@code hostPort} on the host to the container's port. */
    public record PortMapping(String protocol, int hostPort, int containerPort) {
        public PortMapping {
            protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol.toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("protocol must be tcp or udp, not " + protocol);
            }
            if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
                throw new IllegalArgumentException("ports must be 1-65535: " + hostPort + " to " + containerPort);
            }
        }

        /** {@code tcp:8080:80}, as the host port's OVSDB record keeps it. */
        @Override
        public String toString() {
            return protocol + ":" + hostPort + ":" + containerPort;
        }

        public static PortMapping parse(String text) {
            String[] p = text.split(":");
            if (p.length != 3) {
                throw new IllegalArgumentException("not protocol:hostPort:containerPort: " + text);
            }
            return new PortMapping(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
    }

    private HostAccess() {
    }

    /** Turns on forwarding and creates the table, unless it exists. Idempotent. */
    public static void plumb() {
        Exec.check("sysctl", "-qw", "net.ipv4.ip_forward=1");
        if (Exec.run(List.of("nft", "list", "table", "ip", TABLE), null).ok()) {
            return;
        }
        String clients = NodeDns.CLIENTS;
        String host = NodeDns.HOST_IF;
        Exec.check(List.of("nft", "-f", "-"), String.join("\n",
                "table ip " + TABLE + " {",
                "  map " + MAP + " { type inet_proto . inet_service : ipv4_addr . inet_service; }",
                "  chain prerouting { type nat hook prerouting priority dstnat; policy accept;",
                "    iifname != \"" + host + "\" dnat ip to meta l4proto . th dport map @" + MAP + "; }",
                "  chain postrouting { type nat hook postrouting priority srcnat; policy accept;",
                "    ip saddr " + clients + " oifname != \"" + host + "\" masquerade; }",
                "  chain forward { type filter hook forward priority filter; policy accept;",
                "    ip daddr " + clients + " ct state established,related accept;",
                "    ip daddr " + clients + " ct status dnat accept;",
                "    ip daddr " + clients + " drop; }",
                "}", ""));
    }

    /**
     * Publishes {@code mappings} to the container whose client address is {@code client}: all or none (a host port
     * already published, to anyone, refuses the lot and leaves nothing behind).
     */
    public static void publish(List<PortMapping> mappings, String client) {
        List<PortMapping> done = new ArrayList<>();
        try {
            for (PortMapping m : mappings) {
                if (Exec.run(List.of("nft", "get", "element", "ip", TABLE, MAP, "{ " + key(m) + " }"), null).ok()) {
                    throw new IllegalStateException(m.protocol() + " port " + m.hostPort()
                            + " of this host is already published");
                }
                Exec.check("nft", "add", "element", "ip", TABLE, MAP, "{ " + key(m) + " : " + client + " . "
                        + m.containerPort() + " }");
                done.add(m);
            }
        } catch (RuntimeException e) {
            unpublish(done);
            throw e;
        }
    }

    /** Withdraws {@code mappings}; those not published are skipped. */
    public static void unpublish(List<PortMapping> mappings) {
        for (PortMapping m : mappings) {
            Exec.run(List.of("nft", "delete", "element", "ip", TABLE, MAP, "{ " + key(m) + " }"), null);
        }
    }

    private static String key(PortMapping m) {
        return m.protocol() + " . " + m.hostPort();
    }
}
