package io.tenet.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code make demo}: a simulated 3-host cluster with containers in two networks of one tenant, a table of who
 * reaches whom, and the REST API left running until Ctrl-C (or at once with {@code --once}).
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path home = BenchReport.home(args);
        boolean once = List.of(args).contains("--once");
        System.out.println("Starting the controller and 3 simulated hosts (namespaces with their own Open vSwitch)...");
        try (Testbed tb = Testbed.start(home, 3)) {
            Api api = tb.api();
            api.createTenant("demo");
            api.createNetwork("demo", "blue", "10.1.0.0/24", "10.1.0.254");
            api.createNetwork("demo", "green", "10.2.0.0/24", "10.2.0.254");
            System.out.println("Created tenant 'demo' with networks blue (10.1.0.0/24) and green (10.2.0.0/24).");
            for (Testbed.Host h : tb.hosts()) {
                for (String net : List.of("blue", "green")) {
                    Testbed.Container c = tb.addContainer(h, "demo", net);
                    System.out.printf("  %-10s on %s in %-5s -> %s%n", c.name(), h.name(), net, c.ip());
                }
            }
            List<Testbed.Container> cs = tb.containers();
            for (Testbed.Container c : cs) {
                for (Testbed.Container d : cs) {
                    if (c != d && c.network().equals(d.network())) {
                        tb.pingWithin(c, d.ip(), Duration.ofSeconds(10));
                    }
                }
            }
            System.out.println();
            System.out.println("Who reaches whom (ping; same network should, different networks must not):");
            StringBuilder header = new StringBuilder(String.format("%-22s", "from \\ to"));
            for (Testbed.Container d : cs) {
                header.append(String.format("%-14s", d.host().name() + "/" + d.network()));
            }
            System.out.println(header);
            for (Testbed.Container c : cs) {
                StringBuilder row = new StringBuilder(String.format("%-22s", c.host().name() + "/" + c.network()
                        + " " + c.ip()));
                for (Testbed.Container d : cs) {
                    row.append(String.format("%-14s", c == d ? "-" : tb.ping(c, d.ip()) ? "yes" : "no"));
                }
                System.out.println(row);
            }
            System.out.println();
            System.out.println("REST API: " + api.base() + "/api/v1/   e.g. curl " + api.base()
                    + "/api/v1/inspect/networks/demo:blue/");
            System.out.println("Switches: curl " + api.base() + "/api/v1/switches/");
            System.out.println("Console:  " + api.base() + "/ui/ (topology, objects, live traffic, trace, events;"
                    + " reachable from this machine)");
            System.out.println("Containers are network namespaces: ip netns exec " + cs.get(0).ns() + " ping "
                    + cs.get(2).ip());
            if (!once) {
                System.out.println("Press Ctrl-C to stop and clean up.");
                Thread.currentThread().join();
            }
        }
    }
}
