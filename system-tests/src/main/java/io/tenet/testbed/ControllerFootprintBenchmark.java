package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Boot-to-ready time and memory of the controller, Karaf distribution and standalone side by side in one run:
 * ready is the first 200 from {@code GET /api/v1/tenants/}; memory is measured after a model of 1 tenant, 1
 * network and 1,000 endpoints (created through the REST API) and a full GC: heap in use and resident set.
 *
 * <p>Run: {@code java -cp "system-tests/target/classes:build/tenet/lib/*" io.tenet.testbed.ControllerFootprintBenchmark build/tenet}
 */
public final class ControllerFootprintBenchmark {
    private ControllerFootprintBenchmark() {
    }

    record Result(String name, long readyMs, long heapUsedMb, long rssMb) {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args).toAbsolutePath();
        Path dir = Files.createTempDirectory("tenet-footprint");
        try {
            Result karaf = karaf(home, dir.resolve("karaf"));
            Result standalone = standalone(home, dir.resolve("standalone"));
            BenchReport.header("controller", "", "boot to ready ms", "heap used MiB", "RSS MiB");
            for (Result r : new Result[] {karaf, standalone}) {
                System.out.printf("| %s | %d | %d | %d |%n", r.name(), r.readyMs(), r.heapUsedMb(), r.rssMb());
            }
        } finally {
            Sh.run("rm", "-rf", dir.toString());
        }
    }

    private static Result karaf(Path home, Path dir) throws IOException {
        int http = Ports.free();
        KarafInstance k = KarafInstance.prepare(home.resolveSibling("tenet-karaf"), dir, "127.0.0.1", http);
        KarafInstance.setProperty(k.home().resolve("etc/io.tenet.controller.cfg"), java.util.Map.of("bind",
                "127.0.0.1", "openflowPort", Integer.toString(Ports.free())));
        try (k) {
            long t0 = System.nanoTime();
            k.start();
            Api api = new Api("http://127.0.0.1:" + http);
            Poll.require(Duration.ofSeconds(120), "Karaf ready", () -> api.get("/api/v1/tenants/").status() == 200);
            long ready = (System.nanoTime() - t0) / 1_000_000;
            load(api);
            return measure("Karaf distribution (build/tenet-karaf)", ready, k.pid());
        }
    }

    private static Result standalone(Path home, Path dir) throws IOException {
        int http = Ports.free();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tenet-controller").toString(), "--bind", "127.0.0.1",
                "--api-port", Integer.toString(http), "--of-port", Integer.toString(Ports.free()), "--data-dir",
                dir.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            Api api = new Api("http://127.0.0.1:" + http);
            Poll.require(Duration.ofSeconds(60), "standalone ready", () -> api.get("/api/v1/tenants/").status() == 200);
            long ready = (System.nanoTime() - t0) / 1_000_000;
            load(api);
            long pid = p.toHandle().descendants().findFirst().map(ProcessHandle::pid).orElse(p.pid());
            return measure("standalone (bin/tenet-controller)", ready, pid);
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void load(Api api) {
        api.createTenant("bench");
        api.mustPost("/api/v1/networks/bench:net/", "{\"tenantName\":\"bench\",\"networkName\":\"net\","
                + "\"subnet\":\"10.60.0.0/22\"}");
        for (int i = 0; i < 1000; i++) {
            api.mustPost("/api/v1/endpoints/c" + i + "-eth0/", "{\"tenantName\":\"bench\",\"networkName\":\"net\","
                    + "\"homingHost\":\"h" + (i % 10) + "\",\"intfName\":\"tn" + String.format("%011x", i)
                    + "\",\"containerID\":\"c" + i + "\"}");
        }
    }

    private static Result measure(String name, long readyMs, long pid) throws IOException {
        long usedKb = BenchReport.heapAfterGcKb(pid);
        long rssKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new Result(name, readyMs, usedKb / 1024, rssKb / 1024);
    }
}
