package io.tenet.shim;

import io.tenet.shim.node.CniAgent;
import io.tenet.shim.node.NodeInit;
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

        @Option(names = "--controller", required = true, description = "OpenFlow controller, e.g. tcp:10.0.0.1:6653.")
        String controller;

        @Option(names = "--api", required = true, description = "Controller REST address, e.g. http://10.0.0.1:9999.")
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

    @Command(name = "agent", description = "Serve CNI calls from tenet-cni on $TENET_RUNDIR/cni.sock.")
    static final class Agent implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            CniAgent agent = new CniAgent(CniAgent.defaultSocket());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    agent.close();
                } catch (java.io.IOException ignored) {
                    // exiting anyway
                }
            }));
            agent.serve();
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }
}
