package io.tenet.shim.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shim's side of the controller's REST API. The address may be a comma-separated list of controllers
 * ({@code http://a:9999,http://b:9999}): a call goes to the one that answered last, and to the next when a
 * controller cannot be reached at all (connection refused or timed out, unknown host); an answer, whatever its
 * status, is final, so no request is sent twice once a controller has it.
 */
public final class ControllerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The controller of each list that answered last, shared by the clients of a process (the agent). */
    private static final Map<String, Integer> PREFERRED = new ConcurrentHashMap<>();
    private final String list;
    private final List<String> apis;

    public ControllerClient(String api) {
        this.list = api;
        this.apis = addresses(api);
    }

    /**
     * The controllers' addresses in a list of one or more, comma-separated, without a trailing slash.
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code http(s)://host[:port][/path]}
     */
    public static List<String> addresses(String list) {
        List<String> out = new ArrayList<>();
        for (String a : list.split(",", -1)) {
            String t = a.strip();
            if (!t.matches("https?://[^/,\\s]+(/.*)?")) {
                throw new IllegalArgumentException("controller API address '" + t + "' is not http://host:port");
            }
            out.add(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
        }
        return List.copyOf(out);
    }

    /** A response: status and parsed JSON body (an empty object when there was none). */
    public record Response(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The error message of an error response, with the field it names. */
        public String error() {
            String msg = body.path("error").asText("HTTP " + status);
            String field = body.path("field").asText("");
            return field.isEmpty() ? msg : msg + " (field " + field + ")";
        }
    }

    /** Thrown when the controller cannot be reached at all. */
    public static final class UnreachableException extends IOException {
        UnreachableException(String what, IOException cause) {
            super("cannot reach the Tenet controller at " + what + ": " + cause.getMessage(), cause);
        }
    }

    public Response get(String path) throws IOException {
        return call("GET", path, null);
    }

    public Response post(String path, JsonNode body) throws IOException {
        return call("POST", path, JSON.writeValueAsBytes(body));
    }

    /** A POST of a body already in JSON text. */
    public Response post(String path, String json) throws IOException {
        return call("POST", path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Response delete(String path) throws IOException {
        return call("DELETE", path, null);
    }

    private Response call(String method, String path, byte[] body) throws IOException {
        int first = PREFERRED.getOrDefault(list, 0) % apis.size();
        UnreachableException last = null;
        for (int i = 0; i < apis.size(); i++) {
            int at = (first + i) % apis.size();
            try {
                Response r = callOne(apis.get(at), method, path, body);
                PREFERRED.put(list, at);
                return r;
            } catch (UnreachableException e) {
                last = e;
            }
        }
        throw last;
    }

    private Response callOne(String api, String method, String path, byte[] body) throws IOException {
        String url = api + path;
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(15000);
            c.setRequestMethod(method);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
            JsonNode parsed = bytes.length == 0 ? JSON.createObjectNode() : parse(bytes);
            return new Response(status, parsed);
        } catch (java.net.ConnectException | java.net.UnknownHostException e) {
            throw new UnreachableException(url, e);
        } catch (java.net.SocketTimeoutException e) {
            // Only a connection that never opened means "not reached"; a read that timed out may have been served.
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                throw new UnreachableException(url, e);
            }
            throw e;
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
