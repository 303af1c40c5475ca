package io.tenet.controller.runtime;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Typed configuration of the controller core, the same whether it runs standalone or in Karaf (PID
 * {@code io.tenet.controller}). Invalid values fail with {@link InvalidSettingException} naming the key.
 *
 * @param store {@code embedded} (the default: H2's MVStore in {@code dataDir}) or {@code <scheme>:<target>} for a
 *              store a {@link io.tenet.controller.store.StoreProvider} opens, such as
 *              {@code etcd:http://10.0.0.1:2379,http://10.0.0.2:2379}
 * @param nodeTimeout how long a node's switch may stay away before its endpoints are reclaimed ({@link NodeReaper});
 *                    zero never reclaims them
 * @param mastershipTtl on a shared store, how long a controller's switch mastership outlives it: the lease that
 *                      its death lets lapse, after which another controller takes its switches over
 * @param portTimeout how long an endpoint the CNI plugin made may go without its port on its node's connected switch
 *                    before it is reclaimed ({@link PortSweeper}); zero never reclaims it
 */
public record ControllerSettings(InetAddress bind, int openFlowPort, Path dataDir, String store,
        Duration auditInterval, Duration nodeTimeout, Duration mastershipTtl, Duration portTimeout) {
    public static final String STORE_EMBEDDED = "embedded";
    /** Ten minutes: a host's reboot or an Open vSwitch upgrade comes back well within it. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMinutes(10);

    /** Three seconds: a dead master's switches have a new one well within the 5 s a failover may take. */
    public static final Duration DEFAULT_MASTERSHIP_TTL = Duration.ofSeconds(3);

    /**
     * Two minutes: a CNI ADD attaches its port within a second of creating the endpoint, so an endpoint without one
     * for this long was left by a plugin that died in the middle.
     */
    public static final Duration DEFAULT_PORT_TIMEOUT = Duration.ofMinutes(2);

    /** The settings with the default node timeout. */
    public ControllerSettings(InetAddress bind, int openFlowPort, Path dataDir, String store, Duration auditInterval) {
        this(bind, openFlowPort, dataDir, store, auditInterval, DEFAULT_NODE_TIMEOUT);
    }

    /** The settings with the default mastership lease. */
    public ControllerSettings(InetAddress bind, int openFlowPort, Path dataDir, String store, Duration auditInterval,
            Duration nodeTimeout) {
        this(bind, openFlowPort, dataDir, store, auditInterval, nodeTimeout, DEFAULT_MASTERSHIP_TTL);
    }

    /** The settings with the default port timeout. */
    public ControllerSettings(InetAddress bind, int openFlowPort, Path dataDir, String store, Duration auditInterval,
            Duration nodeTimeout, Duration mastershipTtl) {
        this(bind, openFlowPort, dataDir, store, auditInterval, nodeTimeout, mastershipTtl, DEFAULT_PORT_TIMEOUT);
    }

    public ControllerSettings {
        Objects.requireNonNull(bind, "bind");
        port("openflowPort", openFlowPort);
        if (dataDir == null) {
            throw new InvalidSettingException("dataDir", "is required");
        }
        if (store == null || !STORE_EMBEDDED.equals(store) && (!store.matches("[a-z][a-z0-9+.-]*:\\S+")
                || store.startsWith(STORE_EMBEDDED + ":"))) {
            throw new InvalidSettingException("store", "must be '" + STORE_EMBEDDED
                    + "' or '<scheme>:<target>' such as 'etcd:http://10.0.0.1:2379', not '" + store + "'");
        }
        if (auditInterval == null || auditInterval.toMillis() < 100) {
            throw new InvalidSettingException("auditInterval", "must be at least 100 ms, not " + auditInterval);
        }
        if (nodeTimeout == null || nodeTimeout.isNegative() || !nodeTimeout.isZero() && nodeTimeout.toMillis() < 1000) {
            throw new InvalidSettingException("nodeTimeout", "must be 0 (never) or at least 1 s, not " + nodeTimeout);
        }
        if (portTimeout == null || portTimeout.isNegative() || !portTimeout.isZero() && portTimeout.toMillis() < 1000) {
            throw new InvalidSettingException("portTimeout", "must be 0 (never) or at least 1 s, not " + portTimeout);
        }
        if (mastershipTtl == null || mastershipTtl.getSeconds() < 2 || mastershipTtl.getNano() != 0) {
            throw new InvalidSettingException("mastershipTtl", "must be whole seconds, at least 2 s, not "
                    + mastershipTtl);
        }
    }

    /** The store's scheme: {@code embedded}, or what comes before the first colon ({@code etcd}). */
    public String storeScheme() {
        return store.equals(STORE_EMBEDDED) ? STORE_EMBEDDED : store.substring(0, store.indexOf(':'));
    }

    /** What the store's provider opens: the setting after {@code "<scheme>:"}; empty for the embedded store. */
    public String storeTarget() {
        return store.equals(STORE_EMBEDDED) ? "" : store.substring(store.indexOf(':') + 1);
    }

    /** Returns {@code value} when it is a TCP port number (0 for any free port), else throws naming {@code key}. */
    public static int port(String key, int value) {
        if (value < 0 || value > 65535) {
            throw new InvalidSettingException(key, "must be 0-65535, not " + value);
        }
        return value;
    }

    /** Parses an address setting, naming the key when it is not an IP address. */
    public static InetAddress address(String key, String value) {
        if (value == null || !value.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new InvalidSettingException(key, "must be an IP address, not '" + value + "'");
        }
        try {
            return InetAddress.getByName(value);
        } catch (java.net.UnknownHostException e) {
            throw new InvalidSettingException(key, "must be an IP address, not '" + value + "'");
        }
    }

    /** A setting the controller cannot run with; the message names the key. */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private final String key;

        public InvalidSettingException(String key, String problem) {
            super(key + " " + problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
