package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 200 CNI ADDs on two hosts at once, half of them deleted again while the others are still being added, then the
 * rest deleted at once: no address handed out twice, none left allocated, no endpoint, port or veth left over,
 * and what the controller holds is exactly what the hosts hold.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentCniTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "cc";
    private static final String NET = "net";
    private static final int CONTAINERS = 200;
    private static final int PARALLEL = 16;
    private Testbed tb;

    @BeforeAll
    void setUp() {
        tb = TestbedSupport.start(2);
        tb.api().createTenant(TENANT);
        tb.api().createNetwork(TENANT, NET, "10.65.0.0/22", "10.65.3.254");
    }

    @AfterAll
    void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    private String ns(int i) {
        return tb.prefix() + "-k" + i;
    }

    private Host host(int i) {
        return tb.host(i % 2);
    }

    private Sh.Result cni(String command, int i) {
        return tb.cni(host(i), command, ns(i), "/var/run/netns/" + ns(i), "eth0", tb.netconf(TENANT, NET), null);
    }

    private int allocated() {
        return tb.api().allocatedAddresses(TENANT, NET);
    }

    /** Endpoint id to address, as the controller holds them. */
    private Map<String, String> endpoints() {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode e : tb.api().get("/api/v1/endpoints/").body()) {
            out.put(e.path("endpointID").asText(), e.path("ipAddress").path(0).asText());
        }
        return out;
    }

    /** A host's container ports on br-int and container veths ("tn..." both). */
    private Set<String> hostEnds(Host h) {
        Set<String> out = new TreeSet<>();
        for (String p : tb.vsctl(h, "list-ports", "br-int").split("\n")) {
            if (p.startsWith("tn")) {
                out.add("port " + p);
            }
        }
        for (String line : Sh.run(Sh.inNs(h.ns(), "ip", "-o", "link", "show")).out().split("\n")) {
            String[] w = line.split(":\\s+");
            if (w.length > 1 && w[1].startsWith("tn")) {
                out.add("link " + w[1].split("@")[0]);
            }
        }
        return out;
    }

    private String hostEnd(Host h, String endpointId) {
        return tb.vsctl(h, "--bare", "--columns=name", "find", "interface", "external_ids:tenet-endpoint="
                + endpointId).strip();
    }

    @Test
    void concurrentAddsAndDeletesNeitherDuplicateNorLeak() throws Exception {
        int baseline = allocated();
        for (int i = 0; i < CONTAINERS; i++) {
            tb.addNs(ns(i));
        }
        Map<Integer, String> added = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                int n = i;
                work.add(pool.submit(() -> {
                    Sh.Result r = cni("ADD", n);
                    if (!r.ok()) {
                        failures.add("ADD " + n + ": " + r.out() + r.err());
                        return;
                    }
                    try {
                        String cidr = JSON.readTree(r.out()).path("ips").path(0).path("address").asText();
                        added.put(n, cidr.substring(0, cidr.indexOf('/')));
                    } catch (java.io.IOException e) {
                        failures.add("ADD " + n + " printed " + r.out());
                    }
                    if (n % 2 == 0) {
                        // Deleted while the other ADDs go on.
                        Sh.Result d = cni("DEL", n);
                        if (!d.ok()) {
                            failures.add("DEL " + n + ": " + d.out() + d.err());
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(10, TimeUnit.MINUTES);
            }
            assertEquals(List.of(), failures);
            assertEquals(CONTAINERS, added.size());

            Map<String, String> expected = new TreeMap<>();
            Map<Host, Set<String>> ends = new HashMap<>();
            tb.hosts().forEach(h -> ends.put(h, new TreeSet<>()));
            for (int i = 1; i < CONTAINERS; i += 2) {
                String id = ns(i) + "-eth0";
                expected.put(id, added.get(i));
                String end = hostEnd(host(i), id);
                ends.get(host(i)).add("port " + end);
                ends.get(host(i)).add("link " + end);
            }
            assertEquals(expected, endpoints(), "the controller holds exactly the live attachments, at the addresses"
                    + " their ADDs returned");
            assertEquals(expected.size(), new TreeSet<>(expected.values()).size(), "no address handed out twice");
            assertEquals(baseline + expected.size(), allocated(), "no address leaked by the deleted ones");
            for (Host h : tb.hosts()) {
                assertEquals(ends.get(h), hostEnds(h), "host ends of " + h.name() + " are the live ones");
            }
            for (int i = 1; i < CONTAINERS; i += 2) {
                String addr = Sh.run(Sh.inNs(ns(i), "ip", "-o", "-4", "addr", "show", "dev", "eth0")).out();
                assertTrue(addr.contains(" " + added.get(i) + "/"), ns(i) + ": " + addr);
            }

            List<Future<Sh.Result>> dels = new ArrayList<>();
            for (int i = 1; i < CONTAINERS; i += 2) {
                int n = i;
                dels.add(pool.submit(() -> cni("DEL", n)));
            }
            for (Future<Sh.Result> f : dels) {
                Sh.Result d = f.get(10, TimeUnit.MINUTES);
                assertTrue(d.ok(), d.out() + d.err());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(), endpoints());
        assertEquals(baseline, allocated(), "every address back in the pool");
        for (Host h : tb.hosts()) {
            assertEquals(Set.of(), hostEnds(h), "nothing left on " + h.name());
        }
    }
}
