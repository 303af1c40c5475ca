package io.tenet.controller.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An external contracts group, Contiv's {@code extContractsGroup}: contracts that already exist on a Cisco APIC
 * (named by their DNs, {@code uni/tn-<tenant>/brc-<contract>}), which the endpoint groups naming it in
 * {@code extContractsGrps} provide or consume there (docs/aci.md).
 */
public record ExtContractsGroup(ScopedKey key, Type contractsType, List<String> contracts) {
    /** The most contracts a group holds. */
    public static final int MAX_CONTRACTS = 64;
    /** A contract's DN on the APIC: its tenant, then the contract, each a name the APIC accepts. */
    private static final Pattern CONTRACT_DN = Pattern.compile("uni/tn-[A-Za-z0-9_.:-]{1,64}/brc-[A-Za-z0-9_.:-]{1,64}");

    /** Whether the endpoint groups provide the contracts or consume them. */
    public enum Type {
        PROVIDED, CONSUMED
    }

    public ExtContractsGroup {
        Objects.requireNonNull(key, "key");
        if (contractsType == null) {
            throw new ValidationException("contractsType", "contractsType must be \"provided\" or \"consumed\"");
        }
        contracts = List.copyOf(contracts);
        if (contracts.isEmpty() || contracts.size() > MAX_CONTRACTS) {
            throw new ValidationException("contracts", "contracts must name 1-" + MAX_CONTRACTS + " contracts, not "
                    + contracts.size());
        }
        for (String dn : contracts) {
            if (!CONTRACT_DN.matcher(dn).matches()) {
                throw new ValidationException("contracts", "'" + dn + "' is not a contract's DN"
                        + " (uni/tn-<tenant>/brc-<contract>)");
            }
        }
        if (new HashSet<>(contracts).size() != contracts.size()) {
            throw new ValidationException("contracts", "contracts names a contract twice");
        }
    }
}
