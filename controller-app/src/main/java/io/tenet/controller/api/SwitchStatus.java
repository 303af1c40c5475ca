package io.tenet.controller.api;

/**
 * What the reconciler knows of one connected switch, for the API and the shell.
 *
 * @param flows         Tenet flows the switch holds after the last successful reconciliation
 * @param groups        Tenet groups it holds then
 * @param meters        Tenet meters it holds then
 * @param flowModsSent  flow-mods written since the switch connected
 * @param stateModsSent flow-mods, group-mods and meter-mods written since the switch connected
 * @param packetIns     packet-ins received from the switch since it connected (the pipeline sends the controller
 *                      only what it must: the rejects of empty services)
 * @param lastError     the last reconciliation failure, or empty
 * @param role          this controller's role on the switch: MASTER or SLAVE in a cluster (a slave never writes),
 *                      EQUAL for a controller alone
 */
public record SwitchStatus(String datapathId, String node, String address, String version, int flows,
        int groups, int meters, long flowModsSent, long stateModsSent, long reconciliations, long packetIns,
        String lastError, String role) {
    /** A switch this controller is master of, or the only controller of (the role the switch keeps is EQUAL). */
    public SwitchStatus(String datapathId, String node, String address, String version, int flows, int groups,
            int meters, long flowModsSent, long stateModsSent, long reconciliations, long packetIns, String lastError) {
        this(datapathId, node, address, version, flows, groups, meters, flowModsSent, stateModsSent, reconciliations,
                packetIns, lastError, "EQUAL");
    }
}
