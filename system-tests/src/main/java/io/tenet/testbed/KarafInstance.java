package io.tenet.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An Apache Karaf unpacked into a private directory and run as a child process ({@code bin/karaf server}), with
 * its HTTP, SSH and RMI ports moved so that it never collides with anything else on the machine; commands go
 * through {@code bin/client} in batch mode.
 */
public final class KarafInstance implements AutoCloseable {
    private final Path home;
    private final int sshPort;
    private Process process;

    private KarafInstance(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Copies a Karaf directory (a distribution) to {@code dir} and sets its ports; binds HTTP to {@code httpHost}. */
    public static KarafInstance prepare(Path distribution, Path dir, String httpHost, int httpPort) throws IOException {
        Sh.check("rm", "-rf", dir.toString());
        Files.createDirectories(dir.getParent());
        Sh.check("cp", "-r", distribution.toString(), dir.toString());
        return configure(dir, httpHost, httpPort);
    }

    /** Unpacks a Karaf tar.gz (the stock distribution) into {@code dir}. */
    public static KarafInstance unpack(Path tarGz, Path dir, String httpHost, int httpPort) throws IOException {
        Sh.check("rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        Sh.check("tar", "xzf", tarGz.toString(), "-C", dir.toString(), "--strip-components=1");
        Files.writeString(dir.resolve("etc/users.properties"),
                "karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        return configure(dir, httpHost, httpPort);
    }

    private static KarafInstance configure(Path dir, String httpHost, int httpPort) throws IOException {
        int ssh = Ports.free();
        setProperty(dir.resolve("etc/org.ops4j.pax.web.cfg"), Map.of("org.osgi.service.http.port",
                Integer.toString(httpPort), "org.ops4j.pax.web.listening.addresses", httpHost));
        setProperty(dir.resolve("etc/org.apache.karaf.shell.cfg"), Map.of("sshPort", Integer.toString(ssh),
                "sshHost", "127.0.0.1"));
        setProperty(dir.resolve("etc/org.apache.karaf.management.cfg"), Map.of("rmiRegistryPort",
                Integer.toString(Ports.free()), "rmiServerPort", Integer.toString(Ports.free()),
                "rmiRegistryHost", "127.0.0.1", "rmiServerHost", "127.0.0.1"));
        return new KarafInstance(dir, ssh);
    }

    /** Sets keys in a Karaf .cfg file, keeping the rest. */
    public static void setProperty(Path cfg, Map<String, String> values) throws IOException {
        Properties p = new Properties();
        if (Files.exists(cfg)) {
            try (var in = Files.newBufferedReader(cfg)) {
                p.load(in);
            }
        }
        values.forEach(p::setProperty);
        StringBuilder b = new StringBuilder();
        p.stringPropertyNames().stream().sorted().forEach(k -> b.append(k).append(" = ")
                .append(p.getProperty(k).replace("\\", "\\\\")).append('\n'));
        Files.writeString(cfg, b.toString());
    }

    public Path home() {
        return home;
    }

    private Map<String, String> env() {
        return Map.of("JAVA_HOME", Path.of(System.getProperty("java.home")).toString(),
                "KARAF_OPTS", "-Xmx1g");
    }

    /** Starts {@code bin/karaf server}; returns at once (see {@link #waitForShell}). */
    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.environment().putAll(env());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out")
                .toFile()));
        process = pb.start();
    }

    /** The Karaf JVM: bin/karaf runs it as its child. */
    public long pid() {
        return process.toHandle().descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElse(process.toHandle()).pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Runs shell commands through bin/client in batch mode; returns what they printed. */
    public Sh.Result client(String... commands) {
        List<String> argv = new ArrayList<>(List.of(home.resolve("bin/client").toString(), "-u", "karaf", "-p",
                "karaf", "-a", Integer.toString(sshPort), "-h", "127.0.0.1", "-r", "3", "-d", "1", "-b"));
        return Sh.run(env(), String.join("\n", commands) + "\n", argv);
    }

    public void waitForShell(Duration timeout) {
        Poll.require(timeout, () -> "the Karaf shell of " + home + " (see " + home.resolve("data/log/karaf.log")
                + ")", () -> isAlive() && client("echo ready").out().contains("ready"));
    }

    public String log() {
        try {
            return Files.readString(home.resolve("data/log/karaf.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the JVM outright, as a crash would. */
    public void kill() {
        if (process != null) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }
}
