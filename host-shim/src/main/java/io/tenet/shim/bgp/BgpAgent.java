package io.tenet.shim.bgp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.bgp.Bgp;
import io.tenet.bgp.api.BgpSpeaker;
import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.api.PeerConfig;
import io.tenet.bgp.api.PeerStatus;
import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.Route;
import io.tenet.bgp.api.RouteListener;
import io.tenet.bgp.api.SpeakerSettings;
import io.tenet.shim.host.Daemons;
import io.tenet.shim.node.ControllerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's BGP speaker, run by {@code tenet-node agent} (docs/bgp.md). It follows the controller's {@code Bgps}
 * object for this host (read with inspect, which also says what to announce: the host's endpoints of the networks
 * routed by the fabric), right after every CNI call, and every {@code interval} when the object changed or every
 * {@link #FULL_READ_EVERY}; it reports the speaker's sessions and
 * best routes, with their next hops' MACs, as the host's {@code bgpReports} object when they change, for the
 * controller to program the host's switch. When the controller cannot be reached, the session, the announcements
 * and the switch's flows stay as they were; the last configuration is kept in {@code bgp.json} so that an agent
 * restarted meanwhile resumes it.
 */
public final class BgpAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the agent reads the routes to advertise even when neither its configuration nor a CNI call says so. */
    static final Duration FULL_READ_EVERY = Duration.ofSeconds(30);
    /** How long a burst of route changes is gathered into one report. */
    private static final long REPORT_DELAY_MILLIS = 50;

    private final ControllerClient controller;
    private final String host;
    private final Path file;
    private final ScheduledExecutorService worker = Executors
            .newSingleThreadScheduledExecutor(Daemons.named("tenet-bgp-agent"));
    private final AtomicBoolean reportScheduled = new AtomicBoolean();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    // worker thread only:
    private BgpSpeaker speaker;
    private JsonNode config;
    private FabricSteering steering;
    /** The JSON of the last report the controller took, null when it may lack it. */
    private String lastReport;
    private boolean reachable = true;
    /** When the whole inspect was last read: never, at first, so the first periodic read reads it all. */
    private long lastFullRead = System.nanoTime() - FULL_READ_EVERY.toNanos() - 1;

    public BgpAgent(ControllerClient controller, String host, Path file) {
        this.controller = controller;
        this.host = host;
        this.file = file;
    }

    /** Resumes the saved configuration, then follows the controller every {@code interval}. */
    public void start(Duration interval) {
        worker.execute(() -> {
            try {
                if (Files.exists(file)) {
                    apply(JSON.readTree(file.toFile()));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("BGP: the saved configuration {} is unusable: {}", file, e.toString());
            }
        });
        worker.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the controller again soon (after a CNI call: an endpoint came or went). */
    public void refreshSoon() {
        if (refreshScheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                refreshScheduled.set(false);
                readAll();
            });
        }
    }

    /**
     * The periodic read: the host's small {@code Bgps} object, and the whole inspect (with the routes to
     * advertise, and the routes learned this agent reported: about 1 MB at 10,000) only when that changed, when
     * the last read failed, or every {@link #FULL_READ_EVERY}; a CNI call reads it all at once.
     */
    private void refresh() {
        boolean full = config == null || !reachable || System.nanoTime() - lastFullRead > FULL_READ_EVERY.toNanos();
        if (!full) {
            try {
                ControllerClient.Response r = controller.get("/api/v1/Bgps/" + host + "/");
                full = !r.ok() || !r.body().equals(config.path("Config"));
            } catch (IOException e) {
                full = true; // the full read reports the outage
            }
        }
        if (full) {
            readAll();
        }
    }

    private void readAll() {
        lastFullRead = System.nanoTime();
        ControllerClient.Response r;
        try {
            r = controller.get("/api/v1/inspect/Bgps/" + host + "/");
        } catch (IOException e) {
            if (reachable) {
                log.warn("BGP: the controller cannot be reached ({}); the session and its routes stay", e.getMessage());
                reachable = false;
            }
            return;
        }
        if (!reachable) {
            log.info("BGP: the controller answers again");
            reachable = true;
            lastReport = null; // it may have lost or missed the last one
        }
        try {
            if (r.status() == 404) {
                apply(null);
                Files.deleteIfExists(file);
            } else if (r.ok()) {
                JsonNode wanted = essentials(r.body());
                if (!wanted.equals(config)) {
                    save(wanted);
                }
                apply(wanted);
            } else {
                log.warn("BGP: reading this host's configuration: {}", r.error());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("BGP: applying this host's configuration failed: {}", e.toString());
        }
        if (lastReport == null && speaker != null) {
            scheduleReport();
        }
    }

    /**
     * Of the host's {@code Bgps} inspect, what the speaker follows: the configuration and the routes to advertise
     * (not the routes learned, which this agent reported itself: 10,000 of them are about 1 MB).
     */
    private static JsonNode essentials(JsonNode inspect) {
        ObjectNode o = JSON.createObjectNode();
        o.set("Config", inspect.path("Config"));
        o.putObject("Oper").set("routesAdvertised", inspect.path("Oper").path("routesAdvertised"));
        return o;
    }

    private void save(JsonNode inspect) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), inspect);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the speaker match {@code inspect} ({@code {"Config","Oper"}}), or stops it for null. */
    private void apply(JsonNode inspect) throws IOException {
        if (inspect == null) {
            if (speaker != null) {
                log.info("BGP: this host no longer speaks BGP");
                speaker.close();
                speaker = null;
                FabricSteering.remove();
                steering = null;
            }
            config = null;
            return;
        }
        JsonNode c = inspect.path("Config");
        JsonNode before = config == null ? null : config.path("Config");
        String routerIp = c.path("routerip").asText();
        String local = routerIp.substring(0, routerIp.indexOf('/'));
        long as = Long.parseLong(c.path("as").asText());
        if (speaker != null && before != null && !(before.path("as").equals(c.path("as"))
                && before.path("routerip").equals(c.path("routerip")))) {
            speaker.close();
            speaker = null;
        }
        if (speaker == null) {
            speaker = Bgp.start(new SpeakerSettings(as, Ipv4.parse(local), Ipv4.parse(local), PeerConfig.BGP_PORT));
            speaker.addListener(new RouteListener() {
                @Override
                public void bestRoutesChanged() {
                    scheduleReport();
                }

                @Override
                public void sessionChanged(PeerStatus status) {
                    scheduleReport();
                }
            });
            log.info("BGP: speaking as AS {} from {}", as, local);
        }
        if (steering == null) {
            steering = FabricSteering.read();
            steering.install();
        }
        int hold = c.path("holdTime").asInt(90);
        Duration keepalive = Duration.ofSeconds(c.path("keepalive").asInt(hold / 3));
        Set<Integer> wanted = new LinkedHashSet<>();
        for (JsonNode n : neighbors(c)) {
            PeerConfig peer = new PeerConfig(Ipv4.parse(n.path("neighbor").asText()),
                    Long.parseLong(n.path("neighbor-as").asText()), Ipv4.parse(local), Duration.ofSeconds(hold),
                    keepalive, Duration.ofSeconds(1), false, PeerConfig.BGP_PORT);
            wanted.add(peer.peerAddress());
            speaker.addPeer(peer); // an unchanged neighbour keeps its session
        }
        if (before != null) {
            for (JsonNode n : neighbors(before)) {
                int address = Ipv4.parse(n.path("neighbor").asText());
                if (!wanted.contains(address)) {
                    speaker.removePeer(address);
                }
            }
        }
        Set<Prefix> announce = new LinkedHashSet<>();
        inspect.path("Oper").path("routesAdvertised").forEach(p -> announce.add(Prefix.parse(p.asText())));
        speaker.announce(announce);
        config = inspect;
    }

    /** Contiv's {@code neighbor} and {@code neighbor-as}, then Tenet's {@code neighbors}, each as one object. */
    private static List<JsonNode> neighbors(JsonNode config) {
        List<JsonNode> out = new ArrayList<>();
        out.add(JSON.createObjectNode().put("neighbor", config.path("neighbor").asText())
                .put("neighbor-as", config.path("neighbor-as").asText()));
        config.path("neighbors").forEach(out::add);
        return out;
    }

    private void scheduleReport() {
        if (reportScheduled.compareAndSet(false, true)) {
            worker.schedule(() -> {
                reportScheduled.set(false);
                report();
            }, REPORT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends the sessions and best routes when they differ from what the controller was last sent. */
    private void report() {
        if (speaker == null || steering == null) {
            return;
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("hostname", host);
        r.put("uplinkMac", steering.mac());
        ArrayNode sessions = r.putArray("sessions");
        for (PeerStatus p : speaker.peers()) {
            sessions.addObject().put("neighbor", p.peer()).put("as", p.peerAs()).put("state", p.state().display())
                    .put("since", p.since().toString()).put("lastError", p.lastError())
                    .put("received", p.received()).put("flaps", p.flaps());
        }
        ArrayNode routes = r.putArray("routes");
        boolean unresolved = false;
        Map<Prefix, List<Route>> best = new TreeMap<>(speaker.bestRoutes());
        Map<String, String> macs = new TreeMap<>();
        for (Map.Entry<Prefix, List<Route>> e : best.entrySet()) {
            ObjectNode route = routes.addObject().put("prefix", e.getKey().toString());
            ArrayNode hops = route.putArray("nextHops");
            List<String> seen = new ArrayList<>();
            for (Route x : e.getValue()) {
                String nh = x.nextHopText();
                if (seen.contains(nh)) {
                    continue;
                }
                seen.add(nh);
                String mac = macs.computeIfAbsent(nh, ip -> {
                    String m = Neighbors.mac(ip);
                    return m == null ? "" : m;
                });
                ObjectNode hop = hops.addObject().put("ip", nh);
                if (mac.isEmpty()) {
                    unresolved = true;
                    Neighbors.resolve(nh);
                } else {
                    hop.put("mac", mac);
                }
            }
        }
        if (unresolved) {
            worker.schedule(this::scheduleReport, 500, TimeUnit.MILLISECONDS); // once the pings got their answers
        }
        String text = r.toString();
        if (text.equals(lastReport)) {
            return;
        }
        try {
            ControllerClient.Response resp = controller.post("/api/v1/bgpReports/" + host + "/", text);
            if (resp.ok()) {
                lastReport = text;
            } else {
                lastReport = null;
                log.warn("BGP: the controller refused the report: {}", resp.error());
            }
        } catch (IOException e) {
            lastReport = null; // sent again by the next refresh that reaches the controller
            log.debug("BGP: report not sent: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        if (speaker != null) {
            speaker.close();
        }
    }
}
