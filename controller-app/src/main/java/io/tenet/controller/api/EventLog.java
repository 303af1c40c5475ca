package io.tenet.controller.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What changed and what went wrong, in order: model writes, switches coming, going and failing, the ACI bridge's
 * troubles (docs/rest-api.md, {@code GET /api/v1/events}). Bounded: past {@link #capacity()} events the oldest
 * go, and {@link #dropped()} counts them. Every event has a sequence number, so a reader asks for what came after
 * the last one it saw. The controller holds one, provided to its modules and given to the REST API.
 */
public final class EventLog {
    public static final int DEFAULT_CAPACITY = 10_000;

    public enum Severity {
        INFO, WARNING, ERROR;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code info}, {@code warning} or {@code error}, naming {@code field} when it is none of them. */
        public static Severity parse(String field, String text) {
            for (Severity s : values()) {
                if (s.wire().equals(text)) {
                    return s;
                }
            }
            throw new ValidationException(field, field + " must be info, warning or error, not '" + text + "'");
        }
    }

    /**
     * One event. {@code source}: who tells it ({@code model}, {@code switch}, {@code aci}); {@code subject}: what
     * it is about ({@code endpointGroups/t1:web}, a datapath id, an APIC dn).
     */
    public record Event(long seq, Instant time, Severity severity, String source, String subject, String message) {
    }

    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    /**
     * This log's id, new at every start of the controller: sequence numbers start again at 1 after a restart, so a
     * reader that sees another boot starts again from {@code since=0}.
     */
    private final String boot = UUID.randomUUID().toString();
    private long next = 1;
    private long dropped;

    public EventLog() {
        this(DEFAULT_CAPACITY, Clock.systemUTC());
    }

    public EventLog(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    public String boot() {
        return boot;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized Event append(Severity severity, String source, String subject, String message) {
        Event e = new Event(next++, clock.instant(), severity, source, subject, message);
        if (events.size() == capacity) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(e);
        return e;
    }

    /**
     * The events after sequence number {@code since}, oldest first, of at least {@code atLeast} severity and, when
     * {@code source} is not null, from that source; at most {@code limit}.
     */
    public synchronized List<Event> query(long since, Severity atLeast, String source, int limit) {
        List<Event> out = new ArrayList<>(Math.min(limit, events.size()));
        if (events.isEmpty() || since >= events.peekLast().seq()) {
            return out;
        }
        Iterator<Event> it = events.iterator();
        while (it.hasNext() && out.size() < limit) {
            Event e = it.next();
            if (e.seq() > since && e.severity().compareTo(atLeast) >= 0
                    && (source == null || source.equals(e.source()))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The sequence number of the newest event; 0 before any. */
    public synchronized long lastSeq() {
        return next - 1;
    }

    /** Events pushed out by newer ones since the start. */
    public synchronized long dropped() {
        return dropped;
    }
}
