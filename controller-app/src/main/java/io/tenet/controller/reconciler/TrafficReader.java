package io.tenet.controller.reconciler;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Traffic;
import io.tenet.controller.api.Traffic.Counts;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.types.U64;

/**
 * Reads the flow counters of Tenet's flows on every switch at once (counters only, not the flows' matches and
 * actions: {@link OpenFlowSwitch#dumpFlowCounters}) and attributes them by cookie: the cookie
 * names the owner (an endpoint, a rule on a group, a group's default deny, a service), and the table says what the
 * count means (an endpoint's classification counts what it sent, its output what it received).
 */
public final class TrafficReader {
    /** How long a read waits for the slowest switch; a switch that does not answer in time is left out. */
    static final long TIMEOUT_MILLIS = 2000;

    /** Owners by cookie of the states installed; a state no switch holds any more is collected with its entry. */
    private static final Map<SwitchState, Map<Long, Cookie>> OWNERS = new java.util.WeakHashMap<>();

    private TrafficReader() {
    }

    /** One switch and what was last installed on it. */
    public record Source(OpenFlowSwitch sw, CompiledSwitch compiled) {
    }

    public static Traffic read(ModelSnapshot model, List<Source> sources) {
        List<CompletableFuture<List<FlowCounter>>> pending = new ArrayList<>();
        for (Source s : sources) {
            pending.add(s.sw().dumpFlowCounters(U64.of(Cookie.OWNER), U64.of(Cookie.OWNER_MASK)));
        }
        Map<String, Counts> out = new HashMap<>();
        Map<String, Counts> in = new HashMap<>();
        Map<String, Counts> denied = new HashMap<>();
        Map<String, Counts> rules = new HashMap<>();
        Map<String, Counts> services = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        Map<String, Endpoint> endpoints = model.get(ModelCollections.ENDPOINTS);
        for (int i = 0; i < sources.size(); i++) {
            List<FlowCounter> entries;
            try {
                entries = pending.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                continue;
            }
            Map<Long, Cookie> owners = owners(sources.get(i).compiled().state());
            for (FlowCounter e : entries) {
                Cookie c = owners.get(e.cookie());
                long packets = e.packets();
                if (c == null || packets == 0) {
                    continue;
                }
                long bytes = e.bytes();
                int table = e.tableId();
                String key = c.objectKey();
                switch (c.category()) {
                    case ENDPOINT -> {
                        if (table != PipelineTable.CLASSIFIER.id() && table != PipelineTable.OUTPUT.id()) {
                            break;
                        }
                        Endpoint ep = endpoints.get(key);
                        if (ep == null || ep.group().isEmpty()) {
                            break;
                        }
                        String group = new ScopedKey(ep.network().tenant(), ep.group()).toString();
                        if (table == PipelineTable.CLASSIFIER.id()) {
                            add(out, group, packets, bytes);
                        } else if (table == PipelineTable.OUTPUT.id()) {
                            add(in, group, packets, bytes);
                        }
                    }
                    case POLICY -> {
                        if (key.startsWith("default-deny ")) {
                            add(denied, key.substring("default-deny ".length()), packets, bytes);
                        } else {
                            add(rules, key, packets, bytes);
                        }
                    }
                    case SERVICE -> {
                        // The shared reject flow (services without providers) has the key "reject", no service's.
                        if (table == PipelineTable.SERVICE_LB.id() && key.contains(":")) {
                            add(services, key, packets, bytes);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return new Traffic(out, in, denied, rules, services);
    }

    /** The owners of a state's flows by cookie value, built once per installed state (states are immutable). */
    static Map<Long, Cookie> owners(SwitchState state) {
        synchronized (OWNERS) {
            return OWNERS.computeIfAbsent(state, st -> {
                Map<Long, Cookie> m = new HashMap<>();
                st.forEach(f -> m.putIfAbsent(f.cookie().value(), f.cookie()));
                return m;
            });
        }
    }

    private static void add(Map<String, Counts> m, String key, long packets, long bytes) {
        m.merge(key, new Counts(packets, bytes), (a, b) -> a.plus(b.packets(), b.bytes()));
    }
}
