package io.tenet.controller.runtime;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.EventLog.Severity;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the endpoints of a node that stays away: when a registered node's switch has not been connected for
 * longer than the node timeout, its endpoints are deleted (their addresses return to the pool, every other host
 * stops sending to them) and the event log says so. A node that comes back sooner keeps them all. Away is counted
 * from the later of the switch's last connection and the controller's start, so a controller that restarts
 * reclaims nothing before a whole timeout has passed. The node itself stays registered: its containers come back
 * through CNI ADD when it returns, and their old host ends are what CNI GC removes.
 */
final class NodeReaper extends Sweeper {
    private static final Logger log = LoggerFactory.getLogger(NodeReaper.class);
    private final Map<String, Long> lastSeen = new HashMap<>();
    NodeReaper(ModelAdminService model, SwitchService switches, EventLog events, Duration timeout,
            LongSupplier nanoClock) {
        super("node-timeout", model, switches, events, timeout, nanoClock);
    }

    /** One look; returns the number of endpoints reclaimed. */
    @Override
    synchronized int look() {
        long now = clock.getAsLong();
        Set<String> connected = new HashSet<>();
        for (SwitchStatus s : switches.switches()) {
            connected.add(s.node());
        }
        int reclaimed = 0;
        ModelSnapshot snapshot = model.snapshot();
        Map<String, Node> nodes = snapshot.get(ModelCollections.NODES);
        lastSeen.keySet().retainAll(nodes.keySet());
        for (String node : nodes.keySet()) {
            if (connected.contains(node)) {
                lastSeen.put(node, now);
                continue;
            }
            long since = lastSeen.computeIfAbsent(node, n -> now);
            if (now - since <= timeout.toNanos()) {
                continue;
            }
            Map<String, Endpoint> on = ModelIndexes.endpointsOn(snapshot, node);
            if (on.isEmpty()) {
                continue;
            }
            int done = 0;
            for (String id : on.keySet()) {
                try {
                    if (model.delete(ModelCollections.ENDPOINTS, id)) {
                        done++;
                    }
                } catch (ValidationException e) {
                    log.warn("Endpoint {} of node {} not reclaimed: {}", id, node, e.getMessage());
                }
            }
            reclaimed += done;
            events.append(Severity.WARNING, "node", node, "away for more than " + timeout.toSeconds() + " s: its "
                    + done + " endpoint(s) reclaimed, their addresses freed");
            log.warn("Node {} away for more than {}: {} endpoint(s) reclaimed", node, timeout, done);
        }
        return reclaimed;
    }
}
