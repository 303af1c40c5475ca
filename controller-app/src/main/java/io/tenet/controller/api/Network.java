package io.tenet.controller.api;

/**
 * A network as it exists: its spec, the packet tag (VNI for VXLAN, VLAN id for VLAN) it was given and, in routing
 * mode, the VRF of its tenant (0 in bridge mode), which its packets are routed in.
 * {@link #datapathId()} is the value that stands for this network inside the switch pipeline; it is unique
 * across encapsulations.
 */
public record Network(NetworkSpec spec, int tag, int vrf) {
    /** A network of bridge mode. */
    public Network(NetworkSpec spec, int tag) {
        this(spec, tag, 0);
    }

    public NetworkKey key() {
        return spec.key();
    }

    public int datapathId() {
        return spec.encap() == Encap.VLAN ? 0x1000000 | tag : tag;
    }

    /** Whether the network is routed: routing mode, with a gateway for its containers to send to. */
    public boolean routed() {
        return vrf != 0 && spec.gateway() != null;
    }

    /**
     * Whether the hosts that speak BGP announce this network's endpoints and route to it through the fabric, with
     * no overlay (docs/bgp.md): a routed VLAN network.
     */
    public boolean routedByFabric() {
        return routed() && spec().encap() == Encap.VLAN;
    }
}
