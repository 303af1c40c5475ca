package io.tenet.testbed;

import io.tenet.bgp.Bgp;
import io.tenet.bgp.api.BgpSpeaker;
import io.tenet.bgp.api.Ipv4;
import io.tenet.bgp.api.PeerConfig;
import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.api.SpeakerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenet's BGP speaker alone in a JVM of its own, for {@link BgpBenchmark}: it peers with one neighbour and obeys
 * commands on its standard input, one per line, each answered with one line: {@code announce N} (announce exactly
 * the /32s {@link #FIRST} to {@code FIRST + N - 1}; answers {@code announced N}), {@code learned} (answers how
 * many prefixes have a best route), {@code quit}.
 *
 * <p>Arguments: local address, local AS, neighbour address, neighbour AS.
 */
public final class BgpAnnouncer {
    /** The first prefix announced: 100.80.0.0/32. */
    static final int FIRST = Ipv4.parse("100.80.0.0");

    private BgpAnnouncer() {
    }

    public static void main(String[] args) throws Exception {
        int local = Ipv4.parse(args[0]);
        BgpSpeaker speaker = Bgp.start(new SpeakerSettings(Long.parseLong(args[1]), local, local,
                PeerConfig.BGP_PORT));
        speaker.addPeer(PeerConfig.of(args[2], Long.parseLong(args[3]), args[0])
                .withTimers(Duration.ofSeconds(9), Duration.ofSeconds(3)));
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] w = line.trim().split(" ");
            switch (w[0]) {
                case "announce" -> {
                    int n = Integer.parseInt(w[1]);
                    List<Prefix> prefixes = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        prefixes.add(new Prefix(FIRST + i, 32));
                    }
                    speaker.announce(prefixes);
                    System.out.println("announced " + n);
                }
                case "learned" -> System.out.println(speaker.bestRoutes().size());
                default -> System.out.println("unknown command: " + line);
            }
        }
        speaker.close();
    }
}
