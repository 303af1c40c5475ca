package io.tenet.controller.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.embedded.MvStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The standalone REST server on an in-memory model, reached over real HTTP, with tenant t9 and network t9:n1
 * created as Contiv's netctl creates them; {@link #refused} checks that a refusal names its field and changes
 * nothing.
 */
abstract class RestApiHttpTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    MvStore store;
    ModelManager model;
    private HttpApiServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        store = MvStore.inMemory();
        model = new ModelManager(store);
        server = new HttpApiServer(new InetSocketAddress("127.0.0.1", 0), new RestApi(model, null));
        base = "http://127.0.0.1:" + server.address().getPort();
        ok(post("/api/v1/tenants/t9/", "{\"tenantName\":\"t9\",\"link-sets\":{}}"));
        ok(post("/api/v1/networks/t9:n1/", "{\"encap\":\"vxlan\",\"gateway\":\"10.9.0.254\",\"networkName\":\"n1\","
                + "\"nwType\":\"data\",\"subnet\":\"10.9.0.0/24\",\"tenantName\":\"t9\",\"link-sets\":{},"
                + "\"links\":{\"Tenant\":{}}}"));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply send(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            return new Reply(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    static Reply ok(Reply r) {
        assertTrue(r.status() / 100 == 2, r.toString());
        return r;
    }

    /** Sends a request that must be refused with this status and field, and checks nothing changed. */
    void refused(int status, String field, String method, String path, String body) {
        ModelSnapshot before = model.snapshot();
        Reply r = send(method, path, body);
        assertEquals(status, r.status(), r.body().toString());
        assertEquals(field, r.body().path("field").asText(), r.body().toString());
        assertTrue(r.body().path("error").asText().length() > 10, "a message that says what is wrong: " + r.body());
        assertEquals(before, model.snapshot(), "the model changed");
    }
}
