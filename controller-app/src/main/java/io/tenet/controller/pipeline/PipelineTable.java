package io.tenet.controller.pipeline;

/**
 * The tables of br-int, in packet order. Gaps in the numbering leave room for stages that later features add
 * (service load balancing, routing) without renumbering. docs/pipeline.md walks through them; PipelineDocTest
 * keeps the two in step.
 */
public enum PipelineTable {
    /** Classifies each packet by ingress port: a local endpoint (checked against its own MAC and IP) or the tunnel. */
    CLASSIFIER(0),
    /** Gives packets from the tunnel the group identity of their source, looked up by network and source address. */
    TUNNEL_IDENTITY(5),
    /** Answers ARP requests for every endpoint of the packet's network; nothing else of ARP goes further. */
    ARP_RESPONDER(10),
    /** Sends IPv4 through conntrack in the network's zone. */
    CONNTRACK(20),
    /** Looks up the destination MAC within the network: its group, and the port or remote host to deliver to. */
    DESTINATION(25),
    /** Lets replies and related traffic of allowed connections through; drops invalid packets. */
    CONNTRACK_STATE(30),
    /** The out rules of the source's group, enforced on the host the packet leaves from. */
    EGRESS_POLICY(35),
    /** The in rules of the destination's group, enforced on the host the packet is delivered on. */
    INGRESS_POLICY(40),
    /** Commits new connections that the policy allowed. */
    COMMIT(45),
    /** Delivers to the port chosen in DESTINATION. */
    OUTPUT(50);

    private final int id;

    PipelineTable(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
