package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the controller's REST API, for tests and the demo. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** Status and parsed body of one call. */
    public record Reply(int status, JsonNode body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
            return new Reply(r.statusCode(), body);
        } catch (IOException e) {
            return new Reply(-1, JSON.createObjectNode().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, JSON.createObjectNode().put("error", "interrupted"));
        }
    }

    /** Like {@link #post} but fails unless the controller accepted. */
    public JsonNode mustPost(String path, String json) {
        Reply r = post(path, json);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " " + json + " -> " + r);
        }
        return r.body();
    }

    /** How many addresses of a network are allocated (its inspect's {@code allocatedAddressesCount}). */
    public int allocatedAddresses(String tenant, String network) {
        return get("/api/v1/inspect/networks/" + tenant + ":" + network + "/").body().path("Oper")
                .path("allocatedAddressesCount").asInt();
    }

    public void createTenant(String tenant) {
        mustPost("/api/v1/tenants/" + tenant + "/", "{\"tenantName\":\"" + tenant + "\"}");
    }

    public void createNetwork(String tenant, String network, String subnet, String gateway) {
        createNetwork(tenant, network, "vxlan", subnet, gateway);
    }

    /** A network with encapsulation {@code encap} ({@code vxlan} or {@code vlan}) and an allocated tag. */
    public void createNetwork(String tenant, String network, String encap, String subnet, String gateway) {
        mustPost("/api/v1/networks/" + tenant + ":" + network + "/", "{\"tenantName\":\"" + tenant
                + "\",\"networkName\":\"" + network + "\",\"encap\":\"" + encap + "\",\"subnet\":\"" + subnet
                + "\",\"gateway\":\"" + gateway + "\"}");
    }

    public void createPolicy(String tenant, String policy) {
        mustPost("/api/v1/policys/" + tenant + ":" + policy + "/", "{}");
    }

    /** An endpoint group on {@code network}, carrying {@code policy} unless it is null. */
    public void createGroup(String tenant, String group, String network, String policy, boolean defaultDeny) {
        mustPost("/api/v1/endpointGroups/" + tenant + ":" + group + "/", "{\"networkName\":\"" + network
                + "\",\"policies\":[" + (policy == null ? "" : "\"" + policy + "\"") + "],\"defaultDeny\":"
                + defaultDeny + "}");
    }
}
