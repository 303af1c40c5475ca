package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tcpdump on one interface of a namespace, with link-level headers and IP details ({@code -e -v}, so 802.1Q tags
 * and the TOS byte show),
 * started and ready (tcpdump said it is listening) when {@link #start} returns; {@link #lines} reads what it
 * printed so far and {@link #close} stops it.
 */
public final class Capture implements AutoCloseable {
    private final Process process;
    private final Path out;

    private Capture(Process process, Path out) {
        this.process = process;
        this.out = out;
    }

    /** tcpdump in {@code ns} on {@code iface} for {@code filter} (a pcap expression), its output under {@code dir}. */
    public static Capture start(Path dir, String ns, String iface, String filter) throws IOException {
        Path out = Files.createTempFile(dir, "capture-", ".txt");
        Path err = Files.createTempFile(dir, "capture-", ".err");
        List<String> argv = new ArrayList<>(Sh.inNs(ns, "tcpdump", "-l", "-nn", "-e", "-v", "-i", iface));
        argv.addAll(List.of(filter.split(" ")));
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Capture c = new Capture(p, out);
        boolean ready = Poll.until(Duration.ofSeconds(5), () -> {
            try {
                return Files.readString(err).contains("listening on") || !p.isAlive();
            } catch (IOException e) {
                return false;
            }
        });
        if (!ready || !p.isAlive()) {
            c.close();
            throw new IOException("tcpdump on " + ns + "/" + iface + " did not start: " + Files.readString(err));
        }
        return c;
    }

    /** The packets tcpdump printed so far, one line each (its indented continuation lines joined on). */
    public List<String> lines() {
        List<String> packets = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(out)) {
                if (!packets.isEmpty() && !line.isEmpty() && Character.isWhitespace(line.charAt(0))) {
                    packets.set(packets.size() - 1, packets.get(packets.size() - 1) + " " + line.strip());
                } else if (!line.isEmpty()) {
                    packets.add(line);
                }
            }
        } catch (IOException e) {
            return packets;
        }
        return packets;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
