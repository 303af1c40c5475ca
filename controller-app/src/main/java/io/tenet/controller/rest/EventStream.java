package io.tenet.controller.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A server-sent event stream ({@code text/event-stream}) of one watchable resource: what
 * {@code GET /api/v1/<resource>/?watch=true[&interval=<seconds>]} answers. Every interval the resource's list is
 * sent as one {@code data:} line of JSON, until the client goes away, the transport closes the stream or its
 * thread is interrupted. Transport-free: a server hands it the response body once it has sent status 200 and
 * {@link #CONTENT_TYPE}.
 */
public final class EventStream {
    public static final String CONTENT_TYPE = "text/event-stream";
    static final String WATCH = "watch";
    static final String INTERVAL = "interval";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    static final int MAX_INTERVAL_SECONDS = 60;
    private final Supplier<byte[]> next;
    private final Duration interval;
    private volatile boolean closed;

    EventStream(Supplier<byte[]> next, Duration interval) {
        this.next = next;
        this.interval = interval;
    }

    public Duration interval() {
        return interval;
    }

    /**
     * Writes events to {@code out} until the stream ends; returns normally when it was closed or interrupted, and
     * throws when the client went away.
     */
    public void run(OutputStream out) throws IOException {
        // How long a browser's EventSource waits before it reconnects after the stream ends.
        out.write(("retry: " + Math.max(1000, interval.toMillis()) + "\n\n").getBytes(StandardCharsets.UTF_8));
        while (!closed && !Thread.currentThread().isInterrupted()) {
            out.write(event(next.get()));
            out.flush();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends the stream after the event being written, if any (a transport shutting down). */
    public void close() {
        closed = true;
    }

    /** One event: the JSON on a single {@code data:} line (the renderer writes no newline), then a blank line. */
    static byte[] event(byte[] json) {
        byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
