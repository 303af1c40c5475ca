package io.tenet.testbed;

import io.tenet.store.etcd.EtcdCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * REST write latency of the standalone controller on its embedded store against the same controller on etcd (one
 * member, and three members on this machine), in one run: each write is an endpoint created through
 * {@code POST /api/v1/endpoints/<id>/} (admission, an address allocated, the commit, the answer), then an update
 * of a group; the sequence is the same for every store, after a warm-up of the same writes. Every etcd member and
 * every data directory lives under one temporary directory on the same disk as the embedded store's.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:store-etcd/target/test-classes:build/tenet/lib/*"
 * io.tenet.testbed.StoreWriteBenchmark build/tenet 500}
 */
public final class StoreWriteBenchmark {
    private StoreWriteBenchmark() {
    }

    record Result(String store, double[] createMs, double[] updateMs) {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        int writes = BenchReport.intArg(args, 1, 500);
        Path dir = Files.createTempDirectory("tenet-store-bench");
        List<Result> results = new ArrayList<>();
        try {
            results.add(run(home, dir.resolve("embedded"), "embedded", "embedded (H2 MVStore)", writes));
            try (EtcdCluster one = EtcdCluster.start(1)) {
                results.add(run(home, dir.resolve("etcd1"), one.storeSetting(), "etcd, 1 member", writes));
            }
            try (EtcdCluster three = EtcdCluster.start(3)) {
                results.add(run(home, dir.resolve("etcd3"), three.storeSetting(), "etcd, 3 members", writes));
            }
        } finally {
            Sh.run("rm", "-rf", dir.toString());
        }
        BenchReport.header("store", writes + " sequential writes each", "create p50 ms", "create p99 ms",
                "update p50 ms", "update p99 ms", "create p50 vs embedded");
        double base = BenchReport.percentile(results.get(0).createMs(), 50);
        for (Result r : results) {
            double p50 = BenchReport.percentile(r.createMs(), 50);
            System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f | %.2fx |%n", r.store(), p50,
                    BenchReport.percentile(r.createMs(), 99), BenchReport.percentile(r.updateMs(), 50),
                    BenchReport.percentile(r.updateMs(), 99), p50 / base);
        }
    }

    private static Result run(Path home, Path dir, String store, String name, int writes) throws IOException {
        Files.createDirectories(dir);
        int http = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tenet-controller").toString(), "--bind", "127.0.0.1",
                "--api-port", Integer.toString(http), "--of-port", Integer.toString(Ports.free()), "--data-dir",
                dir.resolve("data").toString(), "--store", store);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("controller.log").toFile());
        Process p = pb.start();
        try {
            Api api = new Api("http://127.0.0.1:" + http);
            Poll.require(Duration.ofSeconds(60), () -> name + " ready (log " + dir + "/controller.log)",
                    () -> p.isAlive() && api.get("/api/v1/tenants/").status() == 200);
            api.createTenant("sb");
            api.mustPost("/api/v1/networks/sb:net/", "{\"tenantName\":\"sb\",\"networkName\":\"net\","
                    + "\"subnet\":\"10.64.0.0/16\"}");
            api.createPolicy("sb", "p");
            api.createGroup("sb", "g", "net", "p", false);
            writes(api, "w", writes);
            double[] create = new double[writes];
            double[] update = new double[writes];
            for (int i = 0; i < writes; i++) {
                long t0 = System.nanoTime();
                api.mustPost("/api/v1/endpoints/" + endpoint("m", i), body("m", i));
                long t1 = System.nanoTime();
                api.mustPost("/api/v1/endpointGroups/sb:g/", "{\"networkName\":\"net\",\"policies\":[\"p\"],"
                        + "\"defaultDeny\":" + (i % 2 == 0) + "}");
                long t2 = System.nanoTime();
                create[i] = (t1 - t0) / 1e6;
                update[i] = (t2 - t1) / 1e6;
            }
            return new Result(name, create, update);
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** The warm-up: the same writes, on other endpoints. */
    private static void writes(Api api, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            api.mustPost("/api/v1/endpoints/" + endpoint(prefix, i), body(prefix, i));
        }
    }

    private static String endpoint(String prefix, int i) {
        return prefix + i + "-eth0/";
    }

    private static String body(String prefix, int i) {
        return "{\"tenantName\":\"sb\",\"networkName\":\"net\",\"homingHost\":\"h" + (i % 10) + "\",\"intfName\":\"t"
                + prefix + String.format("%010x", i) + "\",\"containerID\":\"" + prefix + i + "\"}";
    }
}
