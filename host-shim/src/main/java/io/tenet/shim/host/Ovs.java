package io.tenet.shim.host;

import java.util.ArrayList;
import java.util.List;

/**
 * ovs-vsctl, found the way the OVS tools find their database: through {@code OVS_RUNDIR} (default
 * /var/run/openvswitch), inherited from the environment.
 */
public final class Ovs {
    private static final List<String> VSCTL = List.of("ovs-vsctl", "--timeout=15");

    private Ovs() {
    }

    /** Runs one ovs-vsctl transaction made of the given commands, each a list of words, joined with "--". */
    public static String vsctl(List<List<String>> commands) {
        List<String> argv = new ArrayList<>(VSCTL);
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

    public static boolean portExists(String bridge, String port) {
        List<String> argv = new ArrayList<>(VSCTL);
        argv.addAll(List.of("port-to-br", port));
        Exec.Result r = Exec.run(argv, null);
        return r.ok() && r.stdout().strip().equals(bridge);
    }
}
