package io.tenet.shim.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code tenet-node init} leaves for the CNI plugin and the agent, in {@code $TENET_RUNDIR/node.json}
 * (default /run/tenet): the node's name, the controller's REST address, the bridge's datapath type, and whether
 * the node DNS path is set up (containers then get the node DNS address in their CNI result).
 */
public record NodeState(String name, String api, String datapath, String bridge, boolean dns, int underlayMtu) {
    public static final String FILE = "node.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path runDir() {
        String dir = System.getenv("TENET_RUNDIR");
        return Path.of(dir == null || dir.isEmpty() ? "/run/tenet" : dir);
    }

    public static NodeState load() throws IOException {
        Path file = runDir().resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("this host is not initialised (" + file + " is missing); run `tenet-node init`");
        }
        return JSON.readValue(file.toFile(), NodeState.class);
    }

    public void save() throws IOException {
        Path dir = runDir();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public boolean userspace() {
        return "netdev".equals(datapath);
    }
}
