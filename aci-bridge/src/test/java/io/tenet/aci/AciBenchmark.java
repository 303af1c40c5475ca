package io.tenet.aci;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The ACI bridge at scale against the fake APIC (BENCHMARKS.md): a full sync of {@code tenants} tenants with
 * {@code groups} groups each and {@code rules} rules per group, then one rule changed, {@code rounds} times.
 * Each figure is the bridge's own sync time ({@code lastSync.tookMs}) and the fake's count of requests; the wall
 * time from the REST write to the converged APIC is printed beside it. Last, the periodic resync (everything
 * read back by class) with nothing to change, {@code rounds} times: what every change would cost without the
 * bridge's scoping to the touched tenants.
 *
 * <pre>java -cp aci-bridge/target/test-classes:aci-bridge/target/classes:CP io.tenet.aci.AciBenchmark 100 10 10 5</pre>
 */
public final class AciBenchmark {
    private AciBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int groups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rules = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        try (AciTestbed bed = new AciTestbed(java.time.Clock.systemUTC())) {
            long t0 = System.nanoTime();
            bed.scaleModel(tenants, groups, rules);
            System.out.printf(Locale.ROOT, "model: %d tenants, %d groups, %d rules written in %.1f s%n", tenants,
                    tenants * groups, tenants * groups * rules, (System.nanoTime() - t0) / 1e9);
            int w0 = bed.apic.writes();
            int r0 = bed.apic.reads();
            long start = System.nanoTime();
            bed.connect("");
            awaitSyncs(bed, 1);
            double wall = (System.nanoTime() - start) / 1e6;
            JsonNode last = bed.bridgeView().path("lastSync");
            check(bed);
            int objects = bed.desired().size();
            System.out.printf(Locale.ROOT, "full sync: %d objects created, %d POSTs, %d GETs, sync %d ms,"
                    + " wall %.0f ms%n",
                    last.path("created").asInt(), bed.apic.writes() - w0, bed.apic.reads() - r0,
                    last.path("tookMs").asLong(), wall);
            for (int i = 0; i < rounds; i++) {
                int port = 2000 + i;
                int syncs = bed.bridgeView().path("syncs").asInt();
                int w = bed.apic.writes();
                int r = bed.apic.reads();
                int changed = bed.apic.changedObjects();
                start = System.nanoTime();
                bed.ok("POST", "/api/v1/rules/t7:p3:4/", "{\"policyName\":\"p3\",\"ruleId\":\"4\","
                        + "\"tenantName\":\"t7\","
                        + "\"direction\":\"in\",\"fromEndpointGroup\":\"g4\",\"protocol\":\"tcp\",\"port\":" + port
                        + ",\"action\":\"allow\",\"priority\":5}");
                awaitSyncs(bed, syncs + 1);
                wall = (System.nanoTime() - start) / 1e6;
                last = bed.bridgeView().path("lastSync");
                String entry = bed.apic.get("uni/tn-t7/flt-p3:4/e-rule").attribute("dFromPort");
                if (!entry.equals(Integer.toString(port))) {
                    throw new IllegalStateException("the entry shows " + entry + ", not " + port);
                }
                System.out.printf(Locale.ROOT, "one rule changed: %d object(s) changed on the APIC, %d POST(s),"
                        + " %d GETs,"
                        + " sync %d ms, wall %.0f ms%n", bed.apic.changedObjects() - changed, bed.apic.writes() - w,
                        bed.apic.reads() - r, last.path("tookMs").asLong(), wall);
            }
            for (int i = 0; i < rounds; i++) {
                int syncs = bed.bridgeView().path("syncs").asInt();
                int w = bed.apic.writes();
                int r = bed.apic.reads();
                start = System.nanoTime();
                bed.bridge().resyncNow();
                awaitSyncs(bed, syncs + 1);
                wall = (System.nanoTime() - start) / 1e6;
                System.out.printf(Locale.ROOT, "periodic resync, nothing changed: %d POST(s), %d GETs, sync %d ms, wall"
                        + " %.0f ms%n", bed.apic.writes() - w, bed.apic.reads() - r,
                        bed.bridgeView().path("lastSync").path("tookMs").asLong(), wall);
            }
            System.gc();
            System.out.printf(Locale.ROOT, "desired objects %d; heap after GC (bridge, model and fake together)"
                    + " %d MiB%n",
                    objects, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
        }
    }

    private static void awaitSyncs(AciTestbed bed, int syncs) throws InterruptedException {
        while (true) {
            JsonNode v = bed.bridgeView();
            if (v.path("syncs").asInt() >= syncs && v.path("state").asText().startsWith("in sync")) {
                return;
            }
            if (v.path("state").asText().startsWith("retrying")) {
                throw new IllegalStateException("the sync failed: " + v);
            }
            Thread.sleep(10);
        }
    }

    private static void check(AciTestbed bed) {
        if (!bed.tenetObjects().equals(bed.desired())) {
            throw new IllegalStateException("the APIC does not hold the desired objects");
        }
    }
}
