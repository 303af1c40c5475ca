package io.tenet.shim.dns;

import io.tenet.shim.host.Exec;
import io.tenet.shim.host.Links;
import io.tenet.shim.host.Ovs;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * The host side of the node DNS path (the controller's NodeDnsFeature is the datapath side; the addresses must
 * agree). A veth pair links br-int ({@link #PORT}) to the host ({@link #HOST_IF}, holding {@link #SERVER} with
 * MAC {@link #SERVER_MAC}), where the responder listens. Containers send queries to {@link #SERVER}; the datapath
 * gives each the client address {@code 169.254.64.0 + port}, which the host routes back through the pair
 * (via a permanent neighbour, so the host never ARPs for a client), and which tells the responder the asking
 * container's switch port.
 */
public final class NodeDns {
    public static final String SERVER = "169.254.53.53";
    public static final String SERVER_MAC = "02:7e:00:00:00:53";
    /** The next hop the host routes client addresses to: a permanent neighbour on {@link #HOST_IF}. */
    static final String PEER = "169.254.53.54";
    static final String PEER_MAC = "02:7e:00:00:00:54";
    public static final String CLIENTS = "169.254.64.0/18";
    private static final int CLIENT_BASE = 169 << 24 | 254 << 16 | 64 << 8;
    private static final int CLIENT_PORTS = 1 << 14;
    /** The pair's end on br-int, which the controller recognises by name. */
    public static final String PORT = "tenet-dns0";
    /** The pair's end in the host, where the responder listens. */
    public static final String HOST_IF = "tenet-dns1";

    private NodeDns() {
    }

    /** Creates (or completes) the pair, the address, the route back and the port on {@code bridge}. Idempotent. */
    public static void plumb(String bridge) {
        if (!Links.exists(HOST_IF)) {
            Exec.check("ip", "link", "add", PORT, "type", "veth", "peer", "name", HOST_IF);
        }
        for (String ifc : List.of(PORT, HOST_IF)) {
            Exec.run(List.of("sysctl", "-qw", "net.ipv6.conf." + ifc + ".disable_ipv6=1"), null);
        }
        Exec.check("ip", "link", "set", HOST_IF, "address", SERVER_MAC);
        Exec.check("ip", "link", "set", PORT, "up");
        Exec.check("ip", "link", "set", HOST_IF, "up");
        Exec.check("ip", "addr", "replace", SERVER + "/32", "dev", HOST_IF);
        Exec.check("ip", "neigh", "replace", PEER, "lladdr", PEER_MAC, "dev", HOST_IF, "nud", "permanent");
        Exec.check("ip", "route", "replace", CLIENTS, "via", PEER, "dev", HOST_IF, "onlink");
        // The userspace datapath forwards unfinished UDP checksums as they are: finish them in the host.
        Exec.run(List.of("ethtool", "-K", HOST_IF, "tx", "off"), null);
        Ovs.vsctl("--may-exist", "add-port", bridge, PORT);
    }

    /** The client address of the container on switch port {@code port} (below 16384). */
    public static String clientAddress(int port) {
        if (port <= 0 || port >= CLIENT_PORTS) {
            throw new IllegalArgumentException("port " + port + " has no client address");
        }
        int a = CLIENT_BASE + port;
        return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    /** The switch port of the container a query came from, if {@code source} is a client address. */
    public static OptionalInt clientPort(InetAddress source) {
        if (!(source instanceof Inet4Address)) {
            return OptionalInt.empty();
        }
        byte[] b = source.getAddress();
        int a = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int port = a - CLIENT_BASE;
        return port > 0 && port < CLIENT_PORTS ? OptionalInt.of(port) : OptionalInt.empty();
    }
}
