package io.tenet.shim.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The shim's side of the controller's REST API. */
public final class ControllerClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String api;

    public ControllerClient(String api) {
        this.api = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
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
        } catch (java.net.ConnectException | java.net.SocketTimeoutException | java.net.UnknownHostException e) {
            throw new UnreachableException(url, e);
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
