package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BIRD 2 as the fabric's router: one eBGP protocol per host (short timers, no connect delay, a second's error
 * wait), a static blackhole for the outside prefix, and a kernel protocol that installs the BGP routes in its
 * namespace. BIRD passes a route between two hosts on its link with the first host as next hop (third party).
 */
public final class BirdPeer implements BgpPeer {
    private final Testbed tb;
    private final String ns;
    private final Path dir;
    private final Map<String, Long> hosts;
    private final String prefix;
    private Process bird;

    public BirdPeer(Testbed tb, String ns, Map<String, Long> hosts, String outsidePrefix) {
        this.tb = tb;
        this.ns = ns;
        this.dir = tb.dir().resolve("bird");
        this.hosts = new LinkedHashMap<>(hosts);
        this.prefix = outsidePrefix;
    }

    @Override
    public String daemon() {
        return "BIRD 2";
    }

    private static String protocol(String hostIp) {
        return "h_" + hostIp.replace('.', '_');
    }

    @Override
    public void start() throws IOException {
        StringBuilder conf = new StringBuilder("log \"" + dir.resolve("bird.log") + "\" all;\nrouter id " + ROUTER_IP
                + ";\nprotocol device { }\nprotocol kernel { ipv4 { import none; export where source = RTS_BGP; };"
                + " }\nprotocol static outside { ipv4; route " + prefix + " blackhole; }\n");
        hosts.forEach((ip, as) -> conf.append("protocol bgp ").append(protocol(ip)).append(" {\n  local ")
                .append(ROUTER_IP).append(" as ").append(ROUTER_AS).append(";\n  neighbor ").append(ip).append(" as ")
                .append(as).append(";\n  hold time 9;\n  keepalive time 3;\n  connect retry time 1;\n"
                        + "  connect delay time 0;\n  error wait time 1, 5;\n  ipv4 { import all; export all; };\n}\n"));
        bird = launch(tb, ns, dir, conf.toString());
    }

    /**
     * Runs BIRD in the foreground in {@code ns} with configuration {@code conf}, its files (configuration, output,
     * control socket {@code bird.ctl}) in {@code dir}; the testbed stops it. Returns once its socket answers.
     */
    static Process launch(Testbed tb, String ns, Path dir, String conf) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("bird.conf");
        Path socket = dir.resolve("bird.ctl");
        Files.writeString(file, conf);
        Files.deleteIfExists(socket);
        Process p = new ProcessBuilder(Sh.inNs(ns, "bird", "-f", "-c", file.toString(), "-s", socket.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("bird.out")
                        .toFile())).start();
        tb.track(p);
        Poll.require(java.time.Duration.ofSeconds(10), () -> "BIRD's control socket (" + dir + "/bird.out)",
                () -> Files.exists(socket));
        return p;
    }

    /** One birdc command to the BIRD that {@link #launch} started in {@code ns} with files in {@code dir}. */
    static String birdc(String ns, Path dir, String... command) {
        List<String> argv = new java.util.ArrayList<>(List.of("birdc", "-s", dir.resolve("bird.ctl").toString()));
        argv.addAll(List.of(command));
        return Sh.run(Sh.inNs(ns, argv.toArray(String[]::new))).out();
    }

    @Override
    public void stop() {
        if (bird != null) {
            bird.destroyForcibly();
            try {
                bird.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String birdc(String... command) {
        return birdc(ns, dir, command);
    }

    @Override
    public Map<String, String> learnedFrom(String hostIp) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefixSeen = null;
        for (String line : birdc("show", "route", "protocol", protocol(hostIp)).split("\n")) {
            String t = line.strip();
            if (!line.startsWith("\t") && !line.startsWith(" ") && t.contains("/") && t.contains("[")) {
                prefixSeen = t.split("\\s+")[0];
            } else if (prefixSeen != null && t.startsWith("via ")) {
                out.put(prefixSeen, t.split("\\s+")[1]);
                prefixSeen = null;
            }
        }
        return out;
    }

    @Override
    public boolean established(String hostIp) {
        return birdc("show", "protocols", protocol(hostIp)).contains("Established");
    }

    @Override
    public void close() {
        stop();
    }
}
