package io.tenet.controller.standalone;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Typed configuration of a controller process. */
public record ControllerSettings(InetAddress bind, int apiPort, int openFlowPort, Path dataDir, Duration auditInterval) {
    public ControllerSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "data-dir");
        checkPort("api-port", apiPort);
        checkPort("of-port", openFlowPort);
        if (auditInterval.toMillis() < 100) {
            throw new IllegalArgumentException("audit-interval must be at least 100 ms, not " + auditInterval);
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0-65535, not " + port);
        }
    }
}
