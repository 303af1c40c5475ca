package io.tenet.shim.cni;

import io.tenet.shim.node.NodeState;
import java.io.IOException;
import java.util.Map;

/** One plugin call, from environment and stdin to exit code and stdout; shared by the agent and the plugin. */
public final class CniInvocation {
    private CniInvocation() {
    }

    /** What the plugin prints and how it exits. */
    public record Outcome(int exitCode, String stdout) {
    }

    public static Outcome handle(Map<String, String> env, byte[] stdin) {
        String version = "1.0.0";
        try {
            CniRequest r = CniRequest.parse(env, stdin);
            version = r.cniVersion();
            if (r.command().equals("VERSION")) {
                return new Outcome(0, CniPlugin.version());
            }
            NodeState node;
            try {
                node = NodeState.load();
            } catch (IOException e) {
                throw new CniException(r.command().equals("STATUS") ? CniException.NOT_AVAILABLE
                        : CniException.INVALID_CONFIG, e.getMessage());
            }
            return new Outcome(0, new CniPlugin(node).run(r));
        } catch (CniException e) {
            return new Outcome(1, CniPlugin.errorJson(version, e));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(CniInvocation.class).error("CNI {} failed unexpectedly",
                    env.get("CNI_COMMAND"), e);
            return new Outcome(1, CniPlugin.errorJson(version, new CniException(CniException.IO_FAILURE,
                    "internal error: " + e, "")));
        }
    }
}
