package io.tenet.controller.api;

/** A tenant: the unit of isolation; its networks may overlap other tenants' address space. */
public record Tenant(String name, String defaultNetwork) {
    public Tenant {
        Names.check("tenantName", name);
        if (defaultNetwork != null && !defaultNetwork.isEmpty()) {
            Names.check("defaultNetwork", defaultNetwork);
        } else {
            defaultNetwork = "";
        }
    }
}
