package io.tenet.shim.host;

import java.util.ArrayList;
import java.util.List;

/**
 * ovs-vsctl, found the way the OVS tools find their database: through {@code OVS_RUNDIR} (default
 * /var/run/openvswitch), inherited from the environment.
 */
public final class Ovs {
    private Ovs() {
    }

    /** Runs one ovs-vsctl transaction made of the given commands, each a list of words, joined with "--". */
    public static String vsctl(List<List<String>> commands) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--timeout=15"));
        boolean first = true;
        for (List<String> c : commands) {
            if (!first) {
                argv.add("--");
            }
            argv.addAll(c);
            first = false;
        }
        return Exec.check(argv, null);
    }

    public static String vsctl(String... words) {
        return vsctl(List.of(List.of(words)));
    }

    /** The value of a column, without quotes; empty when unset. */
    public static String get(String table, String record, String column) {
        Exec.Result r = Exec.run(List.of("ovs-vsctl", "--timeout=15", "--if-exists", "get", table, record, column), null);
        if (!r.ok()) {
            return "";
        }
        String v = r.stdout().strip();
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
    }

    public static boolean portExists(String bridge, String port) {
        Exec.Result r = Exec.run(List.of("ovs-vsctl", "--timeout=15", "port-to-br", port), null);
        return r.ok() && r.stdout().strip().equals(bridge);
    }
}
