package io.tenet.store.etcd;

import io.etcd.jetcd.Client;
import io.tenet.controller.store.ModelStore;
import io.tenet.controller.store.StoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code etcd:} store: {@code etcd:http://10.0.0.1:2379,http://10.0.0.2:2379,...} names the client URLs of an
 * etcd cluster's members. Found by {@link java.util.ServiceLoader} standalone, an OSGi service in Karaf.
 */
@Component(service = StoreProvider.class)
public final class EtcdStoreProvider implements StoreProvider {
    /** How long one etcd request may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long a commit keeps asking etcd before the store reports etcd unavailable (and the write is refused). */
    static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String scheme() {
        return "etcd";
    }

    @Override
    public ModelStore open(String target) {
        return open(target, new Layout(Layout.ROOT));
    }

    /** Opens the store under another root than every controller's: for tests that share one etcd. */
    static EtcdStore open(String target, Layout layout) {
        List<URI> endpoints = endpoints(target);
        // No waiting for a connection and no retries inside the client: a request it held back could reach etcd
        // long after the store gave up on it. The store retries commits itself, each recognisable by its id.
        Client client = Client.builder().endpoints(endpoints.toArray(URI[]::new)).waitForReady(false)
                .retryMaxAttempts(0).connectTimeout(Duration.ofSeconds(2)).keepaliveTime(Duration.ofSeconds(5))
                .keepaliveTimeout(Duration.ofSeconds(3)).maxInboundMessageSize(256 << 20).build();
        EtcdStore store = new EtcdStore(client, layout, target, TIMEOUT, COMMIT_TIMEOUT);
        try {
            store.read();
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot read the model from etcd at " + target + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The members' client URLs: {@code http://host:port} (or https), separated by commas. */
    static List<URI> endpoints(String target) {
        List<URI> out = new ArrayList<>();
        for (String part : target.split(",", -1)) {
            URI uri;
            try {
                uri = URI.create(part.trim());
            } catch (IllegalArgumentException e) {
                throw malformed(part);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 1 || !(uri.getPath() == null || uri.getPath().isEmpty())
                    || uri.getQuery() != null) {
                throw malformed(part);
            }
            out.add(uri);
        }
        return out;
    }

    private static IllegalArgumentException malformed(String part) {
        return new IllegalArgumentException("etcd members are given as http://host:port separated by commas, and '"
                + part + "' is not one");
    }
}
