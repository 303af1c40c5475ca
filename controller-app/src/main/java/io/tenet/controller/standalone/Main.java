package io.tenet.controller.standalone;

import io.tenet.controller.runtime.ControllerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenet-controller}: the standalone controller, on the embedded store or on etcd. */
@Command(name = "tenet-controller", mixinStandardHelpOptions = true, version = "tenet-controller 0.1.0",
        description = "Runs the Tenet SDN controller: REST API, OpenFlow listener, flow compiler and reconciler.")
public final class Main implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--api-port", defaultValue = "9999", description = "REST port (default ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--of-port", defaultValue = "6653", description = "OpenFlow port (default ${DEFAULT-VALUE}).")
    int ofPort;

    @Option(names = "--data-dir", defaultValue = "/var/lib/tenet", description = "Where the embedded store lives (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--store", defaultValue = ControllerSettings.STORE_EMBEDDED, description = "Where the model is"
            + " kept: 'embedded' (in --data-dir) or 'etcd:http://a:2379,http://b:2379,...' for a cluster of"
            + " controllers on etcd (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--audit-interval", defaultValue = "PT60S", description = "How often every switch's flows are re-read and repaired, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration audit;

    @Option(names = "--node-timeout", defaultValue = "PT10M", description = "How long a node's switch may stay"
            + " away before its endpoints are reclaimed and their addresses freed, ISO-8601; PT0S never"
            + " (default ${DEFAULT-VALUE}).")
    Duration nodeTimeout;

    @Option(names = "--mastership-ttl", defaultValue = "PT3S", description = "On a shared store (etcd): how long"
            + " a dead controller's switch mastership lasts before another controller takes over, ISO-8601, whole"
            + " seconds (default ${DEFAULT-VALUE}).")
    Duration mastershipTtl;

    @Option(names = "--port-timeout", defaultValue = "PT2M", description = "How long an endpoint the CNI plugin"
            + " made may go without its port on its node's switch before it is reclaimed and its address freed"
            + " (a plugin that died in the middle of an ADD), ISO-8601; PT0S never (default ${DEFAULT-VALUE}).")
    Duration portTimeout;

    @Override
    public Integer call() throws Exception {
        ControllerSettings settings;
        try {
            ControllerSettings.port("api-port", apiPort);
            settings = new ControllerSettings(ControllerSettings.address("bind", bind), ofPort, dataDir,
                    store, audit, nodeTimeout, mastershipTtl, portTimeout);
        } catch (IllegalArgumentException e) {
            System.err.println("tenet-controller: invalid setting: " + e.getMessage());
            return 2;
        }
        TenetController controller;
        try {
            controller = new TenetController(settings, apiPort);
        } catch (java.net.BindException | java.io.UncheckedIOException e) {
            System.err.println("tenet-controller: cannot listen on " + bind + " (--api-port " + apiPort
                    + ", --of-port " + ofPort + "): " + e.getMessage());
            return 1;
        } catch (ControllerSettings.InvalidSettingException e) {
            System.err.println("tenet-controller: invalid setting: --" + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("tenet-controller: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.close();
            stopped.countDown();
        }, "tenet-shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
