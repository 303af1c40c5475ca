package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.testbed.Capture;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed.Container;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The policy truth table over a VLAN network, whose packets between hosts leave on the uplink with the network's
 * 802.1Q tag (through br-int's patch port to br-phy); then the tag seen on the wire, and two tenants' VLAN
 * networks with the same subnet kept apart across hosts.
 */
class VlanPolicyTruthTableTest extends AbstractPolicyTruthTableTest {
    @Override
    String encap() {
        return "vlan";
    }

    private int tag(String tenantName, String network) {
        return tb.api().get("/api/v1/inspect/networks/" + tenantName + ":" + network + "/").body().path("Oper")
                .path("pktTag").asInt();
    }

    @Test
    @Order(5)
    void packetsBetweenHostsCarryTheNetworksTagOnTheUplinkAndNoTunnel() throws IOException {
        Container o1 = endpoints.get("o1");
        Container c1 = endpoints.get("c1");
        int tag = tag(tenant, scenario.path("network").path("name").asText());
        // c1 (host 1) to o1 (host 3): watched on host 1's uplink.
        try (Capture tagged = Capture.start(tb.dir(), c1.host().ns(), "eth1", "vlan " + tag + " and icmp");
                Capture tunnel = Capture.start(tb.dir(), c1.host().ns(), "eth1", "udp port 4789")) {
            assertTrue(tb.pingWithin(c1, o1.ip(), REALIZED), "c1 -> o1 across hosts");
            Poll.require(Duration.ofSeconds(5), () -> "the echo and its reply on host 1's uplink with vlan " + tag
                    + ": " + tagged.lines(), () -> {
                        List<String> lines = tagged.lines();
                        return lines.stream().anyMatch(l -> l.contains("vlan " + tag) && l.contains(c1.ip() + " > "
                                + o1.ip()) && l.contains("echo request"))
                                && lines.stream().anyMatch(l -> l.contains("vlan " + tag) && l.contains(o1.ip() + " > "
                                        + c1.ip()) && l.contains("echo reply"));
                    });
            assertTrue(tunnel.lines().isEmpty(), "nothing went through the tunnel: " + tunnel.lines());
        }
        assertTrue(tb.tcp(c1, endpoints.get("d1"), 5001), "TCP across hosts (to the open db group)");
    }

    @Test
    @Order(6)
    void twoTenantsVlanNetworksWithTheSameSubnetStayApartAcrossHosts() {
        String other = tenant + "2";
        tb.api().createTenant(other);
        tb.api().createNetwork(other, "app", "vlan", scenario.path("network").path("subnet").asText(),
                scenario.path("network").path("gateway").asText());
        Container a = tb.addContainer(tb.host(0), other, "app");
        Container b = tb.addContainer(tb.host(1), other, "app");
        assertTrue(tag(other, "app") != tag(tenant, "app"), "each network has its own VLAN");
        assertTrue(tb.pingWithin(a, b.ip(), REALIZED), "the second tenant's containers reach each other across hosts");
        // The first tenant holds addresses the second does not: .3 and above (six endpoints against two).
        for (Container c : endpoints.values()) {
            if (!c.ip().equals(a.ip()) && !c.ip().equals(b.ip())) {
                assertFalse(tb.ping(a, c.ip()), other + " reached " + tenant + "'s " + c.name() + " at " + c.ip());
            }
        }
        assertTrue(tb.ping(a, b.ip()), "and still does");
    }
}
