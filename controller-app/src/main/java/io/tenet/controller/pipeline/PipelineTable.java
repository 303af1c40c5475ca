package io.tenet.controller.pipeline;

/**
 * The tables of br-int, in packet order. Gaps in the numbering leave room for stages that later features add
 * between existing ones (policy, service load balancing, routing) without renumbering. docs/pipeline.md walks
 * through them; PipelineDocTest keeps the two in step.
 */
public enum PipelineTable {
    /** Classifies each packet by ingress port: a local endpoint (checked against its own MAC and IP) or the tunnel. */
    CLASSIFIER(0),
    /** Answers ARP requests for every endpoint of the packet's network; nothing else of ARP goes further. */
    ARP_RESPONDER(10),
    /** Delivers by destination MAC within the network: a local port, the tunnel to another host, or a flood. */
    L2_FORWARDING(50);

    private final int id;

    PipelineTable(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }
}
