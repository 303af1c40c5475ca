package io.tenet.shim.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DnsDirectoryTest {
    private static final DnsDirectory D = new DnsDirectory(List.of("t1", "t2", "a.b"), List.of(
            new DnsDirectory.Service("t1", "web", "10.1.0.100"),
            new DnsDirectory.Service("t2", "db", "10.2.0.100"),
            new DnsDirectory.Service("a.b", "x.y", "10.3.0.100")));

    @Test
    void qualifiedNamesResolveForEveryoneWithOrWithoutTheFinalDotAndInAnyCase() {
        assertEquals(new DnsDirectory.Answer.Address("10.1.0.100"), D.resolve("web.t1", Optional.empty()));
        assertEquals(new DnsDirectory.Answer.Address("10.1.0.100"), D.resolve("WEB.T1.", Optional.of("t2")));
        assertEquals(new DnsDirectory.Answer.Address("10.3.0.100"), D.resolve("x.y.a.b", Optional.empty()));
    }

    @Test
    void shortNamesResolveOnlyInTheAskersTenant() {
        assertEquals(new DnsDirectory.Answer.Address("10.1.0.100"), D.resolve("web", Optional.of("t1")));
        assertEquals(new DnsDirectory.Answer.Forward(), D.resolve("web", Optional.of("t2")));
        assertEquals(new DnsDirectory.Answer.Forward(), D.resolve("web", Optional.empty()));
        assertTrue(D.isShortName("web."));
        assertFalse(D.isShortName("nothing"));
    }

    @Test
    void aTenantsDomainIsTenetsAndOtherNamesAreForwarded() {
        assertEquals(new DnsDirectory.Answer.NoSuchName(), D.resolve("nothing.t1", Optional.of("t1")));
        assertEquals(new DnsDirectory.Answer.NoSuchName(), D.resolve("deep.nothing.t2", Optional.empty()));
        assertEquals(new DnsDirectory.Answer.Forward(), D.resolve("www.example.org", Optional.of("t1")));
        assertEquals(new DnsDirectory.Answer.Forward(), D.resolve("t1", Optional.of("t1")));
    }

    @Test
    void clientAddressesGiveTheSwitchPort() throws Exception {
        assertEquals(OptionalInt.of(7), NodeDns.clientPort(InetAddress.getByName("169.254.64.7")));
        assertEquals(OptionalInt.of(0x1234), NodeDns.clientPort(InetAddress.getByName("169.254.82.52")));
        assertEquals(OptionalInt.empty(), NodeDns.clientPort(InetAddress.getByName("169.254.128.1")));
        assertEquals(OptionalInt.empty(), NodeDns.clientPort(InetAddress.getByName("10.0.0.1")));
    }

    @Test
    void resolvConfGivesNumericNameserversButNeverTheNodeDnsAddress() {
        assertEquals(List.of(new InetSocketAddress("10.255.255.53", 53), new InetSocketAddress("::1", 53)),
                Upstreams.parse("# comment\nsearch x\nnameserver 10.255.255.53\nnameserver 169.254.53.53\n"
                        + "nameserver ::1\nnameserver dns.example\noptions ndots:2\n"));
    }
}
