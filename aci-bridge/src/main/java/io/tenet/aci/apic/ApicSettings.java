package io.tenet.aci.apic;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How to reach and authenticate to an APIC cluster.
 *
 * @param password for {@code aaaLogin}; empty with signature authentication
 * @param privateKeyPem PKCS#8 PEM key that signs every request, with {@code certName} (the APIC's name for the
 *     user's certificate); empty with a password
 * @param caCertPem the CA the APICs' certificates must chain to; empty: the JDK's trust store
 * @param attempts tries of one request before it fails, moving to the next URL after each failure to connect
 */
public record ApicSettings(List<URI> urls, String username, String password, String privateKeyPem, String certName,
        String caCertPem, Duration requestTimeout, int attempts, Duration backoff, int pageSize) {
    public ApicSettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no APIC URL");
        }
        if (attempts < 1 || pageSize < 1) {
            throw new IllegalArgumentException("attempts and pageSize must be positive");
        }
    }

    /** The defaults: 10 s per request, 4 attempts from 250 ms of back-off, pages of 1,000 objects. */
    public static ApicSettings of(List<URI> urls, String username, String password, String privateKeyPem,
            String certName, String caCertPem) {
        return new ApicSettings(urls, username, password, privateKeyPem, certName, caCertPem, Duration.ofSeconds(10),
                4, Duration.ofMillis(250), 1000);
    }

    public ApicSettings withTimeouts(Duration requestTimeout, int attempts, Duration backoff) {
        return new ApicSettings(urls, username, password, privateKeyPem, certName, caCertPem, requestTimeout,
                attempts, backoff, pageSize);
    }

    public ApicSettings withPageSize(int size) {
        return new ApicSettings(urls, username, password, privateKeyPem, certName, caCertPem, requestTimeout,
                attempts, backoff, size);
    }

    public boolean signatureAuth() {
        return !privateKeyPem.isEmpty();
    }

    /** Its fields, the secrets masked. */
    @Override
    public String toString() {
        return "ApicSettings[urls=" + urls + ", username=" + username + ", auth=" + (signatureAuth()
                ? "certificate " + certName : "password") + "]";
    }
}
