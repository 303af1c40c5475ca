package io.tenet.shim.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.shim.host.Ovs;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant of the container on a switch port, as tenet-cni recorded it on the port's interface in OVSDB
 * ({@code external_ids:tenet-tenant}). Remembered until {@link #forget} (the agent calls it on every CNI call, the
 * only way a port changes hands), so that a query costs an OVSDB read only the first time a container asks.
 */
public final class ClientTenants {
    private static final Logger log = LoggerFactory.getLogger(ClientTenants.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Integer, Optional<String>> known = new ConcurrentHashMap<>();
    private final IntFunction<Optional<String>> lookup;

    /** Looks ports up in this host's OVSDB. */
    public ClientTenants() {
        this(ClientTenants::fromOvsdb);
    }

    /** {@code lookup} answers null when it cannot tell (then the next query asks again). */
    ClientTenants(IntFunction<Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** The tenant on {@code port}; empty when the port is no container's (or its container predates labels). */
    public Optional<String> tenantOf(int port) {
        Optional<String> t = known.computeIfAbsent(port, lookup::apply);
        return t == null ? Optional.empty() : t;
    }

    /** Forgets everything: a port may have changed hands. */
    public void forget() {
        known.clear();
    }

    private static Optional<String> fromOvsdb(int port) {
        try {
            JsonNode out = JSON.readTree(Ovs.vsctl("--format=json", "--columns=external_ids", "find", "Interface",
                    "ofport=" + port));
            // {"data":[[["map",[["key","value"],...]]]],"headings":["external_ids"]}
            for (JsonNode row : out.path("data")) {
                for (JsonNode pair : row.path(0).path(1)) {
                    if (pair.path(0).asText().equals("tenet-tenant")) {
                        return Optional.of(pair.path(1).asText());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot read the interface on port {} from OVSDB: {}", port, e.toString());
            return null;
        }
        return Optional.empty();
    }
}
