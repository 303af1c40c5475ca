package io.tenet.controller.store;

/**
 * Opens a {@link ModelStore} kept somewhere other than the embedded default: the controller's {@code store} setting
 * {@code <scheme>:<target>} (for example {@code etcd:http://a:2379,http://b:2379}) picks the provider of that scheme.
 * Standalone, providers are found with {@link java.util.ServiceLoader}; in Karaf they are OSGi services, so the
 * controller waits for the bundle of the scheme it is configured with.
 */
public interface StoreProvider {
    /** The scheme this provider serves, such as {@code etcd}: lower case, never {@code embedded}. */
    String scheme();

    /**
     * Opens the store named by {@code target}, the setting after {@code "<scheme>:"}.
     *
     * @throws IllegalArgumentException when {@code target} is malformed; the message says what is expected
     * @throws IllegalStateException    when the store cannot be reached or read; nothing is left open
     */
    ModelStore open(String target);
}
