package io.tenet.aci.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tenet.aci.apic.Dn;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern ENCAP = Pattern.compile("vlan-(\\d{1,4})");
    private static final Pattern FILTER = Pattern.compile("eq\\((\\w+)\\.(\\w+),\"([^\"]*)\"\\)");
    private static final Set<String> COMMON = Set.of("name", "annotation", "descr", "nameAlias", "dn", "status",
            "childAction", "lcOwn", "modTs", "uid");
    /** The classes it knows, with their own attributes. */
    private static final Map<String, Set<String>> CLASSES = Map.ofEntries(
            Map.entry("polUni", Set.of()), Map.entry("fvTenant", Set.of()), Map.entry("fvCtx", Set.of("pcEnfPref")),
            Map.entry("vzAny", Set.of()), Map.entry("fvBD", Set.of("arpFlood", "unicastRoute")),
            Map.entry("fvRsCtx", Set.of("tnFvCtxName")), Map.entry("fvSubnet", Set.of("ip", "scope")),
            Map.entry("fvAp", Set.of()), Map.entry("fvAEPg", Set.of()), Map.entry("fvRsBd", Set.of("tnFvBDName")),
            Map.entry("fvRsDomAtt", Set.of("tDn", "instrImedcy", "resImedcy")),
            Map.entry("fvRsPathAtt", Set.of("tDn", "encap", "instrImedcy", "mode")),
            Map.entry("fvRsNodeAtt", Set.of("tDn", "encap", "instrImedcy", "mode")),
            Map.entry("vzFilter", Set.of()),
            Map.entry("vzEntry", Set.of("etherT", "prot", "dFromPort", "dToPort", "sFromPort", "sToPort")),
            Map.entry("vzBrCP", Set.of("scope")), Map.entry("vzSubj", Set.of("revFltPorts")),
            Map.entry("vzRsSubjFiltAtt", Set.of("tnVzFilterName", "action", "priorityOverride")),
            Map.entry("fvRsProv", Set.of("tnVzBrCPName")), Map.entry("fvRsCons", Set.of("tnVzBrCPName")),
            Map.entry("vzRsAnyToCons", Set.of("tnVzBrCPName")), Map.entry("vzRsAnyToProv", Set.of("tnVzBrCPName")));
    private static volatile Keys keys;

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Clock clock;
    private final TreeMap<String, Mo> tree = new TreeMap<>();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> certificates = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, String[]> refusals = new ConcurrentHashMap<>();
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
        tree.put("uni", new Mo("polUni", "uni", Map.of()));
        tree.put("uni/tn-common", new Mo("fvTenant", "uni/tn-common", Map.of("name", "common")));
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
        refusals.put(dn, new String[] {code, text});
    }

    public void accept(String dn) {
        refusals.remove(dn);
    }

    /** Puts an object straight into the tree, as another owner (the fabric's operators) would have made it. */
    public synchronized void seed(Mo mo) {
        tree.put(mo.dn(), mo);
    }

    /** Deletes {@code dn} and its subtree straight from the tree, as an operator on the APIC's GUI would. */
    public synchronized void remove(String dn) {
        tree.keySet().removeIf(d -> Dn.within(d, dn));
    }

    public synchronized Map<String, Mo> tree() {
        return new TreeMap<>(tree);
    }

    public synchronized Mo get(String dn) {
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
        List<Mo> all = new ArrayList<>();
        synchronized (this) {
            for (Mo mo : tree.values()) {
                if (mo.cls().equals(cls) && (filter.isEmpty() || mo.attribute(m.group(2)).equals(m.group(3)))) {
                    all.add(mo);
                }
            }
        }
        answer(x, all, p);
    }

    private void moQuery(HttpExchange x, String dn, Map<String, String> p) throws IOException {
        List<Mo> out = new ArrayList<>();
        Set<String> classes = p.containsKey("target-subtree-class")
                ? Set.of(p.get("target-subtree-class").split(",")) : Set.of();
        synchronized (this) {
            if (tree.containsKey(dn)) {
                if ("subtree".equals(p.get("query-target"))) {
                    for (Mo mo : tree.tailMap(dn, true).values()) {
                        if (!Dn.within(mo.dn(), dn)) {
                            if (!mo.dn().startsWith(dn)) {
                                break;
                            }
                            continue;
                        }
                        if (classes.isEmpty() || classes.contains(mo.cls())) {
                            out.add(mo);
                        }
                    }
                } else {
                    out.add(tree.get(dn));
                }
            }
        }
        answer(x, out, p);
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

    /** A refusal: the APIC's error code and text, for the object it names. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Refusal(int status, String code, String text) {
            super(text);
            this.status = status;
            this.code = code;
        }
    }

    private void post(HttpExchange x, String urlDn, String text) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            error(x, 400, "400", "Malformed JSON: " + e.getMessage());
            return;
        }
        synchronized (this) {
            TreeMap<String, Mo> next = new TreeMap<>(tree);
            int[] changed = {0};
            try {
                if (root == null || !root.isObject() || root.size() != 1) {
                    throw new Refusal(400, "400", "The body must hold one object");
                }
                apply(root, urlDn, Dn.parent(urlDn), next, changed, true);
            } catch (Refusal r) {
                error(x, r.status, r.code, r.getMessage());
                return;
            }
            tree.clear();
            tree.putAll(next);
            changedObjects.addAndGet(changed[0]);
        }
        send(x, 200, "{\"totalCount\":\"0\",\"imdata\":[]}");
    }

    private void apply(JsonNode wrapper, String defaultDn, String parentDn, TreeMap<String, Mo> t, int[] changed,
            boolean top) throws Refusal {
        Map.Entry<String, JsonNode> e = wrapper.fields().next();
        String cls = e.getKey();
        JsonNode body = e.getValue();
        Iterator<String> fields = body.fieldNames();
        if (fields.hasNext() && !fields.next().equals("attributes") && body.has("attributes")) {
            throw new Refusal(400, "120", "In " + cls + ", children come before attributes; attributes must be first");
        }
        Set<String> own = CLASSES.get(cls);
        if (own == null) {
            throw new Refusal(400, "122", "unknown managed object class " + cls);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        body.path("attributes").fields().forEachRemaining(f -> attrs.put(f.getKey(), f.getValue().asText()));
        String dn = attrs.getOrDefault("dn", top ? defaultDn : "");
        if (dn.isEmpty()) {
            throw new Refusal(400, "120", "In " + cls + ": no dn");
        }
        if (!Dn.parent(dn).equals(parentDn) && !top) {
            throw new Refusal(400, "120", dn + " is not a child of " + parentDn);
        }
        for (String a : attrs.keySet()) {
            if (!COMMON.contains(a) && !own.contains(a)) {
                throw new Refusal(400, "121", "unknown property " + a + " of class " + cls);
            }
        }
        String name = attrs.get("name");
        if (name != null && !NAME.matcher(name).matches()) {
            throw new Refusal(400, "801", "property name of " + dn + " failed validation for value '" + name + "'");
        }
        String encap = attrs.get("encap");
        if (encap != null) {
            Matcher m = ENCAP.matcher(encap);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 4094) {
                throw new Refusal(400, "801", "property encap of " + dn + " failed validation for value '" + encap
                        + "'");
            }
        }
        String status = attrs.getOrDefault("status", "");
        Mo existing = t.get(dn);
        if (!status.equals("deleted")) {
            String[] refusal = refusals.get(dn);
            if (refusal != null) {
                throw new Refusal(400, refusal[0], refusal[1]);
            }
        }
        switch (status) {
            case "deleted" -> {
                if (existing != null) {
                    List<String> gone = new ArrayList<>();
                    for (String d : t.tailMap(dn, true).keySet()) {
                        if (Dn.within(d, dn)) {
                            gone.add(d);
                        } else if (!d.startsWith(dn)) {
                            break;
                        }
                    }
                    gone.forEach(t::remove);
                    changed[0] += gone.size();
                }
                return;
            }
            case "created" -> {
                if (existing != null) {
                    throw new Refusal(400, "103", "Cannot create " + dn + "; object already exists.");
                }
            }
            case "modified" -> {
                if (existing == null) {
                    throw new Refusal(400, "102", "configured object ((" + dn + ")) not found");
                }
            }
            case "", "created,modified" -> {
                // made or updated
            }
            default -> throw new Refusal(400, "801", "property status of " + dn + " failed validation for value '"
                    + status + "'");
        }
        if (existing == null && !t.containsKey(Dn.parent(dn))) {
            throw new Refusal(400, "104", "Cannot create " + dn + ": its parent " + Dn.parent(dn)
                    + " does not exist");
        }
        Map<String, String> merged = new TreeMap<>(existing == null ? Map.of() : existing.attributes());
        attrs.forEach((k, v) -> {
            if (!k.equals("dn") && !k.equals("status")) {
                merged.put(k, cls.equals("vzEntry") ? named(k, v) : v);
            }
        });
        Mo mo = new Mo(cls, dn, merged);
        if (!mo.equals(existing)) {
            changed[0]++;
        }
        t.put(dn, mo);
        if (existing == null && cls.equals("fvCtx")) {
            t.put(dn + "/any", new Mo("vzAny", dn + "/any", Map.of()));
        }
        for (JsonNode child : body.path("children")) {
            apply(child, "", dn, t, changed, false);
        }
    }

    /** Ports and protocols the APIC stores by name, whatever number was written (as it shows them back). */
    private static final Map<String, String> PORTS = Map.of("20", "ftpData", "22", "ssh", "25", "smtp", "53", "dns",
            "80", "http", "110", "pop3", "443", "https", "554", "rtsp");
    private static final Map<String, String> PROTOCOLS = Map.of("1", "icmp", "2", "igmp", "6", "tcp", "8", "egp",
            "9", "igp", "17", "udp", "58", "icmpv6", "88", "eigrp", "89", "ospfigp", "103", "pim");

    private static String named(String attribute, String value) {
        if (attribute.endsWith("Port")) {
            return PORTS.getOrDefault(value, value);
        }
        return attribute.equals("prot") ? PROTOCOLS.getOrDefault(value, value) : value;
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
