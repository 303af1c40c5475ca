package io.tenet.aci.apic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The APIC's REST API over HTTPS, as the bridge uses it: class and subtree queries (paged), and POSTs of object
 * trees. It logs in ({@code aaaLogin}) and refreshes the token ({@code aaaRefresh}) at half its
 * {@code refreshTimeoutSeconds}, logs in again once when a request answers 403 "Token was invalid", or signs
 * every request with the user's key instead. A request that gets no answer, a 5xx or a transient APIC code is
 * tried again after a doubling back-off, moving to the next of the cluster's URLs when the APIC could not be
 * reached or answered 5xx; a validation error fails at once. One caller at a time (the bridge's sync thread);
 * {@link #status()} may be read from any thread.
 */
public final class ApicClient {
    private static final Logger log = LoggerFactory.getLogger(ApicClient.class);
    public static final String TOKEN_COOKIE = "APIC-cookie";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApicSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final PrivateKey key;
    private int current;
    private String token;
    private Instant refreshBy = Instant.MIN;
    private Instant expiresAt = Instant.MIN;
    private volatile Status status;
    private long logins;
    private long refreshes;

    /** What {@code aciGws} inspect shows of the connection. */
    public record Status(URI url, boolean reachable, boolean loggedIn, Instant tokenExpiry, String auth,
            long logins, long refreshes, String lastError) {
    }

    public ApicClient(ApicSettings settings, Clock clock) throws ApicException {
        this.settings = settings;
        this.clock = clock;
        this.key = settings.signatureAuth() ? privateKey(settings.privateKeyPem()) : null;
        this.http = HttpClient.newBuilder().sslContext(trusting(settings.caCertPem()))
                .connectTimeout(settings.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.status = new Status(settings.urls().get(0), false, false, null, auth(), 0, 0, "");
    }

    private String auth() {
        return settings.signatureAuth() ? "certificate " + settings.certName() : "password";
    }

    public Status status() {
        return status;
    }

    /** Every object of class {@code cls} matching {@code filter} (APIC filter syntax; empty: all), page by page. */
    public List<Mo> classQuery(String cls, String filter) throws ApicException {
        return paged("/api/node/class/" + cls + ".json?" + (filter.isEmpty() ? ""
                : "query-target-filter=" + encode(filter) + "&") + "order-by=" + cls + ".dn", "");
    }

    /**
     * {@code dn} and every object under it, of the given classes (all when empty), page by page; empty when it
     * does not exist.
     */
    public List<Mo> subtree(String dn, Collection<String> classes) throws ApicException {
        return paged("/api/mo/" + dn + ".json?query-target=subtree" + (classes.isEmpty() ? ""
                : "&target-subtree-class=" + String.join(",", classes)), dn);
    }

    /** The objects a query answers, read a page at a time until {@code totalCount} of them are in. */
    private List<Mo> paged(String query, String dn) throws ApicException {
        List<Mo> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = exchange("GET", query + "&page=" + page + "&page-size=" + settings.pageSize(), null,
                    dn);
            List<Mo> got = objects(answer.path("imdata"));
            out.addAll(got);
            if (got.isEmpty() || out.size() >= answer.path("totalCount").asLong(0)) {
                return out;
            }
        }
    }

    /** Posts one object tree ({@code {"fvTenant":{"attributes":{...},"children":[...]}}}) at {@code dn}. */
    public void post(String dn, ObjectNode tree) throws ApicException {
        exchange("POST", "/api/mo/" + dn + ".json", tree.toString(), dn);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode exchange(String method, String path, String body, String dn) throws ApicException {
        ApicException last = null;
        for (int attempt = 0; attempt < settings.attempts(); attempt++) {
            if (attempt > 0) {
                pause(settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 10)));
            }
            try {
                authenticate();
                HttpResponse<String> r = send(method, path, body);
                if (r.statusCode() == 403 && key == null && tokenInvalid(r)) {
                    log.info("APIC {} says the token is no longer valid; logging in again", url());
                    token = null;
                    authenticate();
                    r = send(method, path, body);
                }
                if (r.statusCode() / 100 == 2) {
                    reached("");
                    return JSON.readTree(r.body());
                }
                ApicException e = error(r, dn);
                if (!e.isTransient()) {
                    reached("");
                    throw e;
                }
                last = e;
                if (r.statusCode() >= 500 && r.statusCode() != 503) {
                    failover(e.getMessage());
                }
            } catch (IOException e) {
                last = new ApicException(0, "", "no answer from " + url() + ": " + e, dn);
                failover(last.getMessage());
            } catch (ApicException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                last = e.on(dn);
                if (e.httpStatus() == 0 || e.httpStatus() >= 500 && e.httpStatus() != 503) {
                    failover(e.getMessage());
                }
            }
        }
        unreached(last.getMessage());
        throw last;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(settings.requestTimeout())
                .header("Content-Type", "application/json");
        String cookie = key != null ? signature(method, path, body)
                : token == null ? null : TOKEN_COOKIE + "=" + token;
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Logs in or refreshes as the token's age asks; nothing with signature authentication. */
    private void authenticate() throws IOException, ApicException {
        if (key != null) {
            return;
        }
        Instant now = clock.instant();
        if (token != null && now.isBefore(refreshBy)) {
            return;
        }
        if (token != null && now.isBefore(expiresAt)) {
            HttpResponse<String> r = send("GET", "/api/aaaRefresh.json", null);
            if (r.statusCode() == 200) {
                refreshes++;
                accept(r);
                return;
            }
            log.info("APIC {} refused to refresh the token ({}); logging in again", url(), r.statusCode());
        }
        token = null;
        String body = JSON.createObjectNode().set("aaaUser", JSON.createObjectNode().set("attributes",
                JSON.createObjectNode().put("name", settings.username()).put("pwd", settings.password()))).toString();
        HttpResponse<String> r = send("POST", "/api/aaaLogin.json", body);
        if (r.statusCode() != 200) {
            ApicException e = error(r, "aaaLogin");
            status = new Status(url(), true, false, null, auth(), logins, refreshes, e.getMessage());
            throw e;
        }
        logins++;
        accept(r);
    }

    private void accept(HttpResponse<String> r) throws IOException, ApicException {
        JsonNode a = JSON.readTree(r.body()).path("imdata").path(0).path("aaaLogin").path("attributes");
        String t = a.path("token").asText("");
        if (t.isEmpty()) {
            throw new ApicException(r.statusCode(), "", "the APIC's login answer holds no token", "aaaLogin");
        }
        long timeout = a.path("refreshTimeoutSeconds").asLong(600);
        Instant now = clock.instant();
        token = t;
        refreshBy = now.plusMillis(timeout * 500);
        expiresAt = now.plusSeconds(timeout);
        status = new Status(url(), true, true, expiresAt, auth(), logins, refreshes, "");
    }

    private static boolean tokenInvalid(HttpResponse<String> r) {
        return r.body().contains("Token was invalid") || r.body().contains("Token timeout");
    }

    private static ApicException error(HttpResponse<String> r, String dn) {
        String code = "";
        String text = "HTTP " + r.statusCode();
        try {
            JsonNode a = JSON.readTree(r.body()).path("imdata").path(0).path("error").path("attributes");
            code = a.path("code").asText("");
            text = a.path("text").asText(text);
        } catch (IOException e) {
            // not JSON (a proxy's or the throttle's page): the status says it all
        }
        return new ApicException(r.statusCode(), code, text, dn);
    }

    private void reached(String error) {
        status = new Status(url(), true, key != null || token != null, key != null ? null : expiresAt, auth(), logins,
                refreshes, error);
    }

    private void unreached(String error) {
        status = new Status(url(), false, false, null, auth(), logins, refreshes, error);
    }

    /** To the next APIC of the cluster, with a login of its own; nothing with one URL. */
    private void failover(String why) {
        if (settings.urls().size() > 1) {
            URI from = url();
            current = (current + 1) % settings.urls().size();
            log.warn("APIC {} failed ({}); trying {}", from, why, url());
            token = null;
        }
    }

    private URI url() {
        return settings.urls().get(current);
    }

    private static void pause(Duration d) throws ApicException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApicException(0, ApicException.CONFIG, "interrupted: the bridge is stopping", "");
        }
    }

    /** The objects of an answer's {@code imdata}, children included, parents first. */
    static List<Mo> objects(JsonNode imdata) {
        List<Mo> out = new ArrayList<>();
        for (JsonNode item : imdata) {
            flatten(item, out);
        }
        return out;
    }

    private static void flatten(JsonNode item, List<Mo> out) {
        Iterator<Map.Entry<String, JsonNode>> it = item.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode attributes = e.getValue().path("attributes");
            Map<String, String> a = new java.util.TreeMap<>();
            attributes.fields().forEachRemaining(f -> a.put(f.getKey(), f.getValue().asText()));
            out.add(new Mo(e.getKey(), attributes.path("dn").asText(), a));
            for (JsonNode child : e.getValue().path("children")) {
                flatten(child, out);
            }
        }
    }

    /** Signature authentication: the request's method, path and body signed with the user's key (SHA-256, RSA). */
    private String signature(String method, String path, String body) throws IOException {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update((method + path + (body == null ? "" : body)).getBytes(StandardCharsets.UTF_8));
            return "APIC-Request-Signature=" + Base64.getEncoder().encodeToString(s.sign())
                    + "; APIC-Certificate-Algorithm=v1.0; APIC-Certificate-Fingerprint=fingerprint"
                    + "; APIC-Certificate-DN=uni/userext/user-" + settings.username() + "/usercert-"
                    + settings.certName();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the request: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) throws ApicException {
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new ApicException(0, ApicException.CONFIG, "apicPrivateKey is a PKCS#1 key; give it as PKCS#8"
                    + " (openssl pkcs8 -topk8 -nocrypt)", "aciGw");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ApicException(0, ApicException.CONFIG, "apicPrivateKey is not an RSA PKCS#8 key: "
                    + e.getMessage(), "aciGw");
        }
    }

    private static SSLContext trusting(String caPem) throws ApicException {
        try {
            if (caPem.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ApicException(0, ApicException.CONFIG, "apicCaCert cannot be used: " + e.getMessage(), "aciGw");
        }
    }
}
