package io.tenet.testbed;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs commands for the testbed; {@link #check} fails with the command's stderr. */
public final class Sh {
    private Sh() {
    }

    /** What a command printed and how it exited. */
    public record Result(int code, String out, String err) {
        public boolean ok() {
            return code == 0;
        }
    }

    public static Result run(Map<String, String> env, String stdin, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        try {
            File out = File.createTempFile("tenet-sh", ".out");
            File err = File.createTempFile("tenet-sh", ".err");
            try {
                pb.redirectOutput(out).redirectError(err);
                Process p = pb.start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", "timed out: " + argv);
                }
                return new Result(p.exitValue(), java.nio.file.Files.readString(out.toPath()),
                        java.nio.file.Files.readString(err.toPath()));
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    public static Result run(String... argv) {
        return run(List.of(argv));
    }

    public static Result run(List<String> argv) {
        return run(Map.of(), null, argv);
    }

    public static String check(String... argv) {
        return check(List.of(argv));
    }

    public static String check(List<String> argv) {
        return check(Map.of(), null, argv);
    }

    public static String check(Map<String, String> env, String stdin, List<String> argv) {
        Result r = run(env, stdin, argv);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + r.code() + ": " + r.err().strip()
                    + (r.out().isBlank() ? "" : " / " + r.out().strip()));
        }
        return r.out();
    }

    /** {@code ip netns exec NS argv...}. */
    public static List<String> inNs(String ns, String... argv) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        out.addAll(List.of(argv));
        return out;
    }

    /** Best effort: runs and ignores failure (for cleanup). */
    public static void quietly(String... argv) {
        run(argv);
    }
}
