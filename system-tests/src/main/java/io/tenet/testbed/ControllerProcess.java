package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The testbed's controller, run the way its {@link Testbed.Backend} says (the standalone launcher, the Karaf
 * distribution, or not at all) on the management bridge's address, with its ports and data directory kept from one
 * start to the next, so a restart after {@link #kill} finds the same store.
 */
final class ControllerProcess {
    private final Testbed.Backend backend;
    private final Path home;
    private final Path dir;
    private final String bind;
    private final int apiPort;
    private final int ofPort;
    private final Api api;
    private final ControllerOptions options;
    private Process standalone;
    private KarafInstance karaf;

    ControllerProcess(Testbed.Backend backend, Path home, Path dir, String bind, int apiPort, int ofPort, Api api,
            ControllerOptions options) {
        this.options = options;
        this.backend = backend;
        this.home = home;
        this.dir = dir;
        this.bind = bind;
        this.apiPort = apiPort;
        this.ofPort = ofPort;
        this.api = api;
    }

    /** Its REST API. */
    Api api() {
        return api;
    }

    /** Its OpenFlow target, as {@code tenet-node init --controller} takes it. */
    String target() {
        return "tcp:" + bind + ":" + ofPort;
    }

    /** Starts (or restarts) it and waits for its REST API. */
    void start() throws IOException {
        switch (backend) {
            case NONE -> {
                return;
            }
            case STANDALONE -> {
                Path log = dir.resolve("controller.log");
                java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(
                        home.resolve("bin/tenet-controller").toString(), "--bind", bind, "--api-port",
                        Integer.toString(apiPort), "--of-port", Integer.toString(ofPort), "--data-dir",
                        dir.resolve("controller-data").toString(), "--audit-interval", "PT2S"));
                if (options.nodeTimeout() != null) {
                    argv.addAll(java.util.List.of("--node-timeout", options.nodeTimeout().toString()));
                }
                if (options.portTimeout() != null) {
                    argv.addAll(java.util.List.of("--port-timeout", options.portTimeout().toString()));
                }
                if (options.store() != null) {
                    argv.addAll(java.util.List.of("--store", options.store()));
                }
                java.nio.file.Files.createDirectories(dir);
                ProcessBuilder pb = new ProcessBuilder(argv);
                pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                standalone = pb.start();
            }
            case KARAF -> {
                if (karaf == null) {
                    karaf = KarafInstance.prepare(home.resolveSibling("tenet-karaf"), dir.resolve("karaf"), bind,
                            apiPort);
                    KarafInstance.setProperty(karaf.home().resolve("etc/io.tenet.controller.cfg"), Map.of(
                            "bind", bind, "openflowPort", Integer.toString(ofPort),
                            "dataDir", dir.resolve("controller-data").toString(), "auditIntervalSeconds", "2",
                            "nodeTimeoutSeconds", seconds(options.nodeTimeout(), "600"),
                            "portTimeoutSeconds", seconds(options.portTimeout(), "120"),
                            "store", options.store() == null ? "embedded" : options.store()));
                }
                karaf.start();
            }
        }
        Poll.require(Duration.ofSeconds(90), () -> "the controller's REST API (" + backend + ", logs in " + dir + ")",
                () -> alive() && api.get("/api/v1/tenants/").status() == 200);
    }

    private static String seconds(Duration d, String otherwise) {
        return d == null ? otherwise : Long.toString(d.toSeconds());
    }

    private boolean alive() {
        return backend == Testbed.Backend.KARAF ? karaf.isAlive() : standalone.isAlive();
    }

    /** The standalone controller's process id (the JVM's: its launcher execs java). */
    long pid() {
        if (standalone == null) {
            throw new IllegalStateException("no standalone controller runs (" + backend + ")");
        }
        return standalone.pid();
    }

    /** Kills it outright, as a crash would. */
    void kill() {
        if (karaf != null) {
            karaf.kill();
        }
        if (standalone != null) {
            standalone.destroyForcibly();
            try {
                standalone.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
