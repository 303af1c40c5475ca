package io.tenet.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.aci.apic.ApicClient;
import io.tenet.aci.apic.ApicException;
import io.tenet.aci.apic.ApicSettings;
import io.tenet.aci.apic.Mo;
import io.tenet.aci.fake.FakeApic;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The APIC client's login, refresh, signature, retries and failover, against the fake APIC. */
class ApicClientTest {
    private static final TestClock clock = new TestClock();
    private static FakeApic apic;

    @BeforeAll
    static void start() throws Exception {
        apic = new FakeApic(clock);
        apic.addUser("tenet", "pw");
    }

    @AfterAll
    static void stop() {
        apic.close();
    }

    @BeforeEach
    void reset() {
        apic.failNext(0);
        apic.dropNext(0);
        apic.delay(Duration.ZERO);
        apic.throttleLogins(Integer.MAX_VALUE);
        apic.refreshTimeoutSeconds(600);
        apic.expireAllTokens();
    }

    private ApicSettings settings(List<URI> urls, String password) {
        return ApicSettings.of(urls, "tenet", password, "", "", apic.caPem())
                .withTimeouts(Duration.ofMillis(800), 3, Duration.ofMillis(10));
    }

    private ApicClient client() throws ApicException {
        return new ApicClient(settings(List.of(apic.url()), "pw"), clock);
    }

    @Test
    void refreshesAtHalfTheTimeoutAndLogsInAgainAfterExpiry() throws Exception {
        ApicClient c = client();
        int logins = apic.logins();
        int refreshes = apic.refreshes();
        c.classQuery("fvTenant", "");
        assertEquals(logins + 1, apic.logins());
        clock.advance(Duration.ofSeconds(200));
        c.classQuery("fvTenant", "");
        assertEquals(refreshes, apic.refreshes(), "no refresh before half the timeout");
        clock.advance(Duration.ofSeconds(150));
        c.classQuery("fvTenant", "");
        assertEquals(refreshes + 1, apic.refreshes(), "refreshed past half the timeout");
        assertEquals(logins + 1, apic.logins());
        assertEquals(clock.instant().plusSeconds(600), c.status().tokenExpiry());
        clock.advance(Duration.ofSeconds(601));
        c.classQuery("fvTenant", "");
        assertEquals(logins + 2, apic.logins(), "an expired token is replaced by a login");
    }

    @Test
    void aTokenRefusedBeforeItsTimeLogsInAgainOnce() throws Exception {
        ApicClient c = client();
        c.classQuery("fvTenant", "");
        int logins = apic.logins();
        int rejected = apic.rejectedTokens();
        apic.expireAllTokens();
        c.classQuery("fvTenant", "");
        assertEquals(logins + 1, apic.logins());
        assertEquals(rejected + 1, apic.rejectedTokens());
    }

    @Test
    void aWrongPasswordIsNotRetried() throws Exception {
        ApicClient c = new ApicClient(settings(List.of(apic.url()), "wrong"), clock);
        ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
        assertEquals(401, e.httpStatus());
        assertFalse(e.isTransient());
        assertFalse(c.status().loggedIn());
        assertTrue(c.status().lastError().contains("incorrect"), c.status().lastError());
    }

    @Test
    void aBurstOf5xxAndDroppedConnectionsAreRetried() throws Exception {
        ApicClient c = client();
        apic.failNext(2);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
        apic.dropNext(2);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
        apic.failNext(10);
        ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
        assertTrue(e.isTransient());
        assertFalse(c.status().reachable());
        apic.failNext(0);
        c.classQuery("fvTenant", "");
        assertTrue(c.status().reachable());
    }

    @Test
    void transientCodesAreRetriedAndValidationCodesAreNot() throws Exception {
        ApicClient c = client();
        c.classQuery("fvTenant", "");
        for (String code : new String[] {"1", "100", "102"}) {
            apic.failNext(2, 400, code);
            assertFalse(c.classQuery("fvTenant", "").isEmpty(), "code " + code + " retried");
        }
        for (String code : new String[] {"104", "120", "121", "122", "801"}) {
            int reads = apic.reads();
            apic.failNext(1, 400, code);
            ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
            assertEquals(code, e.code());
            assertFalse(e.isTransient(), code);
            apic.failNext(0);
            c.classQuery("fvTenant", "");
            assertEquals(reads + 1, apic.reads(), "code " + code + " was not retried: only the next query was read");
        }
    }

    @Test
    void slowAnswersTimeOutAndAreRetried() throws Exception {
        ApicClient c = client();
        c.classQuery("fvTenant", "");
        apic.delay(Duration.ofMillis(1500));
        ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        apic.delay(Duration.ZERO);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
        // the fake still answers the requests the client gave up on; the next test must not count them
        AciTestbed.await("the slow answers are done", () -> apic.inFlight() == 0);
    }

    @Test
    void aThrottledLoginBacksOffAndIsTriedAgain() throws Exception {
        ApicClient c = client();
        apic.throttleLogins(0);
        ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
        assertEquals(503, e.httpStatus());
        assertTrue(e.isTransient());
        clock.advance(Duration.ofSeconds(2));
        apic.throttleLogins(5);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
    }

    @Test
    void anUnreachableApicFailsOverToTheNextUrl() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ApicClient c = new ApicClient(settings(List.of(URI.create("https://127.0.0.1:" + deadPort), apic.url()),
                "pw"), clock);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
        assertEquals(apic.url(), c.status().url());
    }

    @Test
    void anApicWhoseCertificateIsNotTrustedIsRefused() throws Exception {
        ApicClient c = new ApicClient(ApicSettings.of(List.of(apic.url()), "tenet", "pw", "", "", "")
                .withTimeouts(Duration.ofMillis(800), 1, Duration.ofMillis(10)), clock);
        ApicException e = assertThrows(ApicException.class, () -> c.classQuery("fvTenant", ""));
        assertTrue(e.getMessage().contains("PKIX") || e.getMessage().contains("certificate"), e.getMessage());
    }

    @Test
    void signatureAuthenticationNeedsNoLoginAndAWrongKeyIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair mine = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        apic.addCertificate("tenet", "tenet-cert", mine.getPublic());
        int logins = apic.logins();
        ApicClient c = new ApicClient(ApicSettings.of(List.of(apic.url()), "tenet", "", pem(mine), "tenet-cert",
                apic.caPem()), clock);
        assertFalse(c.classQuery("fvTenant", "").isEmpty());
        c.post("uni/tn-signed", AciTestbed.object("{\"fvTenant\":{\"attributes\":{\"dn\":\"uni/tn-signed\","
                + "\"name\":\"signed\",\"status\":\"created\"}}}"));
        assertEquals("signed", apic.get("uni/tn-signed").attribute("name"));
        assertEquals(logins, apic.logins());
        ApicClient wrong = new ApicClient(ApicSettings.of(List.of(apic.url()), "tenet", "", pem(other), "tenet-cert",
                apic.caPem()), clock);
        ApicException e = assertThrows(ApicException.class, () -> wrong.classQuery("fvTenant", ""));
        assertEquals(403, e.httpStatus());
    }

    private static String pem(KeyPair k) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(k.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void classQueriesAreReadPageByPage() throws Exception {
        for (int i = 0; i < 2500; i++) {
            apic.seed(new Mo("fvAp", "uni/tn-common/ap-p" + i, Map.of("name", "p" + i)));
        }
        ApicClient c = new ApicClient(settings(List.of(apic.url()), "pw").withPageSize(1000), clock);
        int reads = apic.reads();
        List<Mo> all = c.classQuery("fvAp", "");
        assertEquals(2500, all.size());
        assertEquals(3, apic.reads() - reads);
        assertEquals(2500, all.stream().map(Mo::dn).distinct().count());
    }

    @Test
    void theApicRefusesChildrenBeforeAttributesAndUnknownClassesWithTheirCodes() throws Exception {
        ApicClient c = client();
        ApicException e = assertThrows(ApicException.class, () -> c.post("uni/tn-x", AciTestbed.object(
                "{\"fvTenant\":{\"children\":[],\"attributes\":{\"dn\":\"uni/tn-x\",\"name\":\"x\"}}}")));
        assertEquals("120", e.code());
        assertFalse(e.isTransient());
        e = assertThrows(ApicException.class, () -> c.post("uni/tn-x", AciTestbed.object(
                "{\"fvTenantz\":{\"attributes\":{\"dn\":\"uni/tn-x\"}}}")));
        assertEquals("122", e.code());
        e = assertThrows(ApicException.class, () -> c.post("uni/tn-x", AciTestbed.object(
                "{\"fvTenant\":{\"attributes\":{\"dn\":\"uni/tn-x\",\"name\":\"bad name\"}}}")));
        assertEquals("801", e.code());
        assertEquals(null, apic.get("uni/tn-x"), "nothing of a refused POST is applied");
    }
}
