package io.tenet.testbed;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;

/** What the scripted benchmarks share: their arguments, percentiles, and the Markdown table they print. */
public final class BenchReport {
    private BenchReport() {
    }

    /** The Tenet installation: the first argument, build/tenet by default. */
    public static Path home(String[] args) {
        return Path.of(args.length > 0 ? args[0] : "build/tenet");
    }

    /** Argument {@code i} as a number, or {@code otherwise} when it is absent. */
    public static int intArg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    /** The p-th percentile (nearest rank) of {@code values}; p=100 is the maximum. */
    public static double percentile(double[] values, int p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }

    /**
     * Prints a table's header: the first column names what was measured, with the date, the core count and
     * {@code context} (when not empty), then the other columns and the Markdown separator.
     */
    public static void header(String first, String context, String... columns) {
        StringBuilder b = new StringBuilder("| ").append(first).append(" (").append(LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores")
                .append(context.isEmpty() ? "" : ", " + context).append(") |");
        for (String c : columns) {
            b.append(' ').append(c).append(" |");
        }
        System.out.println();
        System.out.println(b);
        System.out.println("|---".repeat(columns.length + 1) + "|");
    }

    /**
     * The heap a JVM uses after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB: the sum over
     * its generations (one line with G1, two with the serial collector), metaspace left out.
     */
    static long heapAfterGcKb(long pid) {
        Sh.run("jcmd", Long.toString(pid), "GC.run");
        String heap = Sh.run("jcmd", Long.toString(pid), "GC.heap_info").out();
        java.util.regex.Pattern used = java.util.regex.Pattern.compile("used (\\d+)K");
        long kb = 0;
        boolean found = false;
        for (String line : heap.split("\n")) {
            if (line.contains("Metaspace")) {
                break;
            }
            java.util.regex.Matcher m = used.matcher(line);
            if (m.find()) {
                kb += Long.parseLong(m.group(1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info gave no heap figure: " + heap);
        }
        return kb;
    }
}
