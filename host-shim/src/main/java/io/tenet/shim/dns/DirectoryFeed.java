package io.tenet.shim.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.shim.host.Daemons;
import io.tenet.shim.node.ControllerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the responder's {@link DnsDirectory} in step with the controller: reads its tenants and services every
 * {@code interval}, and keeps the last answer when the controller cannot be reached, in memory and in
 * {@code file} (so that an agent restarted during a controller outage still answers with what it last knew).
 */
public final class DirectoryFeed implements Supplier<DnsDirectory>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ControllerClient controller;
    private final Path file;
    private final ScheduledExecutorService timer = Executors
            .newSingleThreadScheduledExecutor(Daemons.named("tenet-dns-feed"));
    private volatile DnsDirectory current;
    private boolean reachable = true;

    public DirectoryFeed(ControllerClient controller, Path file) {
        this.controller = controller;
        this.file = file;
        this.current = load(file);
    }

    /** Reads once now, then every {@code interval}. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public DnsDirectory get() {
        return current;
    }

    /** One read of the controller's tenants and services; on failure the directory stays as it was. */
    void refresh() {
        try {
            DnsDirectory next = read();
            if (!reachable) {
                log.info("The controller answers again: DNS names follow it");
                reachable = true;
            }
            if (!next.equals(current)) {
                current = next;
                save(next);
                log.info("DNS names: {} services of {} tenants", next.services().size(), next.tenants().size());
            }
        } catch (IOException | RuntimeException e) {
            if (reachable) {
                log.warn("Cannot read services from the controller ({}): answering with the last {} services",
                        e.getMessage(), current.services().size());
                reachable = false;
            }
        }
    }

    private DnsDirectory read() throws IOException {
        JsonNode tenants = list("/api/v1/tenants/");
        JsonNode services = list("/api/v1/serviceLBs/");
        List<String> ts = new ArrayList<>();
        tenants.forEach(t -> ts.add(t.path("tenantName").asText()));
        List<DnsDirectory.Service> ss = new ArrayList<>();
        for (JsonNode s : services) {
            String vip = s.path("ipAddress").asText("");
            if (!vip.isEmpty()) {
                ss.add(new DnsDirectory.Service(s.path("tenantName").asText(), s.path("serviceName").asText(), vip));
            }
        }
        return new DnsDirectory(ts, ss);
    }

    private JsonNode list(String path) throws IOException {
        ControllerClient.Response r = controller.get(path);
        if (!r.ok() || !r.body().isArray()) {
            throw new IOException("GET " + path + ": " + r.error());
        }
        return r.body();
    }

    private void save(DnsDirectory d) {
        try {
            ObjectNode o = JSON.createObjectNode();
            ArrayNode ts = o.putArray("tenants");
            d.tenants().forEach(ts::add);
            ArrayNode ss = o.putArray("services");
            for (DnsDirectory.Service s : d.services()) {
                ss.addObject().put("tenant", s.tenant()).put("name", s.name()).put("vip", s.vip());
            }
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), o);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot keep the DNS names in {}: {}", file, e.toString());
        }
    }

    private static DnsDirectory load(Path file) {
        if (!Files.exists(file)) {
            return DnsDirectory.EMPTY;
        }
        try {
            JsonNode o = JSON.readTree(file.toFile());
            List<String> ts = new ArrayList<>();
            o.path("tenants").forEach(t -> ts.add(t.asText()));
            List<DnsDirectory.Service> ss = new ArrayList<>();
            o.path("services").forEach(s -> ss.add(new DnsDirectory.Service(s.path("tenant").asText(),
                    s.path("name").asText(), s.path("vip").asText())));
            return new DnsDirectory(ts, ss);
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable DNS names in {}: {}", file, e.toString());
            return DnsDirectory.EMPTY;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
