package io.tenet.controller.compiler;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
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
        Map<String, Integer> groupIds) {
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
        ModelIndex index = new ModelIndex(snapshot, List.copyOf(new TreeMap<>(snapshot.networks()).values()),
                byNetwork, groups);
        LAST.set(index);
        return index;
    }
}
