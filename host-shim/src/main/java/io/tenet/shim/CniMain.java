package io.tenet.shim;

import io.tenet.shim.cni.CniInvocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CNI plugin run in-process: what {@code bin/tenet-cni} falls back to when no {@code tenet-node agent}
 * answers on this host. The work is the same {@link CniInvocation} the agent runs.
 */
public final class CniMain {
    /** The agent's socket, in {@code $TENET_RUNDIR} (default /run/tenet). */
    public static final String SOCKET = "cni.sock";

    private CniMain() {
    }

    public static void main(String[] args) throws IOException {
        byte[] stdin = System.in.readAllBytes();
        Map<String, String> env = new TreeMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("CNI_")) {
                env.put(k, v);
            }
        });
        CniInvocation.Outcome o = CniInvocation.handle(env, stdin);
        System.out.write(o.stdout().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        System.exit(o.exitCode());
    }
}
