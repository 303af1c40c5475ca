package io.tenet.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 10,000 routes through Tenet's BGP speaker against BIRD passing as many routes to GoBGP, in one run. BIRD 2 on
 * the simulated fabric holds three static protocols of 10,000 /32s each, each disabled and exported to one
 * neighbour only: GoBGP (the reference), Tenet's speaker alone in a JVM of its own ({@link BgpAnnouncer}, with
 * the agent's JVM options), and a Tenet host (the speaker in its tenet-node agent, in routing mode). Per round:
 * {@code birdc enable} of each protocol until the neighbour holds every route (GoBGP's RIB, the speaker's best
 * routes, the host's br-int table 52 with a flow per route), then {@code disable} until all are gone; and the
 * speaker announcing 10,000 /32s of its own until BIRD shows them, then none; and, as a floor for the host,
 * {@code ovs-ofctl add-flows} and {@code --strict del-flows} of as many equivalent flows on a bare bridge of the host's Open
 * vSwitch. Then the heap after a full GC of the speaker's, the agent's and the controller's JVMs, without and with
 * 10,000 routes.
 *
 * <p>Times are from just before the command to the first poll that sees the result; a poll costs a process
 * spawn (about 5 ms for birdc and ovs-ofctl, 15-30 ms for the gobgp client), which bounds the resolution.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.BgpBenchmark build/tenet
 * 3} (rounds).
 */
public final class BgpBenchmark {
    static final int ROUTES = 10_000;
    private static final String SPEAKER_IP = "192.168.77.240";
    private static final long SPEAKER_AS = 65100;
    private static final String GOBGP_IP = "192.168.77.241";
    private static final long GOBGP_AS = 65200;
    private static final long HOST_AS = 65011;
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String SCRATCH = "tbench";
    private static final Pattern FLOWS = Pattern.compile("flow_count=(\\d+)");
    private static final Pattern BIRD_COUNT = Pattern.compile("(\\d+) of \\d+ routes");

    private BgpBenchmark() {
    }

    /** One measured transfer: add and withdraw times in ms, one per round. */
    private record Times(List<Double> add, List<Double> withdraw) {
        Times() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int rounds = BenchReport.intArg(args, 1, 3);
        Map<String, Times> times = new LinkedHashMap<>();
        List<String[]> memory = new ArrayList<>();
        try (Testbed tb = Testbed.start(home, 1)) {
            Testbed.Host host = tb.host(0);
            String rtr = tb.addOnFabric("rtr", BgpPeer.ROUTER_IP);
            String spkNs = tb.addOnFabric("spk", SPEAKER_IP);
            String gobNs = tb.addOnFabric("gob", GOBGP_IP);
            Path birdDir = tb.dir().resolve("bench-bird");
            BirdPeer.launch(tb, rtr, birdDir, birdConfig(birdDir, host.tunnelIp()));
            GobgpPeer gobgp = new GobgpPeer(tb, gobNs, GOBGP_IP, GOBGP_AS, Map.of(BgpPeer.ROUTER_IP, BgpPeer.ROUTER_AS),
                    null);
            gobgp.start();
            Api api = tb.api();
            api.mustPost("/api/v1/globals/global/", "{\"fwdMode\":\"routing\"}");
            api.createTenant("tb");
            api.createNetwork("tb", "l3", "vlan", "10.61.0.0/24", "10.61.0.254");
            api.mustPost("/api/v1/Bgps/" + tb.nodeName(host) + "/", "{\"as\":\"" + HOST_AS + "\",\"neighbor-as\":\""
                    + BgpPeer.ROUTER_AS + "\",\"neighbor\":\"" + BgpPeer.ROUTER_IP + "\",\"routerip\":\""
                    + host.tunnelIp() + "/24\",\"holdTime\":9,\"keepalive\":3}");
            Process child = new ProcessBuilder(Sh.inNs(spkNs, ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp", System.getProperty("java.class.path"), BgpAnnouncer.class.getName(), SPEAKER_IP,
                    Long.toString(SPEAKER_AS), BgpPeer.ROUTER_IP, Long.toString(BgpPeer.ROUTER_AS)))
                    .redirectError(ProcessBuilder.Redirect.appendTo(tb.dir().resolve("announcer.log").toFile())).start();
            tb.track(child);
            Speaker speaker = new Speaker(child);
            speaker.expect("ready");
            for (String p : List.of("gob", "spk", "host")) {
                Poll.require(Duration.ofSeconds(30), "BIRD's session " + p + " Established",
                        () -> BirdPeer.birdc(rtr, birdDir, "show", "protocols", p).contains("Established"));
            }
            int base = flows(tb, host);
            Path flowFile = tb.dir().resolve("bench-flows");
            Path matchFile = tb.dir().resolve("bench-matches");
            scratchBridge(tb, host, flowFile, matchFile);
            String matches = Files.readString(matchFile);
            BooleanSupplier gobgpHasAll = () -> gobgp.ribSize() == ROUTES;
            BooleanSupplier gobgpHasNone = () -> gobgp.ribSize() == 0;
            for (int r = 0; r < rounds; r++) {
                transfer(times, "BIRD to GoBGP (reference)", enable(rtr, birdDir, "bulk_gob"), gobgpHasAll,
                        disable(rtr, birdDir, "bulk_gob"), gobgpHasNone);
                transfer(times, "BIRD to Tenet's speaker (its RIB)", enable(rtr, birdDir, "bulk_spk"),
                        () -> speaker.learned() == ROUTES, disable(rtr, birdDir, "bulk_spk"),
                        () -> speaker.learned() == 0);
                transfer(times, "BIRD to a Tenet host (a flow per route in br-int table 52)",
                        enable(rtr, birdDir, "bulk_host"), () -> flows(tb, host) == base + ROUTES,
                        disable(rtr, birdDir, "bulk_host"), () -> flows(tb, host) == base);
                transfer(times, "OVS alone: ovs-ofctl add-flows of as many flows (2 a route) into a bare bridge",
                        () -> tb.ofctl(host, "add-flows", SCRATCH, flowFile.toString()), () -> true,
                        () -> Sh.check(host.ovs().env(), matches, List.of("ovs-ofctl", "-O", "OpenFlow14",
                                "--strict", "del-flows", SCRATCH, "-")), () -> true);
                transfer(times, "Tenet's speaker to BIRD (BIRD's table)", () -> speaker.announce(ROUTES),
                        () -> birdRoutes(rtr, birdDir, "spk") == ROUTES, () -> speaker.announce(0),
                        () -> birdRoutes(rtr, birdDir, "spk") == 0);
            }
            long speakerPid = child.pid();
            long agentPid = host.agent().pid();
            long speakerBare = BenchReport.heapAfterGcKb(speakerPid);
            long agentBare = BenchReport.heapAfterGcKb(agentPid);
            long controllerBare = BenchReport.heapAfterGcKb(tb.controllerPid());
            birdc(rtr, birdDir, "enable", "bulk_spk");
            birdc(rtr, birdDir, "enable", "bulk_host");
            Poll.require(LONG, "the speaker's 10,000 learned routes", () -> speaker.learned() == ROUTES);
            Poll.require(LONG, "the host's 10,000 learned routes", () -> flows(tb, host) == base + ROUTES);
            long speakerLearned = BenchReport.heapAfterGcKb(speakerPid);
            long agentLearned = BenchReport.heapAfterGcKb(agentPid);
            long controllerLearned = BenchReport.heapAfterGcKb(tb.controllerPid());
            speaker.announce(ROUTES);
            Poll.require(LONG, "the speaker's 10,000 routes at BIRD", () -> birdRoutes(rtr, birdDir, "spk") == ROUTES);
            long speakerBoth = BenchReport.heapAfterGcKb(speakerPid);
            memory.add(row("Tenet's speaker alone, 10,000 routes learned", speakerBare, speakerLearned));
            memory.add(row("Tenet's speaker alone, 10,000 learned and 10,000 announced", speakerBare, speakerBoth));
            memory.add(row("tenet-node agent, 10,000 routes learned (RIB, report, next hops)", agentBare,
                    agentLearned));
            memory.add(row("controller, one host's 10,000 learned routes (its report and 20,000 flows)",
                    controllerBare, controllerLearned));
            speaker.quit();
        }
        BenchReport.header("10,000 /32 routes", rounds + " rounds", "add median ms", "add min", "add max",
                "add / reference", "withdraw median ms", "withdraw / reference");
        Times ref = times.values().iterator().next();
        for (Map.Entry<String, Times> e : times.entrySet()) {
            Times t = e.getValue();
            System.out.printf("| %s | %.0f | %.0f | %.0f | %.2f | %.0f | %.2f |%n", e.getKey(), median(t.add()),
                    min(t.add()), max(t.add()), median(t.add()) / median(ref.add()), median(t.withdraw()),
                    median(t.withdraw()) / median(ref.withdraw()));
        }
        BenchReport.header("heap after a full GC", "", "without routes MiB", "with routes MiB", "difference MiB");
        for (String[] m : memory) {
            System.out.printf("| %s | %s | %s | %s |%n", (Object[]) m);
        }
    }

    /**
     * BIRD's configuration: a session with each of the three neighbours, each exporting only its own static
     * protocol of {@link #ROUTES} /32s (from 100.64.0.1, 100.65.0.1 and 100.66.0.1 on), all three disabled; the
     * prefixes differ so that two protocols enabled at once do not compete for the best route.
     */
    private static String birdConfig(Path dir, String hostIp) {
        StringBuilder conf = new StringBuilder("log \"" + dir.resolve("bird.log")
                + "\" { warning, error, fatal };\nrouter id "
                + BgpPeer.ROUTER_IP + ";\nprotocol device { }\n");
        Map<String, String[]> peers = new LinkedHashMap<>();
        peers.put("gob", new String[] {GOBGP_IP, Long.toString(GOBGP_AS)});
        peers.put("spk", new String[] {SPEAKER_IP, Long.toString(SPEAKER_AS)});
        peers.put("host", new String[] {hostIp, Long.toString(HOST_AS)});
        int[] octet = {64};
        peers.forEach((name, peer) -> conf.append("protocol static bulk_").append(name).append(" {\n  disabled;\n"
                + "  ipv4;\n").append(routes(octet[0]++)).append("}\nprotocol bgp ").append(name).append(" {\n  local ")
                .append(BgpPeer.ROUTER_IP).append(" as ").append(BgpPeer.ROUTER_AS).append(";\n  neighbor ")
                .append(peer[0]).append(" as ").append(peer[1]).append(";\n  hold time 9;\n  keepalive time 3;\n"
                        + "  connect retry time 1;\n  connect delay time 0;\n  error wait time 1, 5;\n"
                        + "  ipv4 { import all; export where proto = \"bulk_").append(name).append("\"; };\n}\n"));
        return conf.toString();
    }

    /**
     * A bridge of the host's Open vSwitch with no controller, and files of the flows a host's switch gets for
     * {@link #ROUTES} learned /32s (one in the VRF's routes, one rewriting to the next hop), and of their matches.
     */
    private static void scratchBridge(Testbed tb, Testbed.Host host, Path flows, Path matches) throws IOException {
        tb.vsctl(host, "add-br", SCRATCH, "--", "set", "bridge", SCRATCH, "datapath_type=netdev",
                "protocols=OpenFlow14", "fail_mode=secure");
        StringBuilder f = new StringBuilder();
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < ROUTES; i++) {
            String dst = "ip,nw_dst=100.66." + i / 250 + "." + (i % 250 + 1) + "/32";
            f.append("table=40,priority=34,reg6=0x1,").append(dst).append(",actions=load:0x0->NXM_NX_REG2[],"
                    + "load:0x10003->NXM_NX_REG5[],goto_table:45\n");
            f.append("table=52,priority=33,").append(dst).append(",actions=mod_dl_src:5a:6e:1f:00:00:0b,"
                    + "mod_dl_dst:7e:42:c5:00:00:fa,dec_ttl,output:LOCAL\n");
            m.append("table=40,priority=34,reg6=0x1,").append(dst).append("\ntable=52,priority=33,").append(dst)
                    .append('\n');
        }
        Files.writeString(flows, f);
        Files.writeString(matches, m);
    }

    /** {@link #ROUTES} static /32s from 100.{@code second}.0.1 on. */
    private static String routes(int second) {
        StringBuilder routes = new StringBuilder();
        for (int i = 0; i < ROUTES; i++) {
            routes.append("  route 100.").append(second).append('.').append(i / 250).append('.').append(i % 250 + 1)
                    .append("/32 blackhole;\n");
        }
        return routes.toString();
    }

    /**
     * Times {@code add} until {@code all} holds, then {@code withdraw} until {@code none} does, and prints both:
     * one round of one transfer.
     */
    private static void transfer(Map<String, Times> times, String name, Runnable add, BooleanSupplier all,
            Runnable withdraw, BooleanSupplier none) {
        Times t = times.computeIfAbsent(name, k -> new Times());
        t.add().add(timed(add, all));
        t.withdraw().add(timed(withdraw, none));
        System.out.printf("%s: %.0f ms to add, %.0f ms to withdraw%n", name, t.add().get(t.add().size() - 1),
                t.withdraw().get(t.withdraw().size() - 1));
    }

    private static Runnable enable(String ns, Path dir, String proto) {
        return () -> birdc(ns, dir, "enable", proto);
    }

    private static Runnable disable(String ns, Path dir, String proto) {
        return () -> birdc(ns, dir, "disable", proto);
    }

    /** Milliseconds from just before {@code action} to the first poll at which {@code done} holds. */
    private static double timed(Runnable action, BooleanSupplier done) {
        long start = System.nanoTime();
        action.run();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - start > LONG.toNanos()) {
                throw new IllegalStateException("not done within " + LONG.toSeconds() + " s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void birdc(String ns, Path dir, String... command) {
        String out = BirdPeer.birdc(ns, dir, command);
        if (!out.contains(command[1])) {
            throw new IllegalStateException("birdc " + String.join(" ", command) + ": " + out);
        }
    }

    /** How many routes BIRD holds from protocol {@code proto}. */
    private static int birdRoutes(String ns, Path dir, String proto) {
        Matcher m = BIRD_COUNT.matcher(BirdPeer.birdc(ns, dir, "show", "route", "protocol", proto, "count"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** How many flows the host's br-int holds in table 52 (FABRIC_ROUTES: one per learned route). */
    private static int flows(Testbed tb, Testbed.Host host) {
        Matcher m = FLOWS.matcher(tb.ofctl(host, "dump-aggregate", "br-int", "table=52"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String[] row(String name, long beforeKb, long afterKb) {
        return new String[] {name, String.format("%.1f", beforeKb / 1024.0), String.format("%.1f", afterKb / 1024.0),
            String.format("%.1f", (afterKb - beforeKb) / 1024.0)};
    }

    private static double median(List<Double> v) {
        return BenchReport.percentile(v.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The {@link BgpAnnouncer} child, spoken to line by line. */
    private static final class Speaker {
        private final PrintWriter out;
        private final BufferedReader in;

        Speaker(Process p) {
            out = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
            in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        }

        String ask(String command) {
            out.println(command);
            return read();
        }

        String read() {
            try {
                String line = in.readLine();
                if (line == null) {
                    throw new IllegalStateException("the speaker's JVM ended (see announcer.log)");
                }
                return line;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void expect(String line) {
            String got = read();
            if (!got.equals(line)) {
                throw new IllegalStateException("the speaker said '" + got + "', not '" + line + "'");
            }
        }

        int learned() {
            return Integer.parseInt(ask("learned"));
        }

        void announce(int n) {
            String got = ask("announce " + n);
            if (!got.equals("announced " + n)) {
                throw new IllegalStateException("the speaker said '" + got + "'");
            }
        }

        void quit() {
            out.println("quit");
        }
    }
}
