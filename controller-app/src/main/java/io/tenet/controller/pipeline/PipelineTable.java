package io.tenet.controller.pipeline;

import java.util.List;

/**
 * The tables of br-int, in packet order (but for SERVICE_AFFINITY, a lookup at the end), each with the stage of the pipeline it belongs to and what it does with
 * a packet no flow matches (its miss). Gaps in the numbering leave room for stages that later features add
 * (service load balancing, routing) without renumbering. docs/pipeline.md walks through them; PipelineDocTest
 * keeps the two in step. The misses are installed from here, by the compiler, for every table.
 */
public enum PipelineTable {
    /** Classifies each packet by ingress port: a local endpoint (checked against its own MAC and IP) or the tunnel. */
    CLASSIFIER(0, Stage.CLASSIFICATION, Miss.DROP),
    /** Gives packets from the tunnel the group identity of their source, looked up by network and source address. */
    TUNNEL_IDENTITY(5, Stage.CLASSIFICATION, Miss.DROP),
    /** Answers ARP requests for the VIPs of the packet's network's services; other ARP goes on. */
    SERVICE_ARP(8, Stage.ADDRESS_RESOLUTION, Miss.NEXT),
    /** In routing mode, answers ARP requests for the network's gateway with the distributed router's MAC. */
    GATEWAY_ARP(9, Stage.ADDRESS_RESOLUTION, Miss.NEXT),
    /** Answers ARP requests for every endpoint of the packet's network; nothing else of ARP goes further. */
    ARP_RESPONDER(10, Stage.ADDRESS_RESOLUTION, Miss.DROP),
    /**
     * What members of groups with a network profile may send: their IPv4 is metered to the profile's rate and
     * marked with its DSCP, per container port; everything else goes on unchanged.
     */
    EGRESS_QOS(11, Stage.QOS, Miss.NEXT),
    /**
     * Services of the host itself, reached from its containers without the controller: DNS queries to the node's
     * DNS address go to the host's DNS port (tenet-node agent answers), and the answers back to their container.
     */
    NODE_DNS(12, Stage.NODE_SERVICES, Miss.NEXT),
    /**
     * Sends a provider's packets to its own service's VIP through the network's hairpin zone first, where the
     * source translation of a provider that reached itself is undone on its replies.
     */
    SERVICE_HAIRPIN(15, Stage.CONNTRACK, Miss.NEXT),
    /** Sends IPv4 through conntrack in the network's zone. */
    CONNTRACK(20, Stage.CONNTRACK, Miss.DROP),
    /** Sends a new connection to a service's VIP and port to the service port's group, which picks a provider. */
    SERVICE_LB(21, Stage.LOAD_BALANCING, Miss.NEXT),
    /** Gives packets translated to a provider the provider's MAC, so that switching delivers them to it. */
    SERVICE_BACKEND(22, Stage.LOAD_BALANCING, Miss.NEXT),
    /**
     * In routing mode, the network's gateway on every host: answers pings to the gateway address, and sends what
     * containers address to the router's MAC to the routes of their tenant's VRF.
     */
    L3_GATEWAY(23, Stage.ROUTING, Miss.NEXT),
    /**
     * The host routes of a VRF: a packet for an endpoint of another network of the tenant moves into that network,
     * with the router's MAC as source, the endpoint's as destination and its TTL decremented.
     */
    L3_ROUTES(24, Stage.ROUTING, Miss.NEXT),
    /** Looks up the destination MAC within the network: its group, and the port or remote host to deliver to. */
    DESTINATION(25, Stage.SWITCHING, Miss.DROP),
    /** Lets replies and related traffic of allowed connections through; drops invalid packets. */
    CONNTRACK_STATE(30, Stage.SECURITY, Miss.NEXT),
    /** The out rules of the source's group, enforced on the host the packet leaves from. */
    EGRESS_POLICY(35, Stage.SECURITY, Miss.NEXT),
    /** The in rules of the destination's group, enforced on the host the packet is delivered on. */
    INGRESS_POLICY(40, Stage.SECURITY, Miss.NEXT),
    /** Commits new connections that the policy allowed. */
    COMMIT(45, Stage.CONNTRACK, Miss.NEXT),
    /** Delivers to the port chosen in DESTINATION. */
    OUTPUT(50, Stage.OUTPUT, Miss.DROP),
    /**
     * On a host that speaks BGP (docs/bgp.md): the routes it learned, longest prefix first; a packet for the
     * fabric leaves the uplink untagged with the host's MAC as source, the next hop's as destination and its TTL
     * decremented. Reached from OUTPUT only.
     */
    FABRIC_ROUTES(52, Stage.OUTPUT, Miss.DROP),
    /**
     * The providers that services with client-IP affinity remember, per client: flows the switch learned, each
     * loading the provider's address into reg5. A lookup reached only by resubmit from SERVICE_LB, after the
     * last table so that no miss leads into it; its miss leaves reg5 at 0.
     */
    SERVICE_AFFINITY(55, Stage.LOAD_BALANCING, Miss.DROP);

    /** The parts of the pipeline, in the order packets meet them. */
    public enum Stage {
        /** Where does the packet come from, and which network and identity does it carry? */
        CLASSIFICATION,
        /** ARP answered in the datapath. */
        ADDRESS_RESOLUTION,
        /** A container's egress shaped by its group's network profile: rate limit and DSCP. */
        QOS,
        /** Services the host answers for its own containers (DNS), taken out before conntrack and policy. */
        NODE_SERVICES,
        /** Connection tracking: sending packets through conntrack, and committing the connections policy allowed. */
        CONNTRACK,
        /** Service load balancing: a provider chosen for a new connection to a VIP, translated by conntrack. */
        LOAD_BALANCING,
        /** Routing between the networks of a tenant (routing mode): the distributed gateway. */
        ROUTING,
        /** Where does the packet go, within its network? */
        SWITCHING,
        /** Is it allowed: connection state, then egress and ingress policy. */
        SECURITY,
        /** Out of the chosen port. */
        OUTPUT
    }

    /** What a table does with packets no flow of it matches. */
    public enum Miss {
        /** They are dropped: the table admits only what a flow names. */
        DROP,
        /** They go on to the next table: the table only acts on what a flow names. */
        NEXT
    }

    private final int id;
    private final Stage stage;
    private final Miss miss;

    PipelineTable(int id, Stage stage, Miss miss) {
        this.id = id;
        this.stage = stage;
        this.miss = miss;
    }

    public int id() {
        return id;
    }

    public Stage stage() {
        return stage;
    }

    public Miss miss() {
        return miss;
    }

    /** The table after this one; only asked of tables whose miss goes on. */
    public PipelineTable next() {
        if (ordinal() + 1 >= values().length) {
            throw new IllegalStateException(this + " is the last table: its miss cannot go on");
        }
        return values()[ordinal() + 1];
    }

    /** The first table of a stage: where a stage is entered, whichever feature owns its tables. */
    public static PipelineTable firstOf(Stage stage) {
        for (PipelineTable t : values()) {
            if (t.stage == stage) {
                return t;
            }
        }
        throw new IllegalArgumentException("no table of stage " + stage);
    }

    /** The actions of this table's miss flow. */
    public List<Action> missActions() {
        return miss == Miss.DROP ? List.of() : List.of(new Action.GotoTable(next()));
    }
}
