package io.tenet.controller.api;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint group (a micro-service tier): its network, the policies attached to it, and the identity number
 * the datapath carries for its members ({@code id}, allocated by Tenet, unique across tenants).
 *
 * @param vlan in ACI mode, for a group of a VLAN network: the group's own VLAN, allocated by Tenet from the
 *             global {@code vlans} pool apart from every network's, which its members' packets carry on the
 *             uplink so that the fabric sees each group as its own encap; 0 otherwise
 *
 * @param defaultDeny when true, traffic into the group that no rule allows is dropped (Kubernetes-style
 *                    isolation); when false, as in Contiv, what no rule denies is allowed
 */
public record EndpointGroup(ScopedKey key, String network, List<String> policies, String ipPool, String netProfile,
        List<String> extContractsGroups, boolean defaultDeny, int id, int vlan) {
    public static final int MAX_ID = 0xffff;

    /** A group without a VLAN of its own. */
    public EndpointGroup(ScopedKey key, String network, List<String> policies, String ipPool, String netProfile,
            List<String> extContractsGroups, boolean defaultDeny, int id) {
        this(key, network, policies, ipPool, netProfile, extContractsGroups, defaultDeny, id, 0);
    }

    public EndpointGroup {
        Objects.requireNonNull(key, "key");
        Names.check("networkName", network);
        policies = List.copyOf(policies == null ? List.of() : policies);
        extContractsGroups = List.copyOf(extContractsGroups == null ? List.of() : extContractsGroups);
        ipPool = ipPool == null ? "" : ipPool;
        netProfile = netProfile == null ? "" : netProfile;
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("group id out of range: " + id);
        }
        if (vlan < 0 || vlan > Global.MAX_VLAN) {
            throw new IllegalArgumentException("group VLAN out of range: " + vlan);
        }
    }

    public NetworkKey networkKey() {
        return new NetworkKey(key.tenant(), network);
    }

    public EndpointGroup withId(int newId) {
        return new EndpointGroup(key, network, policies, ipPool, netProfile, extContractsGroups, defaultDeny, newId,
                vlan);
    }

    public EndpointGroup withVlan(int newVlan) {
        return new EndpointGroup(key, network, policies, ipPool, netProfile, extContractsGroups, defaultDeny, id,
                newVlan);
    }
}
