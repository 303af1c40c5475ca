package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Poll;
import io.tenet.testbed.Sh;
import io.tenet.testbed.Testbed;
import io.tenet.testbed.Testbed.Container;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Service names through each host's node DNS responder, asked by the containers' own resolver (glibc, through
 * the resolv.conf the CNI result gives): qualified and short names, tenants kept apart, other names forwarded to
 * the host's upstream (dnsmasq here), a malformed query refused without harm, and answers during a controller
 * outage.
 */
@Tag("system")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeDnsTest {
    private static final String EXTERNAL = "www.external.example";
    private static final String EXTERNAL_IP = "203.0.113.7";
    private static Testbed tb;
    private static final List<Container> t1 = new ArrayList<>();
    private static Container other;
    private static String vip;

    @BeforeAll
    static void setUp() throws Exception {
        tb = TestbedSupport.start(3);
        tb.startUpstreamResolver(Map.of("external.example", EXTERNAL_IP));
        tb.api().createTenant("t1");
        tb.api().createNetwork("t1", "net", "10.93.0.0/24", "10.93.0.254");
        tb.api().createTenant("t2");
        tb.api().createNetwork("t2", "net", "10.94.0.0/24", "10.94.0.254");
        for (int i = 0; i < 3; i++) {
            t1.add(tb.addContainer(tb.host(i), "t1", "net"));
        }
        other = tb.addContainer(tb.host(0), "t2", "net");
        vip = tb.api().mustPost("/api/v1/serviceLBs/t1:svc/", "{\"networkName\":\"net\",\"ports\":[\"80:8080:TCP\"],"
                + "\"selectors\":[\"app=web\"],\"serviceName\":\"svc\",\"tenantName\":\"t1\"}").path("ipAddress")
                .asText();
    }

    @AfterAll
    static void tearDown() {
        if (tb != null) {
            tb.close();
        }
    }

    /** The address getent finds for {@code name} from {@code c}, or null when the name does not resolve. */
    private static String lookup(Container c, String name) {
        Sh.Result r = Sh.run(Sh.inNs(c.ns(), "getent", "ahostsv4", name));
        if (!r.ok() || r.out().isBlank()) {
            return null;
        }
        return r.out().strip().split("\\s+")[0];
    }

    private static void requireResolves(Container c, String name, String ip) {
        Poll.require(Duration.ofSeconds(10), () -> name + " to " + ip + " from " + c.name() + " on "
                + c.host().name() + " (last: " + lookup(c, name) + ")", () -> ip.equals(lookup(c, name)));
    }

    @Test
    @Order(1)
    void theCniResultNamesTheNodeDnsAddressAndTheTenantsDomain() {
        Container c = t1.get(0);
        assertEquals("169.254.53.53", c.result().path("dns").path("nameservers").path(0).asText());
        assertEquals("t1", c.result().path("dns").path("search").path(0).asText());
    }

    @Test
    @Order(2)
    void serviceNamesResolveOnEveryHostQualifiedAndShort() {
        for (Container c : t1) {
            requireResolves(c, "svc.t1", vip);
            // "svc" through the search domain, "svc." as asked: the responder knows the asker's tenant.
            assertEquals(vip, lookup(c, "svc"), "short name from " + c.name());
            assertEquals(vip, lookup(c, "svc."), "short name without the search domain from " + c.name());
        }
    }

    @Test
    @Order(3)
    void anotherTenantReachesTheQualifiedNameButNotTheShortOne() {
        requireResolves(other, "svc.t1", vip);
        assertEquals(null, lookup(other, "svc."), "t1's short name from a t2 container");
        assertEquals(null, lookup(other, "svc"), "t1's short name from a t2 container, through its search domain");
        assertEquals(null, lookup(other, "nothing.t1"), "a name in t1's domain that no service has");
    }

    @Test
    @Order(4)
    void namesTenetDoesNotOwnAreForwardedToTheHostsResolver() {
        for (Container c : t1) {
            assertEquals(EXTERNAL_IP, lookup(c, EXTERNAL), "from " + c.name());
        }
    }

    @Test
    @Order(5)
    void aMalformedQueryGetsFormerrAndNothingElseChanges() {
        // 12 bytes of header claiming a question that is not there; the answer's flags byte holds the rcode.
        String script = "import socket,sys\n"
                + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.settimeout(3)\n"
                + "s.sendto(bytes([0x4a,0x17,1,0,0,1,0,0,0,0,0,0]),('169.254.53.53',53))\n"
                + "d,_=s.recvfrom(512); print(d[0]*256+d[1], d[3]&15)\n";
        Sh.Result r = Sh.run(Sh.inNs(t1.get(1).ns(), "/usr/bin/python3", "-c", script));
        assertTrue(r.ok(), r.out() + r.err());
        assertEquals("18967 1", r.out().strip(), "the query's id, and rcode 1 (FORMERR)");
        assertEquals(vip, lookup(t1.get(1), "svc.t1"), "the responder answers on");
    }

    @Test
    @Order(6)
    void namesStillResolveWhileTheControllerIsDown() throws Exception {
        tb.killController();
        try {
            for (Container c : t1) {
                assertEquals(vip, lookup(c, "svc.t1"), "from " + c.name() + " without a controller");
                assertEquals(vip, lookup(c, "svc"), "short, from " + c.name() + " without a controller");
            }
            assertFalse(vip.equals(lookup(other, "svc.")), "isolation holds without a controller too");
        } finally {
            tb.startController();
        }
    }
}
