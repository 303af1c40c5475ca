package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bgpReports}: what each host's BGP speaker reports, written by {@code tenet-node agent} (docs/bgp.md): its
 * sessions and the best routes it learned, with next-hop MACs. The compiler routes the host's switch by them;
 * {@code Bgps} inspect shows them. Written only when a route or a session's state changes.
 */
final class BgpReports extends RecordCollection<String, BgpReport> {
    BgpReports() {
        super("bgpReports", "BGP report", "hostname", BgpReport.class);
    }

    /** Room for {@link BgpReport#MAX_ROUTES} routes of two next hops each (about 150 bytes of JSON a route). */
    @Override
    public int maxBody() {
        return 16 << 20;
    }

    @Override
    public String keyOf(BgpReport r) {
        return r.host();
    }

    @Override
    public String parseKey(String text) {
        return Names.check("hostname", text);
    }

    @Override
    public BgpReport fromJson(String key, JsonBody b) {
        b.matchesKey("hostname", key);
        List<BgpReport.Session> sessions = new ArrayList<>();
        for (JsonBody s : b.objects("sessions", 64)) {
            sessions.add(new BgpReport.Session(s.parsed("neighbor", Ipv4::parse, true), s.unsigned32("as", true, 0),
                    s.required("state"), s.text("since"), s.text("lastError"), s.integer("received", 0),
                    s.integer("flaps", 0)));
        }
        List<BgpReport.LearnedRoute> routes = new ArrayList<>();
        for (JsonBody r : b.objects("routes", BgpReport.MAX_ROUTES)) {
            List<BgpReport.NextHop> hops = new ArrayList<>();
            for (JsonBody h : r.objects("nextHops", 64)) {
                hops.add(new BgpReport.NextHop(h.parsed("ip", Ipv4::parse, true), h.parsed("mac", Mac::parse, false)));
            }
            Ipv4Prefix prefix = r.parsed("prefix", Ipv4Prefix::parse, true);
            if (hops.isEmpty()) {
                throw new ValidationException("routes", "route " + prefix + " has no nextHops");
            }
            routes.add(new BgpReport.LearnedRoute(prefix, hops));
        }
        return new BgpReport(key, b.parsed("uplinkMac", Mac::parse, true), sessions, routes);
    }

    @Override
    public ObjectNode toJson(BgpReport r, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", r.host());
        o.put("hostname", r.host());
        o.put("uplinkMac", r.uplinkMac().toString());
        ArrayNode sessions = o.putArray("sessions");
        for (BgpReport.Session x : r.sessions()) {
            sessions.addObject().put("neighbor", x.neighbor().toString()).put("as", x.as()).put("state", x.state())
                    .put("since", x.since()).put("lastError", x.lastError()).put("received", x.received())
                    .put("flaps", x.flaps());
        }
        o.set("routes", routesJson(r));
        return o;
    }

    static ArrayNode routesJson(BgpReport r) {
        ArrayNode routes = JsonNodeFactory.instance.arrayNode();
        for (BgpReport.LearnedRoute x : r.routes()) {
            ObjectNode route = routes.addObject().put("prefix", x.prefix().toString());
            ArrayNode hops = route.putArray("nextHops");
            for (BgpReport.NextHop h : x.nextHops()) {
                ObjectNode hop = hops.addObject().put("ip", h.ip().toString());
                if (h.mac() != null) {
                    hop.put("mac", h.mac().toString());
                }
            }
        }
        return routes;
    }

    @Override
    public List<Column<BgpReport>> columns() {
        return List.of(new Column<>("Host", (r, c) -> r.host()),
                new Column<>("Sessions", (r, c) -> r.sessions().size()),
                new Column<>("Routes", (r, c) -> r.routes().size()));
    }
}
