package io.tenet.controller.api;

/**
 * A network as it exists: its spec and the packet tag (VNI for VXLAN, VLAN id for VLAN) it was given.
 * {@link #datapathId()} is the value that stands for this network inside the switch pipeline; it is unique
 * across encapsulations.
 */
public record Network(NetworkSpec spec, int tag) {
    public NetworkKey key() {
        return spec.key();
    }

    public int datapathId() {
        return spec.encap() == Encap.VLAN ? 0x1000000 | tag : tag;
    }
}
