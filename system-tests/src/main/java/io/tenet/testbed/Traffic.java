package io.tenet.testbed;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Probes of real traffic between namespaces (containers, hosts, the outside), with netcat. */
public final class Traffic {
    private Traffic() {
    }

    /**
     * Whether a line sent over TCP from namespace {@code fromNs} to {@code ip:port} arrives at a listener on
     * {@code listenIp:listenPort} in namespace {@code toNs} (the two differ where a NAT stands between them).
     */
    public static boolean delivered(String fromNs, String ip, int port, String toNs, String listenIp, int listenPort) {
        String token = "tenet-" + System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(Sh.inNs(toNs, "timeout", "5", "nc", "-l", "-N", listenIp,
                Integer.toString(listenPort)));
        try {
            Process server = pb.start();
            try {
                boolean listening = Poll.until(Duration.ofSeconds(3), () -> Sh.run(Sh.inNs(toNs, "ss", "-ltnH",
                        "sport = :" + listenPort)).out().contains(":" + listenPort));
                if (!listening) {
                    return false;
                }
                Sh.Result client = Sh.run(Map.of(), token + "\n", Sh.inNs(fromNs, "nc", "-N", "-w", "3", ip,
                        Integer.toString(port)));
                if (!client.ok()) {
                    return false;
                }
                server.waitFor(6, TimeUnit.SECONDS);
                return new String(server.getInputStream().readAllBytes()).strip().equals(token);
            } finally {
                server.destroyForcibly();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
