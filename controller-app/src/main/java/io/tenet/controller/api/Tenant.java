package io.tenet.controller.api;

/**
 * A tenant: the unit of isolation; its networks may overlap other tenants' address space. {@code vrf} is the
 * number Tenet gives it (1 to {@value #MAX_VRF}, unique): in routing mode, the routing domain its networks share
 * in the datapath, and their conntrack zone. 0 until the model admits it.
 */
public record Tenant(String name, String defaultNetwork, int vrf) {
    public static final int MAX_VRF = 0x7fff;

    /** A tenant as a request names it, before the model gives it its VRF. */
    public Tenant(String name, String defaultNetwork) {
        this(name, defaultNetwork, 0);
    }

    public Tenant {
        Names.check("tenantName", name);
        if (defaultNetwork != null && !defaultNetwork.isEmpty()) {
            Names.check("defaultNetwork", defaultNetwork);
        } else {
            defaultNetwork = "";
        }
        if (vrf < 0 || vrf > MAX_VRF) {
            throw new IllegalArgumentException("tenant VRF out of range: " + vrf);
        }
    }

    public Tenant withVrf(int id) {
        return new Tenant(name, defaultNetwork, id);
    }
}
