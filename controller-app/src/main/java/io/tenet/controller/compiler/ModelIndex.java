package io.tenet.controller.compiler;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.pipeline.FlowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every switch's compilation needs from one snapshot, computed once per snapshot rather than once per
 * switch: networks in order, their endpoints, each endpoint's group id. The last index is kept, so the switches
 * reconciled after one change share it.
 */
record ModelIndex(ModelSnapshot snapshot, List<Network> networks, Map<NetworkKey, List<Endpoint>> endpoints,
        Map<String, Integer> groupIds, Map<String, FlowSpec> arpAnswers, Map<String, FlowSpec> tunnelIdentities) {
    private static final AtomicReference<ModelIndex> LAST = new AtomicReference<>();

    static ModelIndex of(ModelSnapshot snapshot) {
        ModelIndex last = LAST.get();
        if (last != null && last.snapshot == snapshot) {
            return last;
        }
        Map<NetworkKey, List<Endpoint>> byNetwork = new HashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        for (Endpoint e : snapshot.endpoints().values()) {
            byNetwork.computeIfAbsent(e.network(), k -> new ArrayList<>()).add(e);
            groups.put(e.id(), snapshot.groupOf(e).map(EndpointGroup::id).orElse(0));
        }
        // The flows that are the same on every switch are built once and shared (they are immutable).
        Map<String, FlowSpec> arp = new HashMap<>();
        Map<String, FlowSpec> identities = new HashMap<>();
        for (Endpoint e : snapshot.endpoints().values()) {
            Network n = snapshot.networks().get(e.network());
            if (n != null) {
                arp.put(e.id(), DatapathCompiler.arpAnswer(e, n));
                identities.put(e.id(), DatapathCompiler.tunnelIdentity(e, n, groups.get(e.id())));
            }
        }
        ModelIndex index = new ModelIndex(snapshot, List.copyOf(new TreeMap<>(snapshot.networks()).values()),
                byNetwork, groups, arp, identities);
        LAST.set(index);
        return index;
    }
}
