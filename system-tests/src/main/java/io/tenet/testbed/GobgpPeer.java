package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GoBGP as the fabric's router: one passive neighbour per host (GoBGP's own connect retries are 5-10 s apart,
 * the hosts' speakers connect at once), the outside prefix added to its RIB once it runs (origin IGP, as BIRD
 * gives its static routes; the CLI's default is incomplete). GoBGP programs no
 * kernel: {@link #syncKernel} copies its best routes into its namespace's, as zebra would.
 */
public final class GobgpPeer implements BgpPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Testbed tb;
    private final String ns;
    private final Path dir;
    private final Map<String, Long> hosts;
    private final String prefix;
    private final String address;
    private final long as;
    private final int apiPort;
    private Process gobgpd;

    /** The fabric's router, at {@link #ROUTER_IP} in AS {@link #ROUTER_AS}. */
    public GobgpPeer(Testbed tb, String ns, Map<String, Long> hosts, String outsidePrefix) {
        this(tb, ns, ROUTER_IP, ROUTER_AS, hosts, outsidePrefix);
    }

    /**
     * GoBGP at {@code address} in AS {@code as}, with a passive neighbour per entry of {@code neighbours}
     * (address to AS), announcing {@code outsidePrefix} unless it is null.
     */
    public GobgpPeer(Testbed tb, String ns, String address, long as, Map<String, Long> neighbours,
            String outsidePrefix) {
        this.tb = tb;
        this.ns = ns;
        this.dir = tb.dir().resolve("gobgp-" + address);
        this.hosts = new LinkedHashMap<>(neighbours);
        this.prefix = outsidePrefix;
        this.address = address;
        this.as = as;
        this.apiPort = 50000 + (int) ((ProcessHandle.current().pid() + Math.floorMod(address.hashCode(), 97)) % 10000);
    }

    @Override
    public String daemon() {
        return "GoBGP";
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(dir);
        StringBuilder conf = new StringBuilder("[global.config]\n  as = " + as + "\n  router-id = \"" + address
                + "\"\n  port = 179\n  local-address-list = [\"" + address + "\"]\n");
        hosts.forEach((ip, as) -> conf.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"")
                .append(ip).append("\"\n    peer-as = ").append(as).append("\n  [neighbors.timers.config]\n"
                        + "    hold-time = 9\n    keepalive-interval = 3\n    connect-retry = 1\n"
                        + "  [neighbors.transport.config]\n    local-address = \"").append(address)
                .append("\"\n    passive-mode = true\n  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n"
                        + "      afi-safi-name = \"ipv4-unicast\"\n"));
        Path file = dir.resolve("gobgpd.toml");
        Files.writeString(file, conf);
        gobgpd = new ProcessBuilder(Sh.inNs(ns, "gobgpd", "-f", file.toString(), "-t", "toml",
                "--api-hosts=127.0.0.1:" + apiPort, "--pprof-disable")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gobgpd.out").toFile())).start();
        tb.track(gobgpd);
        Poll.require(java.time.Duration.ofSeconds(10), () -> "GoBGP's API (" + dir + "/gobgpd.out)",
                () -> gobgp("global").ok());
        Sh.Result add = prefix == null ? null : gobgp("global", "rib", "add", "-a", "ipv4", prefix, "origin", "igp");
        if (add != null && !add.ok()) {
            throw new IOException("gobgp global rib add " + prefix + ": " + add);
        }
    }

    private Sh.Result gobgp(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("gobgp", "-p", Integer.toString(apiPort)));
        argv.addAll(List.of(args));
        return Sh.run(Sh.inNs(ns, argv.toArray(String[]::new)));
    }

    @Override
    public void stop() {
        if (gobgpd != null) {
            gobgpd.destroyForcibly();
            try {
                gobgpd.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The best paths of the global RIB: prefix to next hop and the neighbour it came from ("" for local). */
    private Map<String, String[]> rib() {
        Map<String, String[]> out = new LinkedHashMap<>();
        Sh.Result r = gobgp("-j", "global", "rib", "-a", "ipv4");
        if (!r.ok() || r.out().isBlank()) {
            return out;
        }
        try {
            JSON.readTree(r.out()).fields().forEachRemaining(e -> {
                for (JsonNode path : e.getValue()) {
                    if (!path.path("best").asBoolean()) {
                        continue;
                    }
                    String nh = "";
                    for (JsonNode a : path.path("attrs")) {
                        if (a.path("type").asInt() == 3) {
                            nh = a.path("nexthop").asText();
                        }
                    }
                    out.put(e.getKey(), new String[] {nh, path.path("neighbor-ip").asText("")});
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("gobgp's JSON: " + r.out(), e);
        }
        return out;
    }

    /** How many IPv4 destinations its global RIB holds ({@code gobgp global rib summary}); -1 if it does not answer. */
    public int ribSize() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Destination: (\\d+)")
                .matcher(gobgp("global", "rib", "summary", "-a", "ipv4").out());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Override
    public Map<String, String> learnedFrom(String hostIp) {
        Map<String, String> out = new LinkedHashMap<>();
        Sh.Result r = gobgp("-j", "neighbor", hostIp, "adj-in", "-a", "ipv4");
        if (!r.ok() || r.out().isBlank()) {
            return out;
        }
        try {
            JSON.readTree(r.out()).fields().forEachRemaining(e -> {
                String nh = "";
                for (JsonNode a : e.getValue().path(0).path("attrs")) {
                    if (a.path("type").asInt() == 3) {
                        nh = a.path("nexthop").asText();
                    }
                }
                out.put(e.getKey(), nh);
            });
        } catch (IOException e) {
            throw new IllegalStateException("gobgp's JSON: " + r.out(), e);
        }
        return out;
    }

    @Override
    public boolean established(String hostIp) {
        return gobgp("neighbor", hostIp).out().contains("BGP state = ESTABLISHED");
    }

    @Override
    public void syncKernel() {
        for (Map.Entry<String, String[]> e : rib().entrySet()) {
            if (!e.getValue()[1].isEmpty() && !e.getValue()[0].isEmpty()) {
                Sh.run(Sh.inNs(ns, "ip", "route", "replace", e.getKey(), "via", e.getValue()[0]));
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
