package io.tenet.controller.api;

import java.util.Map;

/**
 * Packet and byte counts read from the switches' flow statistics, summed over every switch and attributed to
 * the model objects whose cookies the flows carry (docs/metrics.md). Counts restart when a flow is replaced, and a
 * switch's when it reconnects.
 *
 * @param groupOut   what members of each group ({@code tenant:group}) sent, counted where it entered the pipeline
 * @param groupIn    what was delivered to members of each group
 * @param groupDenied what a group's default deny dropped, by group
 * @param rules      packets matched by each rule's flow on each group ({@code tenant:policy:id on tenant:group}):
 *                   the first packets of connections (later ones pass as established before policy), allowed or
 *                   denied as the rule says
 * @param services   new connections balanced by each service ({@code tenant:service})
 */
public record Traffic(Map<String, Counts> groupOut, Map<String, Counts> groupIn, Map<String, Counts> groupDenied,
        Map<String, Counts> rules, Map<String, Counts> services) {
    public static final Traffic NONE = new Traffic(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public Traffic {
        groupOut = Map.copyOf(groupOut);
        groupIn = Map.copyOf(groupIn);
        groupDenied = Map.copyOf(groupDenied);
        rules = Map.copyOf(rules);
        services = Map.copyOf(services);
    }

    /** Packets and bytes. */
    public record Counts(long packets, long bytes) {
        public Counts plus(long p, long b) {
            return new Counts(packets + p, bytes + b);
        }
    }
}
