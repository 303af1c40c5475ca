package io.tenet.controller.collections;

import static io.tenet.controller.collections.ModelCollections.ACI_GWS;
import static io.tenet.controller.collections.ModelCollections.APP_PROFILES;
import static io.tenet.controller.collections.ModelCollections.BGPS;
import static io.tenet.controller.collections.ModelCollections.BGP_REPORTS;
import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.EXT_CONTRACTS_GROUPS;
import static io.tenet.controller.collections.ModelCollections.GLOBALS;
import static io.tenet.controller.collections.ModelCollections.GROUPS;
import static io.tenet.controller.collections.ModelCollections.NETPROFILES;
import static io.tenet.controller.collections.ModelCollections.NETWORKS;
import static io.tenet.controller.collections.ModelCollections.NODES;
import static io.tenet.controller.collections.ModelCollections.POLICIES;
import static io.tenet.controller.collections.ModelCollections.RULES;
import static io.tenet.controller.collections.ModelCollections.SERVICES;
import static io.tenet.controller.collections.ModelCollections.TENANTS;

import io.tenet.controller.api.ModelSchema;
import java.util.List;

/**
 * Tenet's model: the built-in collections in dependency order (each after the collections it references) and
 * their indexes. A new collection is added here, after what it references.
 */
public final class BuiltInSchema {
    public static final ModelSchema SCHEMA = ModelSchema.of(
            List.of(GLOBALS, TENANTS, NETWORKS, NODES, POLICIES, NETPROFILES, EXT_CONTRACTS_GROUPS, GROUPS, ENDPOINTS, RULES, APP_PROFILES,
                    SERVICES, BGPS, BGP_REPORTS, ACI_GWS), ModelIndexes.ALL);

    private BuiltInSchema() {
    }
}
