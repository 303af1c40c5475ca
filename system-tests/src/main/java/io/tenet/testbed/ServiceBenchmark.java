package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Services on three simulated hosts, two measurements in one run.
 *
 * <p><b>Connection rate.</b> A client on host 0 makes TCP connections one after the other (connect, read the
 * provider's one-line answer, close) for a few seconds: directly to a provider on host 1, through the VIP of a
 * service whose only provider is that one, and through the VIP of a service over three providers (one per host);
 * the three paths in turn, several rounds, so that the machine's noise falls on all of them alike.
 *
 * <p><b>Realization of a provider change.</b> A client on every host connects to the three-provider service every
 * 2 ms, giving each connection {@link #WATCH_LIMIT_MS}, and logs who answers (or that it timed out). A new provider's namespace gets a server listening on any address; the clock starts
 * with its {@code tenet-cni ADD} (labelled {@code app=web}; the ADD's own JVM start is part of it) and stops when
 * the client of every host has been answered by the new provider. The provider is then deleted (CNI DEL) before the
 * next round, so the service has four providers at most and a client meets the new one within a few connections;
 * the next round waits until no client is still waiting out a connection lost to the deleted provider.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.ServiceBenchmark build/tenet 3 30}
 * (rounds of the connection rate, provider changes).
 */
public final class ServiceBenchmark {
    /** How many connections each host's userspace conntrack holds. */
    private static String conntrackSizes(Testbed tb) {
        StringBuilder b = new StringBuilder();
        for (Testbed.Host h : tb.hosts()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Total: (\\d+)")
                    .matcher(h.ovs().appctl("dpctl/ct-stats-show"));
            b.append(' ').append(m.find() ? m.group(1) : "?");
        }
        return b.toString();
    }

    private static final int SECONDS_PER_PATH = 5;
    private static final int PORT = 8080;
    /**
     * How long a watcher gives each connection: the probe's resolution. A connection lost on the way (see
     * BENCHMARKS.md: the userspace datapath loses packets while a port is added) costs the probe this, not the
     * kernel's 1 s SYN retransmission, so the measure is of Tenet's realization; the losses are counted apart.
     */
    private static final long WATCH_LIMIT_MS = 100;
    /** How long the watchers run with no change, to count the timeouts that changes have nothing to do with. */
    private static final long QUIET_MS = 10_000;

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        int rounds = BenchReport.intArg(args, 1, 3);
        int changes = BenchReport.intArg(args, 2, 30);
        List<Process> processes = new ArrayList<>();
        try (Testbed tb = Testbed.start(home, 3)) {
            Api api = tb.api();
            api.createTenant("sb");
            api.createNetwork("sb", "net", "10.92.0.0/24", "10.92.0.254");
            Testbed.Container only = provider(tb, tb.host(1), "app:one", processes);
            for (Testbed.Host h : tb.hosts()) {
                provider(tb, h, "app:web", processes);
            }
            String vipOne = service(api, "one");
            String vipWeb = service(api, "web");
            Testbed.Container client = tb.addContainer(tb.host(0), "sb", "net");
            Map<String, String[]> paths = new LinkedHashMap<>();
            paths.put("direct to the provider (host 1)", new String[] {only.ip(), Integer.toString(PORT)});
            paths.put("VIP, that provider alone", new String[] {vipOne, "80"});
            paths.put("VIP, 3 providers (one per host)", new String[] {vipWeb, "80"});
            for (String[] p : paths.values()) {
                Poll.require(Duration.ofSeconds(15), "answers at " + p[0], () -> rate(client, p[0], p[1], 1)[0] > 0);
            }
            Map<String, double[]> perSecond = new LinkedHashMap<>();
            paths.keySet().forEach(k -> perSecond.put(k, new double[rounds]));
            long failed = 0;
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, String[]> p : paths.entrySet()) {
                    long[] counts = rate(client, p.getValue()[0], p.getValue()[1], SECONDS_PER_PATH);
                    perSecond.get(p.getKey())[r] = counts[0] / (double) SECONDS_PER_PATH;
                    failed += counts[1];
                }
            }
            double direct = Arrays.stream(perSecond.values().iterator().next()).average().orElse(0);
            BenchReport.header("new TCP connections, one client after the other", rounds + " rounds of "
                    + SECONDS_PER_PATH + " s per path, " + failed + " failed", "connections/s (mean)",
                    "min", "max", "/ direct");
            perSecond.forEach((k, v) -> {
                double mean = Arrays.stream(v).average().orElse(0);
                System.out.printf("| %s | %.0f | %.0f | %.0f | %.2f |%n", k, mean, Arrays.stream(v).min().orElse(0),
                        Arrays.stream(v).max().orElse(0), mean / direct);
            });

            List<Path> logs = new ArrayList<>();
            for (Testbed.Host h : tb.hosts()) {
                Testbed.Container watcher = tb.addContainer(h, "sb", "net");
                Path log = tb.dir().resolve("watch-" + h.name() + ".log");
                processes.add(new ProcessBuilder(Sh.inNs(watcher.ns(), "/usr/bin/python3", "-c", ServiceScripts.CLIENT,
                        "tcp-watch", vipWeb, "80", Double.toString(WATCH_LIMIT_MS / 1000.0))).redirectOutput(log.toFile())
                        .redirectErrorStream(true).start());
                logs.add(log);
            }
            Poll.require(Duration.ofSeconds(15), "every watcher answered", () -> logs.stream()
                    .allMatch(l -> !lines(l).isEmpty()));
            // Control: how many watcher connections time out while nothing changes.
            long[] quietFrom = new long[logs.size()];
            for (int k = 0; k < quietFrom.length; k++) {
                quietFrom[k] = Files.size(logs.get(k));
            }
            Thread.sleep(QUIET_MS);
            int quietLost = 0;
            for (int k = 0; k < quietFrom.length; k++) {
                quietLost += (int) linesFrom(logs.get(k), quietFrom[k]).stream().filter(l -> l.endsWith(" timeout"))
                        .count();
            }
            double[] realized = new double[changes];
            double[] added = new double[changes];
            int[] lost = new int[changes];
            for (int i = 0; i < changes; i++) {
                Testbed.Host h = tb.host(i % 3);
                String name = tb.prefix() + "-n" + i;
                tb.addNs(name);
                Process server = new ProcessBuilder(Sh.inNs(name, "/usr/bin/python3", "-c", ServiceScripts.SERVER,
                        "0.0.0.0", Integer.toString(PORT), Integer.toString(PORT + 1), name)).start();
                processes.add(server);
                Poll.require(Duration.ofSeconds(10), name + " listening", () -> Sh.run(Sh.inNs(name, "ss", "-ltnH",
                        "sport = :" + PORT)).out().contains(":" + PORT));
                long[] from = new long[logs.size()];
                for (int k = 0; k < from.length; k++) {
                    from[k] = Files.size(logs.get(k));
                }
                long t0 = System.currentTimeMillis();
                Sh.Result r = tb.cni(h, "ADD", name, "/var/run/netns/" + name, "eth0", tb.netconf("sb", "net"),
                        "TENET_LABELS=app:web");
                added[i] = System.currentTimeMillis() - t0;
                if (!r.ok()) {
                    throw new IllegalStateException("CNI ADD of " + name + " failed: " + r.out() + r.err());
                }
                Poll.require(Duration.ofSeconds(10), name + " answering every host", () -> {
                    for (int k = 0; k < from.length; k++) {
                        if (firstAnswer(logs.get(k), from[k], name, t0) == 0) {
                            return false;
                        }
                    }
                    return true;
                });
                double last = 0;
                for (int k = 0; k < from.length; k++) {
                    last = Math.max(last, firstAnswer(logs.get(k), from[k], name, t0));
                }
                realized[i] = last - t0;
                StringBuilder when = new StringBuilder();
                for (int k = 0; k < from.length; k++) {
                    for (String line : linesFrom(logs.get(k), from[k])) {
                        String[] f = line.split(" ");
                        if (f.length == 2 && f[1].equals("timeout") && Double.parseDouble(f[0]) * 1000 >= t0
                                && Double.parseDouble(f[0]) * 1000 <= last) {
                            lost[i]++;
                            when.append(String.format(" h%d@%.0f", k, Double.parseDouble(f[0]) * 1000 - t0));
                        }
                    }
                }
                if (lost[i] > 0) {
                    System.out.printf("change %d on %s: realized in %.0f ms; watcher timeouts (host@ms after ADD,"
                            + " ending then):%s; conntrack entries per host:%s%n", i, h.name(), realized[i], when,
                            conntrackSizes(tb));
                }
                tb.cni(h, "DEL", name, "/var/run/netns/" + name, "eth0", tb.netconf("sb", "net"), null);
                server.destroyForcibly();
                // A watcher whose connection went to the deleted provider just before its group lost it waits out
                // its 1 s timeout; the next round starts once every watcher is past that, so as not to count it.
                long settled = System.currentTimeMillis() + 1100;
                Poll.require(Duration.ofSeconds(10), "every watcher answered after the DEL", () -> logs.stream()
                        .allMatch(l -> lastAnswer(l) >= settled));
            }
            BenchReport.header("provider change", "", "changes", "p50 ms", "p99 ms", "max ms");
            System.out.printf("| CNI ADD returned | %d | %.0f | %.0f | %.0f |%n", changes,
                    BenchReport.percentile(added, 50), BenchReport.percentile(added, 99),
                    BenchReport.percentile(added, 100));
            System.out.printf("| CNI ADD -> new provider answering clients on all 3 hosts | %d | %.0f | %.0f | %.0f |%n",
                    changes, BenchReport.percentile(realized, 50), BenchReport.percentile(realized, 99),
                    BenchReport.percentile(realized, 100));
            System.out.printf("%nconnections of the watchers that timed out (%d ms) between an ADD and its realization:"
                    + " %d in %d changes (changes with any: %d)%n", WATCH_LIMIT_MS, Arrays.stream(lost).sum(), changes,
                    Arrays.stream(lost).filter(n -> n > 0).count());
            System.out.printf("the same with no change, %d s before the first: %d%n", QUIET_MS / 1000, quietLost);
            double[] sorted = realized.clone();
            Arrays.sort(sorted);
            System.out.println("\nevery realization, sorted (ms): " + Arrays.toString(sorted));
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static Testbed.Container provider(Testbed tb, Testbed.Host h, String labels, List<Process> processes)
            throws IOException {
        Testbed.Container p = tb.addContainer(h, "sb", "net", "", "TENET_LABELS=" + labels);
        processes.add(new ProcessBuilder(Sh.inNs(p.ns(), "/usr/bin/python3", "-c", ServiceScripts.SERVER, p.ip(),
                Integer.toString(PORT), Integer.toString(PORT + 1), p.name())).start());
        return p;
    }

    private static String service(Api api, String name) {
        return api.mustPost("/api/v1/serviceLBs/sb:" + name + "/", "{\"networkName\":\"net\",\"ports\":[\"80:" + PORT
                + ":TCP\"],\"selectors\":[\"app=" + name + "\"],\"serviceName\":\"" + name + "\",\"tenantName\":\"sb\"}")
                .path("ipAddress").asText();
    }

    /** Connections answered and failed in {@code seconds} from {@code from} to {@code ip:port}. */
    private static long[] rate(Testbed.Container from, String ip, String port, int seconds) {
        String out = Sh.check(Sh.inNs(from.ns(), "/usr/bin/python3", "-c", ServiceScripts.CLIENT, "tcp-rate", ip, port,
                Integer.toString(seconds))).strip();
        String[] f = out.split(" ");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /**
     * The wall-clock time (ms) of the first answer by {@code name} at or after {@code since} in what {@code log}
     * holds from byte {@code offset} on; 0 when none yet.
     */
    private static double firstAnswer(Path log, long offset, String name, long since) {
        for (String line : linesFrom(log, offset)) {
            String[] f = line.split(" ");
            if (f.length == 2 && f[1].equals(name)) {
                double ms = Double.parseDouble(f[0]) * 1000;
                if (ms >= since) {
                    return ms;
                }
            }
        }
        return 0;
    }

    /** The wall-clock time (ms) of the last answer in {@code log}; 0 when none. */
    private static double lastAnswer(Path log) {
        long size;
        try {
            size = Files.size(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> l = linesFrom(log, Math.max(0, size - 4096));
        for (int i = l.size() - 1; i >= 0; i--) {
            String[] f = l.get(i).split(" ");
            if (f.length == 2 && !f[1].equals("timeout")) {
                try {
                    return Double.parseDouble(f[0]) * 1000;
                } catch (NumberFormatException e) {
                    // a line being written
                }
            }
        }
        return 0;
    }

    /** The lines {@code log} holds from byte {@code offset} on (none when it does not exist yet). */
    private static List<String> linesFrom(Path log, long offset) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            byte[] b = new byte[(int) Math.max(0, f.length() - offset)];
            f.seek(offset);
            f.readFully(b);
            return List.of(new String(b, java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path log) {
        return linesFrom(log, 0);
    }
}
