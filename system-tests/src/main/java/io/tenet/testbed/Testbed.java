package io.tenet.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated cluster on one Linux machine, built from the real binaries in {@code build/tenet}:
 *
 * <pre>
 *  root namespace: tenet-controller on the management bridge PREFIXm (10.M.N.1/24)
 *        |  mgmt veths
 *  PREFIX-h1 .. PREFIX-hN   each: own ovsdb-server + ovs-vswitchd (userspace datapath), tenet-node agent,
 *        |  underlay veths   br-int (tenet-node init), br-phy holding the underlay and the tunnel address
 *  PREFIX-fab: a Linux bridge joining the hosts' underlay (192.168.77.0/24; the bridge MTU 9000, each host's eth1 1500)
 *  PREFIX-cK: container namespaces, plugged by tenet-cni ADD run on their host
 * </pre>
 *
 * Every name starts with a prefix made of this JVM's pid, so that {@link Leftovers} can remove what a killed
 * run left behind without touching anything else. {@link #close} removes everything, also after failures.
 */
public final class Testbed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path home;
    private final String prefix;
    private final Path dir;
    private final String mgmtNet;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    /** Processes the testbed runs in the root namespace besides the controller (the upstream resolver). */
    private final List<Process> helpers = new ArrayList<>();
    private final int apiPort;
    private final int ofPort;
    private final ControllerProcess controller;
    /** Controllers started beside the first, on its store ({@link #addController}). */
    private final List<ControllerProcess> peers = new ArrayList<>();
    private final ControllerOptions options;
    private final Backend backend;
    private final Api api;
    private int containerSeq;
    private final Thread shutdownHook = new Thread(this::close, "testbed-cleanup");

    /** How the controller runs: the standalone launcher, the Karaf distribution, or not at all. */
    public enum Backend {
        STANDALONE, KARAF, NONE
    }

    /** One simulated host. */
    public record Host(String name, String ns, Path dir, String mgmtIp, String tunnelIp, Process agent) {
        /** The host's own Open vSwitch. */
        public OvsInstance ovs() {
            return new OvsInstance(ns, dir);
        }

        public Map<String, String> env() {
            return ovs().env();
        }
    }

    /** A container plugged by tenet-cni: its namespace, address and the CNI result. */
    public record Container(String name, String ns, Host host, String tenant, String network, String ip,
            String mac, JsonNode result) {
        public String containerId() {
            return name;
        }
    }

    private Testbed(Path home, Backend backend, ControllerOptions options) {
        this.home = home;
        this.options = options;
        this.backend = backend;
        long pid = ProcessHandle.current().pid();
        this.prefix = String.format("t%06x%s", pid & 0xffffff, Integer.toString(RUNS.incrementAndGet() % 36, 36));
        this.dir = Path.of("/tmp/tenet-testbed", prefix);
        int m = 200 + (int) (pid % 50);
        int n = (int) (pid / 50 % 200) + RUNS.get();
        this.mgmtNet = "10." + m + "." + (n % 250) + ".";
        this.apiPort = Ports.free();
        this.ofPort = Ports.free();
        this.api = new Api("http://" + mgmtNet + "1:" + apiPort);
        this.controller = new ControllerProcess(backend, home, dir, mgmtNet + "1", apiPort, ofPort, api, options);
    }

    /** Builds a cluster of {@code hostCount} hosts with a standalone controller; cleans up if anything fails. */
    public static Testbed start(Path home, int hostCount) {
        return start(home, hostCount, Backend.STANDALONE);
    }

    /** Builds a cluster of {@code hostCount} hosts with the controller run by {@code backend}. */
    public static Testbed start(Path home, int hostCount, Backend backend) {
        return start(home, hostCount, backend, ControllerOptions.DEFAULTS);
    }

    /** The same, with the controller's node timeout ({@code --node-timeout}); null for its default. */
    public static Testbed start(Path home, int hostCount, Backend backend, Duration nodeTimeout) {
        return start(home, hostCount, backend, ControllerOptions.DEFAULTS.withNodeTimeout(nodeTimeout));
    }

    /** The same, with the controller's store setting ({@code --store}, such as {@code etcd:http://...}); null for
     * the embedded default. */
    public static Testbed start(Path home, int hostCount, Backend backend, Duration nodeTimeout, String store) {
        return start(home, hostCount, backend, new ControllerOptions(nodeTimeout, null, store));
    }

    /** The same, the controllers started with {@code options}. */
    public static Testbed start(Path home, int hostCount, Backend backend, ControllerOptions options) {
        if (!Files.isExecutable(home.resolve("bin/tenet-controller"))) {
            throw new IllegalStateException("no Tenet build at " + home + "; run `make build` first");
        }
        Leftovers.sweepStale();
        Testbed tb = new Testbed(home, backend, options);
        Runtime.getRuntime().addShutdownHook(tb.shutdownHook);
        try {
            tb.build(hostCount);
            return tb;
        } catch (RuntimeException | IOException e) {
            tb.close();
            throw new IllegalStateException("testbed setup failed: " + e.getMessage(), e);
        }
    }

    /** The Tenet installation (bin/, lib/) this testbed runs. */
    public Path home() {
        return home;
    }

    public String prefix() {
        return prefix;
    }

    public Api api() {
        return api;
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    public Host host(int i) {
        return hosts.get(i);
    }

    public Path dir() {
        return dir;
    }

    private void build(int hostCount) throws IOException {
        // The prefix is this JVM's pid: anything already there is a dead process's, whose pid this one reuses.
        Leftovers.deleteTree(dir);
        Files.createDirectories(dir);
        String bridge = prefix + "m";
        Sh.check("ip", "link", "add", bridge, "type", "bridge");
        Sh.check("ip", "addr", "add", mgmtNet + "1/24", "dev", bridge);
        Sh.check("ip", "link", "set", bridge, "up");
        String fab = prefix + "-fab";
        addNs(fab);
        Sh.check(Sh.inNs(fab, "ip", "link", "add", "ul", "type", "bridge"));
        Sh.check(Sh.inNs(fab, "ip", "link", "set", "ul", "mtu", "9000", "up"));
        startController();
        for (int i = 1; i <= hostCount; i++) {
            hosts.add(buildHost(i, fab));
        }
        if (backend != Backend.NONE) {
            waitForSwitches();
        }
    }

    /** The address of the namespace {@link #addOutside} makes: the world outside the cluster. */
    public static final String OUTSIDE_IP = "192.168.77.200";

    /**
     * A namespace standing for the world outside the cluster: on the hosts' underlay network (the fabric bridge),
     * at {@link #OUTSIDE_IP}, with no route to any container network. Returns its name.
     */
    public String addOutside() {
        return addOnFabric("out", OUTSIDE_IP);
    }

    /**
     * A namespace {@code PREFIX-name} on the hosts' underlay network (the fabric bridge) at {@code ip}/24, through
     * its {@code eth0}; returns its name. The fabric's end of its link is {@code name0}.
     */
    public String addOnFabric(String name, String ip) {
        String ns = prefix + "-" + name;
        addNs(ns);
        Sh.check(Sh.inNs(prefix + "-fab", "ip", "link", "add", name + "0", "type", "veth", "peer", "name", "eth0",
                "netns", ns));
        Sh.check(Sh.inNs(prefix + "-fab", "ip", "link", "set", name + "0", "master", "ul", "up"));
        Sh.check(Sh.inNs(ns, "ip", "addr", "add", ip + "/24", "dev", "eth0"));
        Sh.check(Sh.inNs(ns, "ip", "link", "set", "eth0", "up"));
        // As a real NIC would, finish checksums before they leave: the hosts' userspace datapath reads the
        // underlay with AF_PACKET and would pass a veth's unfinished checksums on to their stacks.
        Sh.check(Sh.inNs(ns, "ethtool", "-K", "eth0", "tx", "off"));
        return ns;
    }

    /** A process the testbed stops when it closes (one in a namespace of the testbed also dies with it). */
    public void track(Process p) {
        helpers.add(p);
    }

    /** What processes of namespace {@code ns} see as /etc/resolv.conf; removed with the namespace. */
    public void writeResolvConf(String ns, String text) {
        try {
            Path d = Leftovers.NETNS_ETC.resolve(ns);
            Files.createDirectories(d);
            Files.writeString(d.resolve("resolv.conf"), text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the resolv.conf of " + ns, e);
        }
    }

    /**
     * Starts dnsmasq on the management bridge as the hosts' upstream resolver, answering {@code names} (name to
     * address, subdomains included) and nothing else; it stops with the testbed.
     */
    public void startUpstreamResolver(Map<String, String> names) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--bind-interfaces", "--listen-address=" + mgmtNet + "1", "--port=53",
                "--user=root", "--pid-file=" + dir.resolve("dnsmasq.pid"), "--log-facility=" + dir.resolve(
                        "dnsmasq.log"), "--log-queries"));
        names.forEach((n, ip) -> cmd.add("--address=/" + n + "/" + ip));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect
                .appendTo(dir.resolve("dnsmasq.out").toFile())).start();
        helpers.add(p);
        Poll.require(Duration.ofSeconds(10), () -> "dnsmasq on " + mgmtNet + "1:53 (" + dir + "/dnsmasq.out)",
                () -> p.isAlive() && Sh.run("ss", "-lunH", "src", mgmtNet + "1:53").out().contains(":53"));
    }

    /** Creates a namespace that {@link #close} removes. */
    public void addNs(String ns) {
        Sh.check("ip", "netns", "add", ns);
        namespaces.add(ns);
        Sh.check(Sh.inNs(ns, "ip", "link", "set", "lo", "up"));
        Sh.run(Sh.inNs(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"));
        Sh.run(Sh.inNs(ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1"));
    }

    /** Starts (or restarts) the controller on the management bridge with the same data directory and ports. */
    public void startController() throws IOException {
        controller.start();
    }

    /**
     * Starts another standalone controller on the first one's store (a shared store such as etcd), with ports and a
     * directory of its own, and returns its REST API; the switches stay with the first controller. Stopped with
     * the testbed.
     */
    public Api addController() throws IOException {
        if (options.store() == null) {
            throw new IllegalStateException("a second controller needs a shared store; start the testbed with one");
        }
        int port = Ports.free();
        Api peerApi = new Api("http://" + mgmtNet + "1:" + port);
        ControllerProcess peer = new ControllerProcess(Backend.STANDALONE, home, dir.resolve("controller"
                + (peers.size() + 2)), mgmtNet + "1", port, Ports.free(), peerApi, options);
        peers.add(peer);
        peer.start();
        return peerApi;
    }

    /** The REST APIs of every controller, the first one's first, comma-separated: what a netconf's "api" takes. */
    public String apiList() {
        StringBuilder b = new StringBuilder(api.base());
        peers.forEach(p -> b.append(',').append(p.api().base()));
        return b.toString();
    }

    /** The OpenFlow targets of every controller, the first one's first: {@code tcp:A:6653,tcp:B:6654,...}. */
    public String controllerTargets() {
        StringBuilder b = new StringBuilder(controller.target());
        peers.forEach(p -> b.append(',').append(p.target()));
        return b.toString();
    }

    /** Kills controller {@code i} (0 the first, then those {@link #addController} started) outright. */
    public void killController(int i) {
        (i == 0 ? controller : peers.get(i - 1)).kill();
    }

    /** Starts controller {@code i} again, on its ports and directory; returns when its REST API answers. */
    public void startController(int i) throws IOException {
        (i == 0 ? controller : peers.get(i - 1)).start();
    }

    /** The standalone controller's process id. */
    public long controllerPid() {
        return controller.pid();
    }

    /** Kills the controller process outright, as a crash would. */
    public void killController() {
        controller.kill();
    }

    private Host buildHost(int i, String fab) throws IOException {
        String name = "h" + i;
        String ns = prefix + "-" + name;
        Path hdir = dir.resolve(name);
        addNs(ns);
        Sh.check(Sh.inNs(ns, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1"));
        String mgmtIp = attachManagement(ns, i);
        // underlay: fabric bridge (MTU 9000) <-> host eth1 (MTU 1500, the common case)
        Sh.check(Sh.inNs(fab, "ip", "link", "add", "u" + i, "mtu", "9000", "type", "veth", "peer", "name", "eth1",
                "netns", ns));
        Sh.check(Sh.inNs(fab, "ip", "link", "set", "u" + i, "master", "ul", "up"));
        String tunnelIp = "192.168.77." + (10 + i);
        Sh.check(Sh.inNs(ns, "ip", "addr", "add", tunnelIp + "/24", "dev", "eth1"));
        Sh.check(Sh.inNs(ns, "ip", "link", "set", "eth1", "up"));
        // Open vSwitch of this host
        Map<String, String> env = OvsInstance.start(ns, hdir).env();
        Sh.check(env, null, nodeInit(ns, prefix + name, "tcp:" + mgmtNet + "1:" + ofPort, api.base(), tunnelIp));
        // The host's resolver, for the names its node DNS responder forwards: the test resolver on the management
        // bridge (ip netns exec puts /etc/netns/NS/resolv.conf in place of /etc/resolv.conf).
        writeResolvConf(ns, "nameserver " + mgmtNet + "1\n");
        Path agentLog = hdir.resolve("agent.log");
        ProcessBuilder pb = new ProcessBuilder(Sh.inNs(ns, home.resolve("bin/tenet-node").toString(), "agent"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(agentLog.toFile()));
        Process agent = pb.start();
        Path socket = hdir.resolve("tenet/cni.sock");
        Poll.require(Duration.ofSeconds(20), () -> "the agent of " + name + " (log: " + agentLog + ")",
                () -> Files.exists(socket));
        return new Host(name, ns, hdir, mgmtIp, tunnelIp, agent);
    }

    private List<String> nodeInit(String ns, String node, String controller, String apis, String tunnelIp) {
        return Sh.inNs(ns, home.resolve("bin/tenet-node").toString(), "init", "--name", node, "--controller",
                controller, "--api", apis, "--tunnel-ip", tunnelIp, "--uplink", "eth1");
    }

    /** Runs {@code tenet-node init} on a host again, with other controllers and API addresses. */
    public Sh.Result nodeInit(Host h, String controller, String apis) {
        return Sh.run(h.env(), null, nodeInit(h.ns(), prefix + h.name(), controller, apis, h.tunnelIp()));
    }

    /** The OpenFlow port the testbed's controller listens on. */
    public int openflowPort() {
        return ofPort;
    }

    /**
     * Links a namespace to the management bridge as {@code mgmt0} with address {@code 10.M.N.(10+index)}; the
     * root namespace (the controller, the tests) is {@link #managementAddress()}.
     */
    public String attachManagement(String ns, int index) {
        String mg = prefix + "h" + index;
        Sh.check("ip", "link", "add", mg, "type", "veth", "peer", "name", "mgmt0", "netns", ns);
        Sh.check("ip", "link", "set", mg, "master", prefix + "m", "up");
        String ip = mgmtNet + (10 + index);
        Sh.check(Sh.inNs(ns, "ip", "addr", "add", ip + "/24", "dev", "mgmt0"));
        Sh.check(Sh.inNs(ns, "ip", "link", "set", "mgmt0", "up"));
        return ip;
    }

    /** The root namespace's address on the management bridge. */
    public String managementAddress() {
        return mgmtNet + "1";
    }

    /** Waits until every host's switch is connected and reconciled without error. */
    public void waitForSwitches() {
        Poll.require(Duration.ofSeconds(30), () -> "all switches reconciled: " + api.get("/api/v1/switches/")
                + switchSides(), () -> {
            Api.Reply r = api.get("/api/v1/switches/");
            if (r.status() != 200) {
                return false;
            }
            int ready = 0;
            for (JsonNode s : r.body()) {
                if (!s.path("nodeName").asText().isEmpty() && s.path("reconciliations").asInt() > 0
                        && s.path("lastError").asText().isEmpty()) {
                    ready++;
                }
            }
            return ready == hosts.size();
        });
    }

    public String nodeName(Host h) {
        return prefix + h.name();
    }

    /** Each host's own view of its controller connection, for a timeout's message. */
    private String switchSides() {
        StringBuilder b = new StringBuilder();
        hosts.forEach(h -> b.append("\n").append(h.name()).append(": ").append(h.ovs().controllerView()));
        return b.toString();
    }

    /** Runs tenet-cni on a host with the given command and netconf; returns exit code and stdout. */
    public Sh.Result cni(Host h, String command, String containerId, String netns, String ifName, String netconf,
            String cniArgs) {
        Map<String, String> env = new HashMap<>(h.env());
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns);
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", home.resolve("bin").toString());
        if (cniArgs != null) {
            env.put("CNI_ARGS", cniArgs);
        }
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", h.ns(), "env"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(home.resolve("bin/tenet-cni").toString());
        return Sh.run(Map.of(), netconf, argv);
    }

    public String netconf(String tenant, String network) {
        return netconf(tenant, network, "");
    }

    public String netconf(String tenant, String network, String group) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"tenet\",\"type\":\"tenet-cni\",\"api\":\"" + apiList()
                + "\",\"tenant\":\"" + tenant + "\",\"network\":\"" + network + "\",\"endpointGroup\":\"" + group
                + "\"}";
    }

    /** Creates a container namespace and plugs it into a network through tenet-cni ADD. */
    public Container addContainer(Host h, String tenant, String network) {
        return addContainer(h, tenant, network, "");
    }

    /** Creates a container namespace and plugs it into a network, as a member of an endpoint group. */
    public Container addContainer(Host h, String tenant, String network, String group) {
        return addContainer(h, tenant, network, group, null);
    }

    /** The same, with CNI_ARGS (for example {@code TENET_LABELS=app:web}); null for none. */
    public Container addContainer(Host h, String tenant, String network, String group, String cniArgs) {
        return addContainer(h, tenant, network, group, cniArgs, null);
    }

    /**
     * The same, with the runtime's {@code runtimeConfig} object in the netconf (for example
     * {@code {"portMappings":[{"hostPort":30080,"containerPort":80,"protocol":"tcp"}]}}); null for none.
     */
    public Container addContainer(Host h, String tenant, String network, String group, String cniArgs,
            String runtimeConfig) {
        String name = prefix + "-c" + (++containerSeq);
        addNs(name);
        String netconf = netconf(tenant, network, group);
        if (runtimeConfig != null) {
            netconf = netconf.substring(0, netconf.length() - 1) + ",\"runtimeConfig\":" + runtimeConfig + "}";
        }
        Sh.Result r = cni(h, "ADD", name, "/var/run/netns/" + name, "eth0", netconf, cniArgs);
        if (!r.ok()) {
            throw new IllegalStateException("tenet-cni ADD for " + name + " on " + h.name() + " failed: " + r.out()
                    + r.err());
        }
        try {
            JsonNode result = JSON.readTree(r.out());
            String cidr = result.path("ips").path(0).path("address").asText();
            String mac = result.path("interfaces").path(1).path("mac").asText();
            Container c = new Container(name, name, h, tenant, network, cidr.substring(0, cidr.indexOf('/')), mac,
                    result);
            // As a runtime does: the container's resolv.conf from the result's dns section.
            StringBuilder conf = new StringBuilder();
            result.path("dns").path("nameservers").forEach(n -> conf.append("nameserver ").append(n.asText())
                    .append('\n'));
            if (!result.path("dns").path("search").isEmpty()) {
                conf.append("search");
                result.path("dns").path("search").forEach(d -> conf.append(' ').append(d.asText()));
                conf.append('\n');
            }
            if (!conf.isEmpty()) {
                writeResolvConf(name, conf.toString());
            }
            containers.add(c);
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("tenet-cni printed no JSON: " + r.out(), e);
        }
    }

    /** tenet-cni DEL for the container; its namespace stays until the testbed closes. */
    public Sh.Result deleteContainer(Container c) {
        return cni(c.host(), "DEL", c.containerId(), "/var/run/netns/" + c.ns(), "eth0",
                netconf(c.tenant(), c.network()), null);
    }

    public List<Container> containers() {
        return List.copyOf(containers);
    }

    /** One ICMP echo from a container to an address, with a one-second wait. */
    public boolean ping(Container from, String ip) {
        return Sh.run(Sh.inNs(from.ns(), "ping", "-c", "1", "-W", "1", ip)).ok();
    }

    /** Polls ping until it answers or the timeout passes. */
    public boolean pingWithin(Container from, String ip, Duration timeout) {
        return Poll.until(timeout, () -> ping(from, ip));
    }

    /** Sends a line over TCP from one container to another and checks that it arrived. */
    public boolean tcp(Container from, Container to, int port) {
        return Traffic.delivered(from.ns(), to.ip(), port, to.ns(), to.ip(), port);
    }

    /** ovs-ofctl on a host's br-int. */
    public String ofctl(Host h, String... args) {
        return h.ovs().ofctl(args);
    }

    public String vsctl(Host h, String... args) {
        return h.ovs().vsctl(args);
    }

    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        for (Host h : hosts) {
            if (h.agent() != null) {
                h.agent().destroy();
            }
        }
        killController();
        peers.forEach(ControllerProcess::kill);
        peers.clear();
        helpers.forEach(Process::destroyForcibly);
        helpers.clear();
        for (Host h : hosts) {
            OvsInstance.stop(h.dir());
        }
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            Leftovers.removeNamespace(namespaces.get(i));
        }
        Sh.quietly("ip", "link", "del", prefix + "m");
        namespaces.clear();
        hosts.clear();
        Leftovers.deleteTree(dir);
    }
}
