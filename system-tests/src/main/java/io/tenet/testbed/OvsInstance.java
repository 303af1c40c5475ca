package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private Open vSwitch (ovsdb-server and ovs-vswitchd) running inside a network namespace with its own
 * directory, found by the OVS tools through OVS_RUNDIR and friends.
 */
public record OvsInstance(String ns, Path dir) {
    public Map<String, String> env() {
        return Map.of("OVS_RUNDIR", dir.toString(), "OVS_DBDIR", dir.toString(), "OVS_LOGDIR", dir.toString(),
                "OVS_SYSCONFDIR", dir.toString(), "TENET_RUNDIR", dir.resolve("tenet").toString());
    }

    /** Creates the database and starts both daemons in {@code ns}. */
    public static OvsInstance start(String ns, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("tenet"));
        OvsInstance ovs = new OvsInstance(ns, dir);
        Map<String, String> env = ovs.env();
        Sh.check(env, null, List.of("ovsdb-tool", "create", dir.resolve("conf.db").toString(),
                "/usr/share/openvswitch/vswitch.ovsschema"));
        ovs.startOvsdb();
        Sh.check(env, null, Sh.inNs(ns, "ovs-vsctl", "--no-wait", "init"));
        ovs.startVswitchd();
        return ovs;
    }

    private void startOvsdb() {
        Sh.check(env(), null, Sh.inNs(ns, "ovsdb-server", dir.resolve("conf.db").toString(),
                "--remote=punix:" + dir.resolve("db.sock"), "--pidfile", "--log-file", "--detach", "--no-chdir"));
    }

    private void startVswitchd() {
        Sh.check(env(), null, Sh.inNs(ns, "ovs-vswitchd", "--pidfile", "--log-file", "--detach", "--no-chdir"));
    }

    public String vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10"));
        argv.addAll(List.of(args));
        return Sh.check(env(), null, argv);
    }

    public String ofctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14"));
        argv.addAll(List.of(args));
        return Sh.check(env(), null, argv);
    }

    /** ovs-appctl to this instance's ovs-vswitchd (for example {@code dpctl/dump-flows}, {@code dpctl/dump-conntrack}). */
    public String appctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-appctl", "--timeout=10"));
        argv.addAll(List.of(args));
        return Sh.check(env(), null, argv);
    }

    /**
     * Kills ovs-vswitchd outright (SIGKILL, as a crash would: the userspace datapath's flows, groups and tap ports
     * go with it) and starts it again on the same database; returns when the new one answers.
     */
    public void crashAndRestartVswitchd() throws IOException {
        kill("ovs-vswitchd");
        startVswitchd();
        appctl("version");
    }

    /** Kills ovsdb-server outright and starts it again on the same database file; ovs-vswitchd reconnects. */
    public void crashAndRestartOvsdb() throws IOException {
        kill("ovsdb-server");
        startOvsdb();
        vsctl("show");
    }

    private void kill(String daemon) throws IOException {
        long pid = Long.parseLong(Files.readString(dir.resolve(daemon + ".pid")).strip());
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(daemon + " " + pid
                + " is not running"));
        p.destroyForcibly();
        try {
            p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(daemon + " " + pid + " did not exit", e);
        }
    }

    /**
     * When ovs-vswitchd last logged {@code bridge}'s connection to its controller (its own clock and log line,
     * {@code rconn ... <bridge><->tcp:...: connected}), or null when it has not.
     */
    public java.time.Instant lastControllerConnect(String bridge) {
        java.time.Instant last = null;
        for (String line : connectionLog()) {
            if (line.contains(bridge + "<->") && line.endsWith(": connected")) {
                last = java.time.Instant.parse(line.substring(0, line.indexOf('|')));
            }
        }
        return last;
    }

    /** What this Open vSwitch thinks of its controller connections: OVSDB's status and its last log lines. */
    public String controllerView() {
        String status = Sh.run(env(), null, List.of("ovs-vsctl", "--timeout=5", "--columns=target,is_connected,status",
                "list", "controller")).out().strip().replace('\n', ' ');
        try {
            List<String> log = connectionLog();
            return status + " | " + String.join(" / ", log.subList(Math.max(0, log.size() - 4), log.size()));
        } catch (java.io.UncheckedIOException e) {
            return status + " | no ovs-vswitchd.log: " + e.getMessage();
        }
    }

    /** ovs-vswitchd's log lines about its controller connections (rconn and connmgr). */
    private List<String> connectionLog() {
        try {
            return Files.readAllLines(dir.resolve("ovs-vswitchd.log")).stream()
                    .filter(l -> l.contains("|rconn|") || l.contains("|connmgr|")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops both daemons (by their pidfiles); safe to call twice. */
    public void stop() {
        stop(dir);
    }

    static void stop(Path dir) {
        for (String daemon : List.of("ovs-vswitchd", "ovsdb-server")) {
            Path pidfile = dir.resolve(daemon + ".pid");
            try {
                if (Files.exists(pidfile)) {
                    long pid = Long.parseLong(Files.readString(pidfile).strip());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.destroy();
                        try {
                            p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            p.destroyForcibly();
                        }
                    });
                }
            } catch (IOException | NumberFormatException ignored) {
                // nothing to stop
            }
        }
    }
}
