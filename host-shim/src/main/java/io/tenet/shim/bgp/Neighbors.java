package io.tenet.shim.bgp;

import io.tenet.shim.host.Exec;
import java.util.List;

/**
 * The MACs of next hops, from the host's neighbour table: the BGP neighbour's is there once its session is up;
 * another next hop on the link (a third-party next hop) is resolved by sending it one ping.
 */
final class Neighbors {
    private Neighbors() {
    }

    /** The MAC of {@code ip} if the kernel knows it (reachable, stale or delayed), else null. */
    static String mac(String ip) {
        Exec.Result r = Exec.run(List.of("ip", "-4", "neigh", "show", "to", ip), null);
        if (!r.ok()) {
            return null;
        }
        for (String line : r.stdout().split("\n")) {
            String[] w = line.trim().split("\\s+");
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i].equals("lladdr") && !line.contains("FAILED") && !line.contains("INCOMPLETE")) {
                    return w[i + 1];
                }
            }
        }
        return null;
    }

    /** Asks the kernel to resolve {@code ip}: one echo request, not waited for. */
    static void resolve(String ip) {
        try {
            new ProcessBuilder("ping", "-c", "1", "-W", "1", "-q", ip).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            // the next report tries again
        }
    }
}
