package io.tenet.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A continuous ping from a namespace ({@code ping -D -i <interval>}), every reply's time kept: how many were sent
 * and answered, and the longest silence between two answers, for fault tests and their benchmark.
 */
public final class Pinger implements AutoCloseable {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+)");
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private final Process process;
    private final Thread reader;
    private final List<Double> replies = new ArrayList<>();
    /** The highest icmp_seq answered; guarded by {@code replies}. */
    private int lastAnswered;
    private volatile int transmitted = -1;
    private volatile int received = -1;

    /**
     * What a ping run saw: packets sent and answered, the answers' times (epoch seconds), and the highest sequence
     * number answered.
     */
    public record Result(int transmitted, int received, List<Double> replies, int lastAnswered) {
        /**
         * Echoes that went unanswered, but for the last one sent when it is still unanswered: {@link #stop} ended
         * the run while that one was in flight, which is no loss.
         */
        public int lost() {
            return transmitted - received - (lastAnswered < transmitted ? 1 : 0);
        }

        /** The longest time between two consecutive answers, in milliseconds. */
        public double longestGapMs() {
            double gap = 0;
            for (int i = 1; i < replies.size(); i++) {
                gap = Math.max(gap, replies.get(i) - replies.get(i - 1));
            }
            return gap * 1000;
        }

        /** The first answer after {@code epochSeconds}, or NaN when none came. */
        public double firstReplyAfter(double epochSeconds) {
            return replies.stream().filter(t -> t > epochSeconds).findFirst().orElse(Double.NaN);
        }
    }

    public Pinger(String ns, String ip, double intervalSeconds) throws IOException {
        process = new ProcessBuilder(Sh.inNs(ns, "ping", "-D", "-W", "1", "-i", Double.toString(intervalSeconds), ip))
                .redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = REPLY.matcher(line);
                    if (m.find()) {
                        synchronized (replies) {
                            replies.add(Double.parseDouble(m.group(1)));
                            lastAnswered = Math.max(lastAnswered, Integer.parseInt(m.group(2)));
                        }
                    }
                    Matcher s = SUMMARY.matcher(line);
                    if (s.find()) {
                        transmitted = Integer.parseInt(s.group(1));
                        received = Integer.parseInt(s.group(2));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pinger-" + ip);
        reader.setDaemon(true);
        reader.start();
    }

    public int repliesSoFar() {
        synchronized (replies) {
            return replies.size();
        }
    }

    /** Stops the ping as Ctrl-C would (it then prints its totals) and returns what it saw. */
    public Result stop() {
        Sh.run("kill", "-INT", Long.toString(process.pid()));
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        synchronized (replies) {
            return new Result(transmitted, received, List.copyOf(replies), lastAnswered);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
