package io.tenet.controller.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link RestApi} over HTTP/1.1 with the JDK's built-in server (the standalone launcher's transport), with
 * its event streams, the web console at {@code /ui/} and, when given, the metrics.
 */
public final class HttpApiServer implements AutoCloseable {
    /** Event streams served at once; one more is answered 503. */
    static final int MAX_STREAMS = 32;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tenet-rest-stream");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore streamSlots = new Semaphore(MAX_STREAMS);
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ConsoleAssets console = new ConsoleAssets();

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
        server.createContext(ConsoleAssets.PATH, this::serveConsole);
        server.createContext("/ui", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Location", ConsoleAssets.PATH);
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/ui") ? 301 : 404, -1);
            }
        });
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

    private void serveConsole(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean get = exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD");
            ConsoleAssets.Asset a = get ? console.get(exchange.getRequestURI().getPath().substring(
                    ConsoleAssets.PATH.length())) : null;
            if (a == null) {
                exchange.sendResponseHeaders(get ? 404 : 405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            exchange.getResponseHeaders().set("Content-Security-Policy", ConsoleAssets.SECURITY_POLICY);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : a.body().length);
            if (!head) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(a.body());
                }
            }
        }
    }

    /** Hands an event stream to its own thread, so streams never hold the request pool. */
    private boolean stream(RestApi api, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        EventStream s = api.watch(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (query == null ? "" : "?" + query));
        if (s == null) {
            return false;
        }
        if (!streamSlots.tryAcquire()) {
            byte[] out = api.render(ApiResponse.error(503, "watch", "this controller serves " + MAX_STREAMS
                    + " event streams already; retry later"));
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(503, out.length);
                exchange.getResponseBody().write(out);
            }
            return true;
        }
        exchange.getResponseHeaders().set("Content-Type", EventStream.CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        open.add(s);
        streams.execute(() -> {
            try (exchange; OutputStream os = exchange.getResponseBody()) {
                s.run(os);
            } catch (IOException e) {
                // the client went away
            } finally {
                open.remove(s);
                streamSlots.release();
            }
        });
        return true;
    }

    private void serve(RestApi api, HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/")) {
            try (exchange) {
                exchange.getResponseHeaders().set("Location", ConsoleAssets.PATH);
                exchange.sendResponseHeaders(302, -1);
            }
            return;
        }
        if (stream(api, exchange)) {
            return;
        }
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
        open.forEach(EventStream::close);
        streams.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
