package io.tenet.controller.compiler;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.pipeline.CookieIds;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What a feature's {@link DatapathFeature#compile} knows of one switch: the model, the switch's node and ports,
 * the endpoints of the node that are plugged in (their port is on the switch), and the switch's previous parts,
 * for {@link Part#reuse}.
 */
public final class SwitchContext {
    private final ModelSnapshot snapshot;
    private final NodeView view;
    private final SwitchState previous;
    private final CookieIds cookies;
    private final List<LocalEndpoint> local;

    /** An endpoint of this switch's node whose port is on the switch. */
    public record LocalEndpoint(Endpoint endpoint, int port) {
    }

    SwitchContext(ModelSnapshot snapshot, NodeView view, SwitchState previous, CookieIds cookies) {
        this.snapshot = snapshot;
        this.view = view;
        this.previous = previous != null && previous.node().equals(view.node().name()) ? previous : null;
        this.cookies = cookies;
        List<LocalEndpoint> plugged = new ArrayList<>();
        for (Endpoint e : ModelIndexes.endpointsOn(snapshot, view.node().name()).values()) {
            OptionalInt port = view.port(e.intfName());
            if (port.isPresent()) {
                plugged.add(new LocalEndpoint(e, port.getAsInt()));
            }
        }
        this.local = List.copyOf(plugged);
    }

    public ModelSnapshot snapshot() {
        return snapshot;
    }

    public Node node() {
        return view.node();
    }

    public String self() {
        return view.node().name();
    }

    public NodeView view() {
        return view;
    }

    public OptionalInt tunnelPort() {
        return view.tunnelPort();
    }

    public OptionalInt uplinkPort() {
        return view.uplinkPort();
    }

    /**
     * Whether the node speaks BGP (a {@code Bgps} object names it) and has the uplink its routed packets use: then
     * the networks routed by the fabric reach other hosts by the routes it learned (docs/bgp.md).
     */
    public boolean speaksBgp() {
        return uplinkPort().isPresent() && snapshot.get(ModelCollections.BGPS).containsKey(self());
    }

    /** The node's plugged-in endpoints, in no particular order. */
    public List<LocalEndpoint> localEndpoints() {
        return local;
    }

    /** The part with this key in the switch's previous state, or null. */
    public Part previous(PartKey key) {
        return previous == null ? null : previous.part(key);
    }

    public CookieIds cookies() {
        return cookies;
    }
}
