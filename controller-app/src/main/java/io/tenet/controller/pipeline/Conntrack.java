package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import java.util.Objects;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Network;

/** The conntrack zones of the pipeline: one per network, so overlapping tenants never share connection state. */
public final class Conntrack {
    private Conntrack() {
    }

    /**
     * The UDP connections to {@code vip:servicePort} in {@code zone} translated to {@code address:port}, whose
     * conntrack entries are flushed when no flow of a switch translates to them any more (the provider left the
     * service). A UDP client that keeps its socket would otherwise keep sending to a provider that is gone. TCP
     * connections are never released this way: they end on their own, and one to a provider that lost a label but
     * still runs goes on.
     */
    public record Release(int zone, Ipv4 vip, int servicePort, Ipv4 address, int port) {
        public static final int UDP = 17;

        public Release {
            Objects.requireNonNull(vip, "vip");
            Objects.requireNonNull(address, "address");
            if (zone < 0 || zone > 0xffff || servicePort < 0 || servicePort > 0xffff || port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("conntrack release out of range: zone " + zone + ", ports "
                        + servicePort + " and " + port);
            }
        }

        /**
         * The release a flow stands for: one matching UDP to one address and port that commits the connection
         * translated to another address and port; null for any other flow.
         */
        public static Release of(FlowSpec f) {
            Ipv4 vip = null;
            int servicePort = -1;
            boolean udp = false;
            for (MatchField m : f.match()) {
                if (m instanceof MatchField.IpProto p) {
                    udp = p.number() == UDP;
                } else if (m instanceof MatchField.Ipv4Dst d && d.length() == 32) {
                    vip = d.ip();
                } else if (m instanceof MatchField.TpDst t) {
                    servicePort = t.port();
                }
            }
            if (!udp || vip == null || servicePort < 0) {
                return null;
            }
            for (Action a : f.actions()) {
                if (a instanceof Action.Ct ct && ct.commit() && ct.nat() != null
                        && ct.nat().kind() == Nat.Kind.DST) {
                    return new Release(ct.zone(), vip, servicePort, ct.nat().ip(), ct.nat().port());
                }
            }
            return null;
        }
    }

    /**
     * The hairpin zone of a network: where the connections of a provider that reached itself through its
     * service are translated a second time, to come from the VIP. {@code 0x9000} plus the network's zone modulo
     * {@code 0x7000}, above every network zone; two networks share one only if their zones are 0x7000 apart, and
     * then only for hairpinned connections with the same addresses and ports at once.
     */
    public static int hairpinZone(Network n) {
        return 0x9000 + zone(n) % 0x7000;
    }

    /**
     * The zone of a network. In bridge mode its own: its VNI for VXLAN (low 15 bits), 0x8000 plus the VLAN id for
     * VLAN. In routing mode its tenant's VRF (1-0x7fff), shared by all the tenant's networks, so that a connection
     * routed from one network to another is one connection in one zone on every host it crosses; a tenant's
     * subnets never overlap, so its networks can share one. The two modes never meet: the forwarding mode cannot
     * change while networks exist.
     */
    public static int zone(Network n) {
        if (n.vrf() != 0) {
            return n.vrf();
        }
        return n.spec().encap() == Encap.VLAN ? 0x8000 | n.tag() : n.tag() & 0x7fff;
    }
}
