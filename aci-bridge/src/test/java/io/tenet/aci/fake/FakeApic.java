package io.tenet.aci.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tenet.aci.apic.Mo;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Cisco APIC for the tests: an HTTPS server holding a managed-object tree, answering the part of the REST API
 * the bridge uses the way the APIC documents it.
 * <ul>
 * <li>{@code POST /api/aaaLogin.json} (401 for a wrong password; 503 past {@link #throttleLogins} logins a
 *     second), {@code GET /api/aaaRefresh.json}; a token lasts {@code refreshTimeoutSeconds} (on the given clock)
 *     from its last login or refresh, then every request with it answers 403 "Token was invalid (Error: Token
 *     timeout)". Signature authentication with a registered certificate's key instead of a token.</li>
 * <li>{@code GET /api/node/class/<cls>.json} with {@code query-target-filter=eq(cls.attr,"value")},
 *     {@code page} and {@code page-size}, ordered by dn; {@code GET /api/mo/<dn>.json} with
 *     {@code query-target=subtree}, {@code target-subtree-class}, {@code page} and {@code page-size}.</li>
 * <li>{@code POST /api/mo/<dn>.json}: one tree, applied whole or not at all. In every object, {@code attributes}
 *     must come before {@code children} (400, code 120). {@code status} {@code created} on an existing object:
 *     103; {@code modified} on a missing one: 102; {@code deleted} removes the subtree (nothing when missing); no
 *     status, or {@code created,modified}: made or updated. An unknown class: 122; an unknown attribute: 121; a
 *     bad name or encap: 801; a parent that does not exist: 104. A context ({@code fvCtx}) gets its
 *     {@code vzAny} child made by the APIC, as the real one does, and a filter entry's well-known ports and
 *     protocols are stored by name (80 as {@code http}), as the APIC shows them.</li>
 * <li>Errors as {@code {"totalCount":"1","imdata":[{"error":{"attributes":{"code":..,"text":..}}}]}}.</li>
 * <li>Faults on demand: 5xx bursts, errors with a given code, refused objects, dropped connections, slow
 *     answers, down altogether.</li>
 * </ul>
 * The codes 102 and 104 follow Tenet's reading of the APIC's behaviour where its documentation names no code.
 */
public final class FakeApic implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILTER = Pattern.compile("eq\\((\\w+)\\.(\\w+),\"([^\"]*)\"\\)");
    private static volatile Keys keys;

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Clock clock;
    private final MoTree tree = new MoTree();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> certificates = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final List<Instant> recentLogins = new ArrayList<>();
    private volatile long refreshTimeoutSeconds = 600;
    private volatile int throttleLogins = Integer.MAX_VALUE;
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String failCode = "1";
    private final AtomicInteger expireAfterReads = new AtomicInteger(-1);
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger loginAttempts = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger rejectedTokens = new AtomicInteger();
    private final AtomicInteger changedObjects = new AtomicInteger();

    /** The server's key and certificate, made once per test run with the JDK's keytool. */
    record Keys(Path keystore, String caPem) {
    }

    public FakeApic(Clock clock) throws Exception {
        this.clock = clock;
        Keys k = keys();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(k.keystore().toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static synchronized Keys keys() throws Exception {
        if (keys == null) {
            Path dir = Files.createTempDirectory("tenet-fake-apic");
            dir.toFile().deleteOnExit();
            Path ks = dir.resolve("apic.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "apic", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=fake-apic", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "3", "-storetype", "PKCS12",
                    "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit");
            String pem = run(keytool, "-exportcert", "-rfc", "-alias", "apic", "-keystore", ks.toString(),
                    "-storepass", "changeit");
            ks.toFile().deleteOnExit();
            keys = new Keys(ks, pem);
        }
        return keys;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public String caPem() {
        return keys.caPem();
    }

    public void addUser(String name, String password) {
        users.put(name, password);
    }

    public void addCertificate(String user, String certName, PublicKey key) {
        certificates.put("uni/userext/user-" + user + "/usercert-" + certName, key);
    }

    public void refreshTimeoutSeconds(long seconds) {
        refreshTimeoutSeconds = seconds;
    }

    public void throttleLogins(int perSecond) {
        throttleLogins = perSecond;
    }

    public void expireAllTokens() {
        tokens.clear();
    }

    /** Every token stops working after {@code n} more queries: an expiry in the middle of a sync. */
    public void expireTokensAfterReads(int n) {
        expireAfterReads.set(n);
    }

    public void down(boolean isDown) {
        down = isDown;
    }

    public void delay(Duration d) {
        delay = d;
    }

    /** The next {@code n} requests other than logins answer 503 (code 1). */
    public void failNext(int n) {
        failNext(n, 503, "1");
    }

    /** The next {@code n} requests other than logins answer {@code status} with APIC code {@code code}. */
    public void failNext(int n, int status, String code) {
        failStatus = status;
        failCode = code;
        failNext.set(n);
    }

    /** The next {@code n} requests get their connection closed without an answer. */
    public void dropNext(int n) {
        dropNext.set(n);
    }

    /** Refuses every POST that makes or changes {@code dn}, with this APIC code (400). */
    public void refuse(String dn, String code, String text) {
        tree.refuse(dn, code, text);
    }

    public void accept(String dn) {
        tree.accept(dn);
    }

    /** Puts an object straight into the tree, as another owner (the fabric's operators) would have made it. */
    public void seed(Mo mo) {
        tree.seed(mo);
    }

    /** Deletes {@code dn} and its subtree straight from the tree, as an operator on the APIC's GUI would. */
    public void remove(String dn) {
        tree.remove(dn);
    }

    public Map<String, Mo> tree() {
        return tree.snapshot();
    }

    public Mo get(String dn) {
        return tree.get(dn);
    }

    /** POSTs to {@code /api/mo} answered, refused ones included. */
    public int writes() {
        return writes.get();
    }

    public int reads() {
        return reads.get();
    }

    public int logins() {
        return logins.get();
    }

    /** Logins tried, refused ones included (throttled ones not). */
    public int loginAttempts() {
        return loginAttempts.get();
    }

    public int refreshes() {
        return refreshes.get();
    }

    /** Requests answered 403 for their token. */
    public int rejectedTokens() {
        return rejectedTokens.get();
    }

    /** Objects created, modified or deleted, over all accepted POSTs (a deleted subtree counts its objects). */
    public int changedObjects() {
        return changedObjects.get();
    }

    /** Requests being answered now (a slow answer stays in flight after its client gave up). */
    public int inFlight() {
        return inFlight.get();
    }

    private void handle(HttpExchange x) throws IOException {
        inFlight.incrementAndGet();
        try (x) {
            if (down || dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return;
            }
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            String path = x.getRequestURI().getRawPath();
            String query = x.getRequestURI().getRawQuery();
            byte[] body = x.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.UTF_8);
            if (path.equals("/api/aaaLogin.json") && x.getRequestMethod().equals("POST")) {
                login(x, text);
                return;
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                error(x, failStatus, failCode, "Injected failure, code " + failCode);
                return;
            }
            String pathAndQuery = path + (query == null ? "" : "?" + query);
            if (x.getRequestMethod().equals("GET") && expireAfterReads.get() >= 0
                    && expireAfterReads.getAndDecrement() == 0) {
                tokens.clear();
            }
            if (!authenticated(x, x.getRequestMethod() + pathAndQuery + text)) {
                rejectedTokens.incrementAndGet();
                error(x, 403, "403", "Token was invalid (Error: Token timeout)");
                return;
            }
            if (path.equals("/api/aaaRefresh.json")) {
                refresh(x);
            } else if (path.startsWith("/api/node/class/") && path.endsWith(".json")) {
                reads.incrementAndGet();
                classQuery(x, path.substring("/api/node/class/".length(), path.length() - 5), params(query));
            } else if (path.startsWith("/api/mo/") && path.endsWith(".json") && x.getRequestMethod().equals("GET")) {
                reads.incrementAndGet();
                moQuery(x, decode(path.substring("/api/mo/".length(), path.length() - 5)), params(query));
            } else if (path.startsWith("/api/mo/") && path.endsWith(".json") && x.getRequestMethod().equals("POST")) {
                writes.incrementAndGet();
                post(x, decode(path.substring("/api/mo/".length(), path.length() - 5)), text);
            } else {
                error(x, 400, "400", "Unknown request " + x.getRequestMethod() + " " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error(x, 500, "100", "Internal error: " + e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new HashMap<>();
        if (query != null) {
            for (String p : query.split("&")) {
                int i = p.indexOf('=');
                if (i > 0) {
                    out.put(decode(p.substring(0, i)), decode(p.substring(i + 1)));
                }
            }
        }
        return out;
    }

    private void login(HttpExchange x, String text) throws IOException {
        synchronized (recentLogins) {
            Instant now = clock.instant();
            recentLogins.removeIf(t -> t.isBefore(now.minusSeconds(1)));
            if (recentLogins.size() >= throttleLogins) {
                send(x, 503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
                return;
            }
            recentLogins.add(now);
        }
        loginAttempts.incrementAndGet();
        JsonNode a = JSON.readTree(text).path("aaaUser").path("attributes");
        String user = a.path("name").asText();
        if (!users.containsKey(user) || !users.get(user).equals(a.path("pwd").asText())) {
            error(x, 401, "401", "Username or password or domain is incorrect");
            return;
        }
        logins.incrementAndGet();
                issue(x);
    }

    private void refresh(HttpExchange x) throws IOException {
        refreshes.incrementAndGet();
        issue(x);
    }

    private void issue(HttpExchange x) throws IOException {
        String token = UUID.randomUUID().toString();
        tokens.put(token, clock.instant().plusSeconds(refreshTimeoutSeconds));
        ObjectNode o = JSON.createObjectNode();
        o.put("totalCount", "1");
        o.putArray("imdata").addObject().putObject("aaaLogin").putObject("attributes").put("token", token)
                .put("refreshTimeoutSeconds", Long.toString(refreshTimeoutSeconds))
                .put("maximumLifetimeSeconds", "86400");
        x.getResponseHeaders().add("Set-Cookie", "APIC-cookie=" + token + "; path=/; HttpOnly; Secure");
        send(x, 200, o.toString());
    }

    private boolean authenticated(HttpExchange x, String signed) {
        Map<String, String> cookies = new HashMap<>();
        for (String h : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : h.split(";")) {
                int i = c.indexOf('=');
                if (i > 0) {
                    cookies.put(c.substring(0, i).strip(), c.substring(i + 1).strip());
                }
            }
        }
        String token = cookies.get("APIC-cookie");
        if (token != null) {
            Instant until = tokens.get(token);
            return until != null && clock.instant().isBefore(until);
        }
        PublicKey key = certificates.get(cookies.getOrDefault("APIC-Certificate-DN", ""));
        String sig = cookies.get("APIC-Request-Signature");
        if (key == null || sig == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(signed.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(sig));
        } catch (Exception e) {
            return false;
        }
    }

    private void classQuery(HttpExchange x, String cls, Map<String, String> p) throws IOException {
        String filter = p.getOrDefault("query-target-filter", "");
        Matcher m = FILTER.matcher(filter);
        if (!filter.isEmpty() && (!m.matches() || !m.group(1).equals(cls))) {
            error(x, 400, "107", "Invalid filter: " + filter);
            return;
        }
        List<Mo> all = tree.ofClass(cls, filter.isEmpty() ? null : m.group(2), filter.isEmpty() ? null
                : m.group(3));
        answer(x, all, p);
    }

    private void moQuery(HttpExchange x, String dn, Map<String, String> p) throws IOException {
        Set<String> classes = p.containsKey("target-subtree-class")
                ? Set.of(p.get("target-subtree-class").split(",")) : Set.of();
        answer(x, tree.at(dn, "subtree".equals(p.get("query-target")), classes), p);
    }

    /** The page of {@code all} the query asks for ({@code page}, {@code page-size}), with the count of all. */
    private void answer(HttpExchange x, List<Mo> all, Map<String, String> p) throws IOException {
        int size = Integer.parseInt(p.getOrDefault("page-size", "100000"));
        int page = Integer.parseInt(p.getOrDefault("page", "0"));
        List<Mo> mos = all.subList(Math.min(all.size(), page * size), Math.min(all.size(), (page + 1) * size));
        ObjectNode o = JSON.createObjectNode();
        o.put("totalCount", Integer.toString(all.size()));
        ArrayNode data = o.putArray("imdata");
        for (Mo mo : mos) {
            ObjectNode a = data.addObject().putObject(mo.cls()).putObject("attributes");
            a.put("dn", mo.dn());
            mo.attributes().forEach(a::put);
        }
        send(x, 200, o.toString());
    }

    private void post(HttpExchange x, String urlDn, String text) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            error(x, 400, "400", "Malformed JSON: " + e.getMessage());
            return;
        }
        try {
            changedObjects.addAndGet(tree.post(urlDn, root));
        } catch (MoTree.Refusal r) {
            error(x, r.status, r.code, r.getMessage());
            return;
        }
        send(x, 200, "{\"totalCount\":\"0\",\"imdata\":[]}");
    }

    private static void error(HttpExchange x, int status, String code, String text) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("totalCount", "1");
        o.putArray("imdata").addObject().putObject("error").putObject("attributes").put("code", code).put("text", text);
        send(x, status, o.toString());
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
