package io.tenet.shim.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's resolvers, the {@code nameserver} lines of its resolv.conf (read again whenever the file changes),
 * to which the responder forwards the names it does not own. The node DNS address itself is left out, so that a
 * host that names it never forwards to itself.
 */
public final class Upstreams {
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final int DNS_PORT = 53;
    private final Path file;
    private FileTime read;
    private List<InetSocketAddress> servers = List.of();

    private final List<InetSocketAddress> fixed;

    public Upstreams(Path file) {
        this.file = file;
        this.fixed = null;
    }

    /** Resolvers given outright, not read from a file (tests). */
    Upstreams(List<InetSocketAddress> servers) {
        this.file = Path.of("(given)");
        this.fixed = List.copyOf(servers);
    }

    /** The resolvers, in the file's order; none when the file is missing or names none. */
    public synchronized List<InetSocketAddress> servers() {
        if (fixed != null) {
            return fixed;
        }
        try {
            FileTime now = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (now == null) {
                servers = List.of();
            } else if (!now.equals(read)) {
                servers = parse(Files.readString(file));
            }
            read = now;
        } catch (IOException e) {
            servers = List.of();
        }
        return servers;
    }

    /** The nameserver addresses of a resolv.conf text (numeric addresses only, as resolv.conf requires). */
    static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !words[0].equals("nameserver") || words[1].equals(NodeDns.SERVER)) {
                continue;
            }
            if (!words[1].matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
                continue;
            }
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(words[1]), DNS_PORT));
            } catch (UnknownHostException e) {
                // not an address: resolv.conf names servers by address only
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
