package io.tenet.controller.api;

import java.util.Objects;

/**
 * A network as its owner declares it. The gateway, when present, lies inside the subnet and is never given to an
 * endpoint; {@code pktTag} 0 asks Tenet to allocate the VNI (or VLAN id); {@code mtu} 0 lets each host derive its
 * containers' MTU from its underlay, and a value caps it.
 */
public record NetworkSpec(NetworkKey key, Encap encap, Ipv4Prefix subnet, Ipv4 gateway, int pktTag, String nwType,
        int mtu) {
    public static final int MAX_VNI = 0xffffff;
    /** The smallest MTU an IPv4 host must accept (RFC 791), and the largest Tenet's hosts carry. */
    public static final int MIN_MTU = 576;
    public static final int MAX_MTU = 9000;

    /** A network whose MTU each host derives. */
    public NetworkSpec(NetworkKey key, Encap encap, Ipv4Prefix subnet, Ipv4 gateway, int pktTag, String nwType) {
        this(key, encap, subnet, gateway, pktTag, nwType, 0);
    }

    public NetworkSpec {
        if (mtu != 0 && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new ValidationException("mtu", "mtu must be " + MIN_MTU + "-" + MAX_MTU
                    + " (or 0 to derive it from each host's underlay), not " + mtu);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(encap, "encap");
        if (subnet == null) {
            throw new ValidationException("subnet", "subnet is required (CIDR, e.g. 10.1.0.0/24)");
        }
        if (subnet.length() > 30) {
            throw new ValidationException("subnet", "subnet " + subnet + " leaves no room for endpoints; use /30 or wider");
        }
        if (gateway != null) {
            if (!subnet.contains(gateway)) {
                throw new ValidationException("gateway", "gateway " + gateway + " is outside subnet " + subnet);
            }
            if (gateway.equals(subnet.network()) || gateway.equals(subnet.broadcast())) {
                throw new ValidationException("gateway", "gateway " + gateway
                        + " is the network or broadcast address of " + subnet);
            }
        }
        int max = encap == Encap.VLAN ? 4094 : MAX_VNI;
        if (pktTag < 0 || pktTag > max) {
            throw new ValidationException("pktTag", "pktTag for " + encap.wire() + " must be 1-" + max
                    + " (or 0 to allocate), not " + pktTag);
        }
        nwType = nwType == null || nwType.isEmpty() ? "data" : nwType;
        if (!nwType.equals("data") && !nwType.equals("infra")) {
            throw new ValidationException("nwType", "nwType must be 'data' or 'infra', not '" + nwType + "'");
        }
    }
}
