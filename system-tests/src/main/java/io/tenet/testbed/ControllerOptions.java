package io.tenet.testbed;

import java.time.Duration;

/**
 * What a testbed's controllers are started with beyond the testbed's own settings; null for the controller's
 * default.
 *
 * @param nodeTimeout {@code --node-timeout} (Karaf {@code nodeTimeoutSeconds})
 * @param portTimeout {@code --port-timeout} (Karaf {@code portTimeoutSeconds})
 * @param store       {@code --store}, such as {@code etcd:http://...} (Karaf {@code store})
 */
public record ControllerOptions(Duration nodeTimeout, Duration portTimeout, String store) {
    public static final ControllerOptions DEFAULTS = new ControllerOptions(null, null, null);

    public ControllerOptions withNodeTimeout(Duration d) {
        return new ControllerOptions(d, portTimeout, store);
    }

    public ControllerOptions withPortTimeout(Duration d) {
        return new ControllerOptions(nodeTimeout, d, store);
    }

    public ControllerOptions withStore(String s) {
        return new ControllerOptions(nodeTimeout, portTimeout, s);
    }
}
