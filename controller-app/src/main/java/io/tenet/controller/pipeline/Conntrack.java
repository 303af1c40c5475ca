package io.tenet.controller.pipeline;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Network;

/** The conntrack zones of the pipeline: one per network, so overlapping tenants never share connection state. */
public final class Conntrack {
    private Conntrack() {
    }

    /** The zone of a network: its VNI for VXLAN (low 15 bits), 0x8000 plus the VLAN id for VLAN. */
    public static int zone(Network n) {
        return n.spec().encap() == Encap.VLAN ? 0x8000 | n.tag() : n.tag() & 0x7fff;
    }
}
