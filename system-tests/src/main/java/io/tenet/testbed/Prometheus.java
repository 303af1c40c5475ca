package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scrapes a controller's {@code /metrics} and parses it with the Prometheus project's own text-format parser
 * (Debian's python3-prometheus-client), so a test reads the samples a Prometheus server would, and a malformed
 * exposition fails the test.
 */
public final class Prometheus {
    private static final String PARSE = String.join("\n",
            "import sys, json",
            "from prometheus_client.parser import text_string_to_metric_families",
            "out = {}",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    for s in f.samples:",
            "        labels = ','.join('%s=\"%s\"' % (k, v) for k, v in sorted(s.labels.items()))",
            "        out[s.name + ('{' + labels + '}' if labels else '')] = s.value",
            "json.dump(out, sys.stdout)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Prometheus() {
    }

    /** The samples of {@code base + "/metrics"}, by {@code name{label="value",...}} (labels sorted). */
    public static Map<String, Double> scrape(String base) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                    + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
                throw new AssertionError("/metrics answered " + r.statusCode() + " " + r.headers().map());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The samples of an exposition in the Prometheus text format; fails on one the parser refuses. */
    public static Map<String, Double> parse(String text) throws IOException {
        Sh.Result r = Sh.run(Map.of(), text, java.util.List.of("/usr/bin/python3", "-c", PARSE));
        if (!r.ok()) {
            throw new AssertionError("the Prometheus parser refused /metrics: " + r.err() + "\n" + text);
        }
        Map<String, Double> out = new TreeMap<>();
        JsonNode tree = JSON.readTree(r.out());
        tree.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }

    /** The sum of the samples named {@code name} whose labels contain {@code labelFilter} (e.g. {@code node="h1"}). */
    public static double sum(Map<String, Double> samples, String name, String labelFilter) {
        return samples.entrySet().stream().filter(e -> (e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                && e.getKey().contains(labelFilter)).mapToDouble(Map.Entry::getValue).sum();
    }
}
