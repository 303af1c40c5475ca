package io.tenet.controller.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files (docs/console.md), packaged in the jar under {@code tenet-console/} and served at
 * {@code /ui/} by every transport: plain ES modules, a stylesheet and the page, nothing fetched from elsewhere.
 * Transport-free: a server asks for the part of the path after {@code /ui/}.
 */
public final class ConsoleAssets {
    /** Where the console lives on the API port. */
    public static final String PATH = "/ui/";
    /** Only scripts, styles and pages from the console's own origin; the API is that origin too. */
    public static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'";
    private static final String ROOT = "tenet-console/";
    private static final Pattern NAME = Pattern.compile("([a-z0-9-]+/)*[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** A file of the console and its media type. */
    public record Asset(byte[] body, String contentType) {
    }

    /**
     * The file at {@code name} (relative to {@code /ui/}; empty for the page), or null when the console has none:
     * only plain names of the listed kinds, so nothing outside the console's folder can be asked for.
     */
    public Asset get(String name) {
        String file = name == null || name.isEmpty() ? "index.html" : name;
        if (!NAME.matcher(file).matches()) {
            return null;
        }
        Asset cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return null;
            }
            Asset a = new Asset(in.readAllBytes(), TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            cache.put(file, a);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
