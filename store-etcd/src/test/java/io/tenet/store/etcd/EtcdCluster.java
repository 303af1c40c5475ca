package io.tenet.store.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real etcd cluster (Debian's {@code etcd-server}) of one or more members on loopback, each its own process with
 * free ports and a data directory under one temporary directory, for the tests: members can be killed and started
 * again, and {@link #close} stops them all and removes the directory. In the test jar, for the system tests too.
 */
public final class EtcdCluster implements AutoCloseable {
    /** Large enough for any commit of the tests (etcd's default is 128 operations per transaction). */
    public static final int MAX_TXN_OPS = 10_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Path dir;
    private final List<Member> members = new ArrayList<>();
    private final String initialCluster;

    private record Member(String name, int clientPort, int peerPort, Path dataDir, Path log, Process[] process) {
        String clientUrl() {
            return "http://127.0.0.1:" + clientPort;
        }
    }

    private EtcdCluster(int size) throws IOException {
        dir = Files.createTempDirectory("tenet-etcd-");
        for (int i = 0; i < size; i++) {
            members.add(new Member("tenet" + i, freePort(), freePort(), dir.resolve("m" + i),
                    dir.resolve("m" + i + ".log"), new Process[1]));
        }
        initialCluster = members.stream().map(m -> m.name() + "=http://127.0.0.1:" + m.peerPort())
                .collect(Collectors.joining(","));
    }

    /** Starts a cluster of {@code size} members and waits until it is healthy. */
    public static EtcdCluster start(int size) throws IOException {
        EtcdCluster c = new EtcdCluster(size);
        try {
            for (int i = 0; i < size; i++) {
                c.launch(i);
            }
            c.awaitHealthy(Duration.ofSeconds(30));
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void launch(int i) throws IOException {
        Member m = members.get(i);
        String peer = "http://127.0.0.1:" + m.peerPort();
        ProcessBuilder pb = new ProcessBuilder("etcd", "--name", m.name(), "--data-dir", m.dataDir().toString(),
                "--listen-client-urls", m.clientUrl(), "--advertise-client-urls", m.clientUrl(),
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                "--initial-cluster-token", dir.getFileName().toString(),
                "--max-txn-ops", Integer.toString(MAX_TXN_OPS), "--heartbeat-interval", "50",
                "--election-timeout", "500", "--logger", "zap", "--log-outputs", "stderr");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(m.log().toFile()));
        m.process()[0] = pb.start();
    }

    /** The client URLs of every member, as the controller's {@code --store etcd:} takes them. */
    public String endpoints() {
        return members.stream().map(Member::clientUrl).collect(Collectors.joining(","));
    }

    /** The controller's store setting for this cluster. */
    public String storeSetting() {
        return "etcd:" + endpoints();
    }

    public int size() {
        return members.size();
    }

    /** Kills member {@code i} outright (SIGKILL), as a crash would. */
    public void kill(int i) throws InterruptedException {
        Process p = members.get(i).process()[0];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor();
            members.get(i).process()[0] = null;
        }
    }

    /**
     * Starts member {@code i} again on its data directory; {@link #awaitHealthy} waits for it (a member alone is not
     * healthy until a quorum is back).
     */
    public void restart(int i) throws IOException {
        launch(i);
    }

    /** Whether member {@code i} answers that it is healthy (it is up and the cluster has a leader). */
    public boolean healthy(int i) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(members.get(i).clientUrl()
                    + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The value etcd holds for {@code key}, read through its JSON gateway from the first running member; null when
     * it holds none.
     */
    public String value(String key) throws IOException, InterruptedException {
        Member m = members.stream().filter(x -> x.process()[0] != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("no etcd member runs"));
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        String body = "{\"key\":\"" + b64.encodeToString(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(m.clientUrl() + "/v3/kv/range"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.JsonNode kvs = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body()).path("kvs");
        return kvs.isEmpty() ? null : new String(java.util.Base64.getDecoder().decode(kvs.get(0).path("value")
                .asText()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits until every running member is healthy. */
    public void awaitHealthy(Duration limit) {
        for (Member m : members) {
            if (m.process()[0] != null) {
                awaitMember(m, limit);
            }
        }
    }

    private void awaitMember(Member m, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int i = members.indexOf(m);
        while (!healthy(i)) {
            Process p = m.process()[0];
            if (p == null || !p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd member " + m.name() + " is not healthy" + (p != null
                        && !p.isAlive() ? " (it exited " + p.exitValue() + ")" : "") + "; its log: " + tail(m.log()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < members.size(); i++) {
            try {
                kill(i);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
