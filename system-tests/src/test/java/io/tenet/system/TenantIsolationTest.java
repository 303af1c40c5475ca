package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two tenants with the same subnet on the same two hosts: their containers get the same addresses (and MACs),
 * yet each tenant's traffic reaches its own containers only.
 */
@Tag("system")
class TenantIsolationTest {
    private static Testbed tb;
    private static Container a1;
    private static Container a2;
    private static Container b1;
    private static Container b2;

    @BeforeAll
    static void setUp() {
        tb = TestbedSupport.start(2);
        for (String t : List.of("ta", "tb")) {
            tb.api().createTenant(t);
            tb.api().createNetwork(t, "net", "10.90.0.0/24", "10.90.0.254");
        }
        a1 = tb.addContainer(tb.host(0), "ta", "net");
        b1 = tb.addContainer(tb.host(0), "tb", "net");
        a2 = tb.addContainer(tb.host(1), "ta", "net");
        b2 = tb.addContainer(tb.host(1), "tb", "net");
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** Connects to a server that answers with its own name; returns what came back. */
    private static String whoAnswers(Container from, Container server, int port) throws Exception {
        Process srv = new ProcessBuilder(Sh.inNs(server.ns(), "sh", "-c", "echo " + server.name()
                + " | timeout 5 nc -l -N " + server.ip() + " " + port)).start();
        try {
            Poll.require(Duration.ofSeconds(3), "listener", () -> Sh.run(Sh.inNs(server.ns(), "ss", "-ltnH",
                    "sport = :" + port)).out().contains(":" + port));
            return Sh.run(Map.of(), "", Sh.inNs(from.ns(), "nc", "-w", "2", server.ip(), Integer.toString(port)))
                    .out().strip();
        } finally {
            srv.destroyForcibly();
        }
    }

    @Test
    void overlappingAddressesStayInTheirTenant() throws Exception {
        assertEquals(a1.ip(), b1.ip(), "the tenants overlap");
        assertEquals(a2.ip(), b2.ip(), "the tenants overlap");
        assertTrue(tb.pingWithin(a1, a2.ip(), Duration.ofSeconds(15)));
        assertTrue(tb.pingWithin(b1, b2.ip(), Duration.ofSeconds(15)));
        // Both servers listen on the same address and port, each in its tenant: each client reaches its own.
        assertEquals(a2.name(), whoAnswers(a1, a2, 7100));
        assertEquals(b2.name(), whoAnswers(b1, b2, 7101));
        // Across tenants there is no path at all: tenant B's server is unreachable for tenant A's client.
        Process srv = new ProcessBuilder(Sh.inNs(b2.ns(), "sh", "-c", "echo " + b2.name() + " | timeout 4 nc -l -N "
                + b2.ip() + " 7102")).start();
        try {
            String got = Sh.run(Map.of(), "", Sh.inNs(a1.ns(), "nc", "-w", "2", a2.ip(), "7102")).out().strip();
            assertTrue(got.isEmpty(), "tenant A reached tenant B's server: " + got);
        } finally {
            srv.destroyForcibly();
        }
    }
}
