package io.tenet.system;

import io.tenet.testbed.ControllerOptions;
import io.tenet.testbed.Testbed;
import java.nio.file.Path;

/** Where the system tests find the build, and a guard that they run as root. */
final class TestbedSupport {
    private TestbedSupport() {
    }

    static Path home() {
        String home = System.getProperty("tenet.home", "build/tenet");
        return Path.of(home);
    }

    static Testbed start(int hosts) {
        return start(hosts, Testbed.Backend.STANDALONE);
    }

    static Testbed start(int hosts, Testbed.Backend backend) {
        return start(hosts, backend, ControllerOptions.DEFAULTS);
    }

    /** A standalone controller whose node timeout is {@code nodeTimeout}. */
    static Testbed start(int hosts, java.time.Duration nodeTimeout) {
        return start(hosts, Testbed.Backend.STANDALONE, nodeTimeout);
    }

    private static Testbed start(int hosts, Testbed.Backend backend, java.time.Duration nodeTimeout) {
        return start(hosts, backend, ControllerOptions.DEFAULTS.withNodeTimeout(nodeTimeout));
    }

    /** A controller run by {@code backend}, started with {@code options}. */
    static Testbed start(int hosts, Testbed.Backend backend, ControllerOptions options) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("system tests need root (network namespaces, Open vSwitch)");
        }
        return Testbed.start(home(), hosts, backend, options);
    }
}
