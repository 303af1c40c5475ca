package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.SERVICES;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.collections.ModelIndexes;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service load balancing: per service a part with its VIP's ARP answer, a select group per service port with a
 * bucket per provider, and the flows that send new connections to the groups and deliver translated packets
 * (see {@link ServiceFlows}). The part is the same on every switch, and a switch holds the parts of the services
 * of the networks it has members in, since clients are balanced on their own host; each provider's hairpin part
 * goes on the provider's host alone. A provider coming, going or changing labels rebuilds only its services'
 * parts.
 */
public final class ServiceFeature implements DatapathFeature<ServiceFeature.Shared> {
    public static final String NAME = "services";

    /** The object of the part that holds the reject meter; no service key has this form (they hold a colon). */
    static final String REJECT = "reject";

    /** A provider of a service, whose hairpin part goes on the provider's host only. */
    record Hairpin(ScopedKey service, String endpoint) {
    }

    /**
     * Every service's part, by service, and the parts of each network's services in order of key (what a switch
     * with a member of the network holds); every provider's hairpin part; the reject meter's part.
     */
    static final class Shared {
        final PersistentMap<ScopedKey, Part> services;
        final PersistentMap<NetworkKey, List<Part>> byNetwork;
        final PersistentMap<Hairpin, Part> hairpins;
        final Part reject;

        Shared(PersistentMap<ScopedKey, Part> services, PersistentMap<NetworkKey, List<Part>> byNetwork,
                PersistentMap<Hairpin, Part> hairpins, Part reject) {
            this.services = services;
            this.byNetwork = byNetwork;
            this.hairpins = hairpins;
            this.reject = reject;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(PipelineTable.SERVICE_ARP, PipelineTable.SERVICE_HAIRPIN, PipelineTable.SERVICE_LB,
                PipelineTable.SERVICE_BACKEND, PipelineTable.SERVICE_AFFINITY);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        ModelSnapshot s = change.next();
        Set<ScopedKey> dirty;
        if (previous == null || change.isInitial()) {
            dirty = new HashSet<>(s.get(SERVICES).keySet());
            dirty.addAll(change.previous().get(SERVICES).keySet());
            if (previous == null) {
                cookies.expect(Cookie.Category.SERVICE, s.get(SERVICES).size());
            }
        } else {
            dirty = touched(change);
        }
        boolean fresh = previous == null || change.isInitial();
        PersistentMap.Builder<ScopedKey, Part> b = (previous == null ? PersistentMap.<ScopedKey, Part>empty()
                : previous.services).toBuilder();
        PersistentMap.Builder<Hairpin, Part> hb = (fresh ? PersistentMap.<Hairpin, Part>empty()
                : previous.hairpins).toBuilder();
        Set<NetworkKey> networks = new HashSet<>();
        for (ScopedKey k : dirty) {
            ServiceLB was = fresh ? null : change.previous().get(SERVICES).get(k);
            if (was != null) {
                networks.add(was.networkKey());
                for (Endpoint e : ModelIndexes.providersOf(change.previous(), was)) {
                    hb.remove(new Hairpin(k, e.id()));
                }
            }
            ServiceLB svc = s.get(SERVICES).get(k);
            Network net = svc == null ? null : s.get(NETWORKS).get(svc.networkKey());
            if (svc != null) {
                networks.add(svc.networkKey());
            }
            if (net == null) {
                b.remove(k);
                continue;
            }
            List<Endpoint> providers = ModelIndexes.providersOf(s, svc);
            Cookie cookie = cookies.cookie(Cookie.Category.SERVICE, k);
            ServiceFlows.Inputs in = new ServiceFlows.Inputs(svc, net, providers);
            b.put(k, Part.reuse(previous == null ? null : previous.services.get(k), new PartKey(NAME, k), in,
                    i -> ServiceFlows.build(i, cookie)));
            for (Endpoint p : providers) {
                Hairpin h = new Hairpin(k, p.id());
                hb.put(h, Part.reuse(previous == null ? null : previous.hairpins.get(h), new PartKey(NAME, h),
                        new ServiceFlows.HairpinInputs(svc, net, p), i -> ServiceFlows.hairpin(i, cookie)));
            }
        }
        PersistentMap<ScopedKey, Part> services = b.build();
        PersistentMap.Builder<NetworkKey, List<Part>> nb = (fresh ? PersistentMap.<NetworkKey, List<Part>>empty()
                : previous.byNetwork).toBuilder();
        for (NetworkKey n : networks) {
            List<Part> parts = new ArrayList<>();
            for (ScopedKey k : new TreeSet<>(ModelIndexes.servicesOf(s, n).keySet())) {
                Part p = services.get(k);
                if (p != null) {
                    parts.add(p);
                }
            }
            if (parts.isEmpty()) {
                nb.remove(n);
            } else {
                nb.put(n, List.copyOf(parts));
            }
        }
        Part reject = previous != null ? previous.reject : Part.of(new PartKey(NAME, REJECT), REJECT,
                ServiceFlows.reject(cookies.cookie(Cookie.Category.SERVICE, REJECT)));
        return new Shared(services, nb.build(), hb.build(), reject);
    }

    /** The services a change may touch: those it names, those of its networks, those its endpoints provide. */
    private static Set<ScopedKey> touched(ModelChange change) {
        Set<ScopedKey> out = new HashSet<>(change.changed(SERVICES));
        Set<NetworkKey> networks = change.changed(NETWORKS);
        Set<String> endpoints = change.changed(ENDPOINTS);
        if (networks.isEmpty() && endpoints.isEmpty()) {
            return out;
        }
        for (ModelSnapshot side : List.of(change.previous(), change.next())) {
            for (NetworkKey n : networks) {
                out.addAll(ModelIndexes.servicesOf(side, n).keySet());
            }
            for (String id : endpoints) {
                Endpoint e = side.get(ENDPOINTS).get(id);
                if (e == null) {
                    continue;
                }
                for (ServiceLB svc : ModelIndexes.servicesOf(side, e.network()).values()) {
                    if (svc.selects(e)) {
                        out.add(svc.key());
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        Set<NetworkKey> local = new TreeSet<>();
        for (SwitchContext.LocalEndpoint l : ctx.localEndpoints()) {
            local.add(l.endpoint().network());
        }
        boolean any = false;
        for (NetworkKey n : local) {
            List<Part> parts = shared.byNetwork.get(n);
            if (parts != null) {
                out.addAll(parts);
                any = true;
            }
        }
        for (SwitchContext.LocalEndpoint l : ctx.localEndpoints()) {
            for (ServiceLB svc : ModelIndexes.servicesOf(ctx.snapshot(), l.endpoint().network()).values()) {
                Part p = svc.selects(l.endpoint()) ? shared.hairpins.get(new Hairpin(svc.key(), l.endpoint().id()))
                        : null;
                if (p != null) {
                    out.add(p);
                }
            }
        }
        if (any) {
            out.add(shared.reject);
        }
    }
}
