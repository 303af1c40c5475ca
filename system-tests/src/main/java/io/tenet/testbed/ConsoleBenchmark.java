package io.tenet.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's first load and time to interactive in Debian's headless Chromium, beside the REST API's latency
 * for the same data, in one run: a standalone controller holding 10 registered hosts, 10 groups and first no
 * endpoint, then {@code endpoints} of them (created through the REST API, none plugged into a switch).
 *
 * <p>Each load is a fresh browser with an empty profile opening {@code /ui/#topology}; its times are the page's
 * own, from the navigation's start: the HTML received, the load event (every module fetched and run), and the
 * {@code tenet-ready:topology} mark, set when the topology page has drawn its data (time to interactive). The API
 * rows time {@code GET /api/v1/endpoints/} and the topology page's four reads (nodes, switches, endpoints,
 * networks, one after the other), body received, not parsed.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:<system-tests class path>:build/tenet/lib/*"
 * io.tenet.testbed.ConsoleBenchmark build/tenet 1000 5}
 */
public final class ConsoleBenchmark {
    private static final String READY = "return (performance.getEntriesByName('tenet-ready:topology')[0] || {})"
            + ".startTime;";
    private static final String TIMES = "const n = performance.getEntriesByType('navigation')[0];"
            + " return [n.responseEnd, n.loadEventEnd, document.getElementsByTagName('*').length,"
            + " document.querySelectorAll('button.endpoint').length, document.querySelectorAll('g.host').length];";
    private static final List<String> TOPOLOGY_READS = List.of("nodes/", "switches/", "endpoints/", "networks/");
    private static final int HOSTS = 10;
    private static final int GROUPS = 10;

    private ConsoleBenchmark() {
    }

    /** One browser load: milliseconds from the navigation's start, and what the page showed. */
    record Load(double html, double loaded, double ready, long elements) {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        int endpoints = BenchReport.intArg(args, 1, 1000);
        int rounds = BenchReport.intArg(args, 2, 5);
        Path dir = Files.createTempDirectory("tenet-console-bench");
        int port = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tenet-controller").toString(), "--bind", "127.0.0.1",
                "--api-port", Integer.toString(port), "--of-port", Integer.toString(Ports.free()), "--data-dir",
                dir.resolve("data").toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            Api api = new Api(base);
            Poll.require(Duration.ofSeconds(60), "controller ready", () -> api.get("/api/v1/tenants/").status() == 200);
            model(api);
            // A controller that has served a few pages already (its code compiled), as an operator's would be.
            measure(base, dir, 0, 2);
            List<String[]> rows = new ArrayList<>();
            rows.addAll(measure(base, dir, 0, rounds));
            addEndpoints(api, endpoints);
            rows.addAll(measure(base, dir, endpoints, rounds));
            BenchReport.header("console and API", rounds + " loads, median (max)", "endpoints", "HTML ms",
                    "load event ms", "time to interactive ms", "DOM elements", "GET endpoints/ ms",
                    "topology's 4 reads ms");
            rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Sh.run("rm", "-rf", dir.toString());
        }
    }

    private static void model(Api api) {
        api.createTenant("bench");
        api.createNetwork("bench", "net", "10.60.0.0/20", "10.60.0.1");
        for (int g = 0; g < GROUPS; g++) {
            api.createPolicy("bench", "p" + g);
            api.createGroup("bench", "g" + g, "net", "p" + g, g % 2 == 0);
        }
        for (int h = 0; h < HOSTS; h++) {
            api.mustPost("/api/v1/nodes/h" + h + "/", "{\"nodeName\":\"h" + h + "\",\"tunnelIp\":\"10.200.0."
                    + (h + 1) + "\",\"datapathId\":\"" + String.format("%016x", 0x7e0000L + h) + "\"}");
        }
    }

    private static void addEndpoints(Api api, int count) {
        for (int i = 0; i < count; i++) {
            api.mustPost("/api/v1/endpoints/c" + i + "-eth0/", "{\"tenantName\":\"bench\",\"networkName\":\"net\","
                    + "\"endpointGroup\":\"g" + (i % GROUPS) + "\",\"homingHost\":\"h" + (i % HOSTS)
                    + "\",\"intfName\":\"tn" + String.format("%011x", i) + "\",\"containerID\":\"c" + i
                    + "\",\"labels\":{\"app\":\"a" + (i % 7) + "\"}}");
        }
    }

    /** The browser's loads and the API's reads for the model as it is, as one table row. */
    private static List<String[]> measure(String base, Path dir, int endpoints, int rounds) {
        List<Load> loads = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            loads.add(load(base, dir, endpoints));
        }
        HttpClient http = HttpClient.newHttpClient();
        double[] one = new double[rounds * 4];
        double[] four = new double[rounds * 4];
        for (int r = 0; r < one.length; r++) {
            one[r] = read(http, base, "endpoints/");
            double sum = 0;
            for (String path : TOPOLOGY_READS) {
                sum += read(http, base, path);
            }
            four[r] = sum;
        }
        return List.<String[]>of(new String[] {Integer.toString(endpoints),
            cell(loads.stream().mapToDouble(Load::html).toArray()),
            cell(loads.stream().mapToDouble(Load::loaded).toArray()),
            cell(loads.stream().mapToDouble(Load::ready).toArray()),
            Long.toString(loads.get(0).elements()), cell(one), cell(four)});
    }

    private static Load load(String base, Path dir, int endpoints) {
        try (Browser b = new Browser(dir)) {
            b.open(base + "/ui/#topology");
            b.awaitPage("topology");
            Object ready = b.script(READY);
            List<?> t = (List<?>) b.script(TIMES);
            long shown = ((Number) t.get(3)).longValue();
            long hosts = ((Number) t.get(4)).longValue();
            if (ready == null || shown != endpoints || hosts != HOSTS) {
                throw new IllegalStateException("the topology page showed " + shown + " endpoints and " + hosts
                        + " hosts, not " + endpoints + " and " + HOSTS + " (ready mark " + ready + ")");
            }
            return new Load(((Number) t.get(0)).doubleValue(), ((Number) t.get(1)).doubleValue(),
                    ((Number) ready).doubleValue(), ((Number) t.get(2)).longValue());
        }
    }

    /** Milliseconds to receive one API reply's whole body. */
    private static double read(HttpClient http, String base, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/" + path)).GET().build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> " + r.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String cell(double[] values) {
        return String.format("%.1f (%.1f)", BenchReport.percentile(values, 50), BenchReport.percentile(values, 100));
    }
}
