package io.tenet.controller.runtime;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.EventLog.Severity;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each node's switch ports with the node's endpoints and reclaims the endpoints whose port is missing:
 * a CNI ADD creates the endpoint (and so allocates its address) before it makes the container's interface and
 * attaches it to br-int, so a plugin that dies in between leaves an endpoint with no port, holding an address
 * for good when the runtime never calls GC. An endpoint the CNI plugin made (it carries {@link #MADE_BY_CNI})
 * whose port has been missing from its node's connected switch for longer than the port timeout is deleted, and
 * the event log says so. Only the controller that writes to the switch (its master) looks at it; missing is
 * counted from the first look that saw the switch connected without the port, so a switch that reconnects, or a
 * controller that restarts, starts the count again. Endpoints made through the REST API alone are never touched:
 * they may have no port by design.
 */
final class PortSweeper extends Sweeper {
    private static final Logger log = LoggerFactory.getLogger(PortSweeper.class);
    /** The attribute the CNI plugin gives every endpoint it makes (the container's interface name). */
    static final String MADE_BY_CNI = "CNI_IFNAME";
    /** When each endpoint was first seen without its port, by endpoint id. */
    private final Map<String, Long> missingSince = new HashMap<>();

    PortSweeper(ModelAdminService model, SwitchService switches, EventLog events, Duration timeout,
            LongSupplier nanoClock) {
        super("port-timeout", model, switches, events, timeout, nanoClock);
    }

    /** One look; returns the number of endpoints reclaimed. */
    @Override
    synchronized int look() {
        long now = clock.getAsLong();
        ModelSnapshot snapshot = model.snapshot();
        Set<String> watched = new HashSet<>();
        int reclaimed = 0;
        for (String node : snapshot.get(ModelCollections.NODES).keySet()) {
            Optional<Set<String>> ports = switches.ports(node);
            if (ports.isEmpty()) {
                continue;
            }
            for (Endpoint e : ModelIndexes.endpointsOn(snapshot, node).values()) {
                if (!e.attributes().containsKey(MADE_BY_CNI) || ports.get().contains(e.intfName())) {
                    continue;
                }
                watched.add(e.id());
                long since = missingSince.computeIfAbsent(e.id(), id -> now);
                if (now - since > timeout.toNanos() && reclaim(e)) {
                    reclaimed++;
                }
            }
        }
        missingSince.keySet().retainAll(watched);
        return reclaimed;
    }

    private boolean reclaim(Endpoint e) {
        try {
            if (!model.delete(ModelCollections.ENDPOINTS, e.id())) {
                return false;
            }
        } catch (ValidationException | IllegalStateException refused) {
            log.warn("Endpoint {} of node {} has had no port for more than {} but was not reclaimed: {}", e.id(),
                    e.node(), timeout, refused.getMessage());
            return false;
        }
        missingSince.remove(e.id());
        events.append(Severity.WARNING, "endpoint", e.id(), "no port " + e.intfName() + " on node " + e.node()
                + "'s switch for more than " + timeout.toSeconds() + " s (a CNI ADD that did not finish):"
                + " reclaimed, address " + e.ip() + " freed");
        log.warn("Endpoint {} reclaimed: no port {} on node {} for more than {}", e.id(), e.intfName(), e.node(),
                timeout);
        return true;
    }
}
