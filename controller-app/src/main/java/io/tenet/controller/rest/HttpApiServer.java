package io.tenet.controller.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Serves {@link RestApi} over HTTP/1.1 with the JDK's built-in server (the standalone launcher's transport). */
public final class HttpApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    public HttpApiServer(InetSocketAddress bind, RestApi api) throws IOException {
        this(bind, api, null, null);
    }

    /**
     * Also serving {@code GET /metrics}: what {@code metrics} renders, as {@code contentType} (the Prometheus text
     * format); none when null.
     */
    public HttpApiServer(InetSocketAddress bind, RestApi api, java.util.function.Supplier<byte[]> metrics,
            String contentType) throws IOException {
        // Without TCP_NODELAY, a response written as headers then body waits out the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(bind, 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "tenet-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(api, exchange));
        if (metrics != null) {
            server.createContext("/metrics", exchange -> {
                try (exchange) {
                    boolean get = exchange.getRequestMethod().equals("GET");
                    byte[] out = get ? metrics.get() : new byte[0];
                    exchange.getResponseHeaders().set("Content-Type", contentType);
                    exchange.sendResponseHeaders(get ? 200 : 405, out.length == 0 ? -1 : out.length);
                    if (out.length > 0) {
                        try (OutputStream os = exchange.getResponseBody()) {
                            os.write(out);
                        }
                    }
                }
            });
        }
        server.start();
    }

    private static void serve(RestApi api, HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse r;
            try (InputStream in = exchange.getRequestBody()) {
                String query = exchange.getRequestURI().getRawQuery();
                r = api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query), in);
            }
            byte[] out = api.render(r);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
