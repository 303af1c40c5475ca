package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Bgp;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Names;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ViewContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code Bgps}: Contiv's per-host BGP configuration (docs/bgp.md), keyed by host name; {@code tenet-node agent} on
 * that host reads it (with what to announce, in inspect) and runs the session. The host need not be registered
 * yet. Contiv's fields, with Tenet's {@code holdTime}, {@code keepalive}, {@code advertise} and {@code neighbors}
 * (more neighbours, each {@code neighbor} and {@code neighbor-as}); {@code password} is
 * refused: the JDK's sockets cannot sign segments with TCP MD5 (RFC 2385).
 */
final class Bgps extends RecordCollection<String, Bgp> {
    Bgps() {
        super("Bgps", "BGP host", "hostname", Bgp.class);
    }

    @Override
    public String keyOf(Bgp b) {
        return b.host();
    }

    @Override
    public String parseKey(String text) {
        return Names.check("hostname", text);
    }

    @Override
    public Bgp fromJson(String key, JsonBody b) {
        b.matchesKey("hostname", key);
        String routerIp = b.required("routerip");
        int slash = routerIp.indexOf('/');
        if (slash < 0) {
            throw new ValidationException("routerip", "routerip must be an address with its prefix length"
                    + " (A.B.C.D/N), not '" + routerIp + "'");
        }
        Ipv4 address;
        int length;
        try {
            address = Ipv4.parse(routerIp.substring(0, slash));
            length = Integer.parseInt(routerIp.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("routerip", "routerip: " + e.getMessage());
        }
        String password = b.text("password");
        if (password != null && !password.isEmpty()) {
            throw new ValidationException("password", "password (TCP MD5, RFC 2385) is not supported: the JDK's"
                    + " sockets cannot sign TCP segments; protect the fabric link instead (docs/bgp.md)");
        }
        int hold = b.integer("holdTime", Bgp.DEFAULT_HOLD_TIME);
        String advertise = b.text("advertise");
        Bgp.Advertise adv;
        try {
            adv = advertise == null || advertise.isEmpty() ? Bgp.Advertise.HOSTS
                    : Bgp.Advertise.valueOf(advertise.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("advertise", "advertise must be \"hosts\" or \"networks\", not '"
                    + advertise + "'");
        }
        List<Bgp.Neighbor> more = new ArrayList<>();
        for (JsonBody n : b.objects("neighbors", Bgp.MAX_MORE_NEIGHBORS)) {
            try {
                more.add(new Bgp.Neighbor(n.parsed("neighbor", Ipv4::parse, true), asNumber(n, "neighbor-as")));
            } catch (ValidationException e) {
                throw new ValidationException("neighbors", "neighbors: " + e.getMessage());
            }
        }
        return new Bgp(key, address, length, asNumber(b, "as"), asNumber(b, "neighbor-as"),
                b.parsed("neighbor", Ipv4::parse, true), hold, b.integer("keepalive", hold / 3), adv, more);
    }

    /** An AS number as Contiv sends it (a string of digits) or as a JSON number. */
    static long asNumber(JsonBody b, String field) {
        long v = b.unsigned32(field, true, 0);
        if (v < 1) {
            throw new ValidationException(field, field + " must be 1-4294967295, not " + v);
        }
        return v;
    }

    @Override
    public ObjectNode toJson(Bgp b, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", b.host());
        o.put("hostname", b.host());
        o.put("routerip", b.routerIp() + "/" + b.routerPrefixLength());
        o.put("as", Long.toString(b.as()));
        o.put("neighbor-as", Long.toString(b.neighborAs()));
        o.put("neighbor", b.neighbor().toString());
        o.put("holdTime", b.holdTime());
        o.put("keepalive", b.keepalive());
        o.put("advertise", b.advertise().name().toLowerCase(Locale.ROOT));
        ArrayNode more = o.putArray("neighbors");
        b.moreNeighbors().forEach(n -> more.addObject().put("neighbor", n.address().toString())
                .put("neighbor-as", Long.toString(n.as())));
        return o;
    }

    /** What {@code host} announces: its endpoints of announced networks, or those networks' subnets. */
    static List<Ipv4Prefix> announcements(ModelSnapshot s, Bgp b) {
        TreeSet<Ipv4Prefix> out = new TreeSet<>((x, y) -> x.network().equals(y.network())
                ? Integer.compare(x.length(), y.length()) : x.network().compareTo(y.network()));
        for (Endpoint e : ModelIndexes.endpointsOn(s, b.host()).values()) {
            Network n = s.get(ModelCollections.NETWORKS).get(e.network());
            if (n != null && n.routedByFabric()) {
                out.add(b.advertise() == Bgp.Advertise.HOSTS ? new Ipv4Prefix(e.ip(), 32) : n.spec().subnet());
            }
        }
        return List.copyOf(out);
    }

    @Override
    protected ObjectNode oper(Bgp b, ViewContext c) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ArrayNode announce = o.putArray("routesAdvertised");
        announcements(c.snapshot(), b).forEach(p -> announce.add(p.toString()));
        BgpReport r = c.snapshot().get(ModelCollections.BGP_REPORTS).get(b.host());
        if (r == null) {
            o.put("state", "Idle");
            o.put("lastError", "no report from tenet-node agent on " + b.host() + " yet");
            o.putArray("routesLearned");
            return o;
        }
        session(o, r.session(b.neighbor()).orElse(null));
        o.put("uplinkMac", r.uplinkMac().toString());
        ArrayNode sessions = o.putArray("sessions");
        for (Bgp.Neighbor n : b.neighbors()) {
            session(sessions.addObject().put("neighbor", n.address().toString()).put("neighbor-as",
                    Long.toString(n.as())), r.session(n.address()).orElse(null));
        }
        o.set("routesLearned", BgpReports.routesJson(r));
        return o;
    }

    /** A session's state, since, last error and flaps into {@code o}; a session not reported is Idle. */
    private static void session(ObjectNode o, BgpReport.Session x) {
        o.put("state", x == null ? "Idle" : x.state()).put("since", x == null ? "" : x.since())
                .put("lastError", x == null ? "" : x.lastError()).put("flaps", x == null ? 0 : x.flaps());
    }

    /** Columns of {@code tenet:bgp} and of the shell's listing. */
    @Override
    public List<Column<Bgp>> columns() {
        return List.of(new Column<>("Host", (b, c) -> b.host()),
                new Column<>("Router IP", (b, c) -> b.routerIp() + "/" + b.routerPrefixLength()),
                new Column<>("AS", (b, c) -> b.as()),
                new Column<>("Neighbor", (b, c) -> b.neighbor()),
                new Column<>("Neighbor AS", (b, c) -> b.neighborAs()),
                new Column<>("State", (b, c) -> state(c.snapshot(), b)),
                new Column<>("Advertised", (b, c) -> announcements(c.snapshot(), b).size()),
                new Column<>("Learned", (b, c) -> {
                    BgpReport r = c.snapshot().get(ModelCollections.BGP_REPORTS).get(b.host());
                    return r == null ? 0 : r.routes().size();
                }));
    }

    static String state(ModelSnapshot s, Bgp b) {
        BgpReport r = s.get(ModelCollections.BGP_REPORTS).get(b.host());
        if (r == null) {
            return "Idle";
        }
        return r.session(b.neighbor()).map(BgpReport.Session::state).orElse("Idle");
    }
}
