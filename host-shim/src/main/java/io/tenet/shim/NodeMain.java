package io.tenet.shim;

import io.tenet.shim.bgp.BgpAgent;
import io.tenet.shim.dns.ClientTenants;
import io.tenet.shim.dns.DirectoryFeed;
import io.tenet.shim.dns.DnsResponder;
import io.tenet.shim.dns.NodeDns;
import io.tenet.shim.dns.Upstreams;
import io.tenet.shim.node.CniAgent;
import io.tenet.shim.node.ControllerClient;
import io.tenet.shim.node.NodeInit;
import io.tenet.shim.node.NodeState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tenet-node}: prepares a host for Tenet and runs its CNI agent. */
@Command(name = "tenet-node", mixinStandardHelpOptions = true, version = "tenet-node 0.1.0",
        description = "Host side of Tenet: bridge setup, node registration and the CNI agent.",
        subcommands = {NodeMain.Init.class, NodeMain.Agent.class})
public final class NodeMain {
    @Command(name = "init", description = "Create and configure br-int, the tunnel port, and register this node.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Node name (unique in the cluster).")
        String name;

        @Option(names = "--controller", required = true, description = "OpenFlow controller, e.g. tcp:10.0.0.1:6653,"
                + " or several, comma-separated (tcp:A:6653,tcp:B:6653,tcp:C:6653): the switch connects to each.")
        String controller;

        @Option(names = "--api", required = true, description = "Controller REST address, e.g. http://10.0.0.1:9999,"
                + " or several, comma-separated: the agent and the CNI plugin use whichever answers.")
        String api;

        @Option(names = "--tunnel-ip", required = true, description = "Underlay IPv4 address VXLAN tunnels start from.")
        String tunnelIp;

        @Option(names = "--datapath", defaultValue = "auto", description = "system, netdev or auto (default: netdev"
                + " when the kernel has no openvswitch module).")
        String datapath;

        @Option(names = "--uplink", description = "Underlay interface to put on br-phy with the tunnel address"
                + " (needed with the userspace datapath).")
        String uplink;

        @Override
        public Integer call() throws Exception {
            try {
                NodeInit.run(new NodeInit.Settings(name, controller, api, tunnelIp, datapath, uplink));
                return 0;
            } catch (java.io.IOException | IllegalArgumentException | io.tenet.shim.host.Exec.CommandException e) {
                System.err.println("tenet-node init: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "agent", description = "Serve CNI calls from tenet-cni on $TENET_RUNDIR/cni.sock, the"
            + " node DNS responder on " + NodeDns.SERVER + " when tenet-node init set its port up, and the host's BGP"
            + " speaker when the controller has a Bgps object for it.")
    static final class Agent implements Callable<Integer> {
        @Option(names = "--dns-refresh", defaultValue = "PT1S", description = "How often the DNS responder reads"
                + " the controller's services (ISO-8601 duration, default PT1S).")
        java.time.Duration dnsRefresh;

        @Option(names = "--bgp-refresh", defaultValue = "PT1S", description = "How often the BGP speaker reads this"
                + " host's Bgps object from the controller, besides after every CNI call (default PT1S).")
        java.time.Duration bgpRefresh;

        @Override
        public Integer call() throws Exception {
            ClientTenants tenants = new ClientTenants();
            List<AutoCloseable> open = new ArrayList<>();
            startDns(tenants, open);
            BgpAgent bgp = startBgp(open);
            CniAgent agent = new CniAgent(CniAgent.defaultSocket(), () -> {
                tenants.forget();
                if (bgp != null) {
                    bgp.refreshSoon();
                }
            });
            open.add(agent);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (AutoCloseable c : open) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // exiting anyway
                    }
                }
            }));
            agent.serve();
            return 0;
        }

        /** The host's BGP speaker, which follows the controller's Bgps object for this host (none: it waits). */
        private BgpAgent startBgp(List<AutoCloseable> open) {
            NodeState node;
            try {
                node = NodeState.load();
            } catch (java.io.IOException e) {
                System.err.println("tenet-node agent: no BGP: " + e.getMessage());
                return null;
            }
            BgpAgent bgp = new BgpAgent(new ControllerClient(node.api()), node.name(),
                    NodeState.runDir().resolve("bgp.json"));
            bgp.start(bgpRefresh);
            open.add(bgp);
            return bgp;
        }

        /** The node DNS responder, when this host has the node DNS port; the CNI agent runs without it otherwise. */
        private void startDns(ClientTenants tenants, List<AutoCloseable> open) {
            NodeState node;
            try {
                node = NodeState.load();
            } catch (java.io.IOException e) {
                System.err.println("tenet-node agent: no node DNS: " + e.getMessage());
                return;
            }
            if (!node.dns()) {
                return;
            }
            DirectoryFeed feed = new DirectoryFeed(new ControllerClient(node.api()),
                    NodeState.runDir().resolve("dns.json"));
            feed.start(dnsRefresh);
            open.add(feed);
            DnsResponder dns = new DnsResponder(new InetSocketAddress(NodeDns.SERVER, 53), feed, tenants,
                    new Upstreams(Upstreams.RESOLV_CONF));
            try {
                dns.start();
                open.add(dns);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
                System.err.println("tenet-node agent: the node DNS responder cannot listen on " + NodeDns.SERVER
                        + ":53 (" + e + "); run tenet-node init again");
                dns.close();
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }
}
