package io.tenet.shim.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs host commands (ip, nsenter, ethtool, ovs-vsctl) and fails with their stderr when they fail. */
public final class Exec {
    private static final long TIMEOUT_SECONDS = 20;
    /**
     * Reads commands' output. Its own pool, not the common one: the reads block, and on the CNI ADD path a quick
     * command must never wait behind a slow one's reader; idle threads are kept for the next call.
     */
    private static final ExecutorService DRAIN = Executors.newCachedThreadPool(Daemons.named("tenet-exec-drain"));

    private Exec() {
    }

    /** The outcome of a command that ran to the end. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** A command that failed; the message holds the command and what it printed. */
    public static final class CommandException extends RuntimeException {
        public CommandException(List<String> command, Result result) {
            super(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr().strip());
        }
    }

    public static Result run(List<String> command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        try {
            Process p = pb.start();
            CompletableFuture<String> err = drain(p.getErrorStream());
            CompletableFuture<String> out = drain(p.getInputStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandException(command, new Result(-1, "", "timed out after " + TIMEOUT_SECONDS + " s"));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new CommandException(command, new Result(-1, "", "cannot run: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(command, new Result(-1, "", "interrupted"));
        }
    }

    /** Runs the command and returns its stdout; throws {@link CommandException} on a non-zero exit. */
    public static String check(List<String> command, String stdin) {
        Result r = run(command, stdin);
        if (!r.ok()) {
            throw new CommandException(command, r);
        }
        return r.stdout();
    }

    public static String check(String... command) {
        return check(List.of(command), null);
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, DRAIN);
    }
}
