package io.tenet.controller.collections;

import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.Bgp;
import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ExtContractsGroup;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetProfile;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.Policy;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.ServiceLB;
import io.tenet.controller.api.Tenant;

/**
 * The descriptors of Tenet's own collections, one constant each; {@link BuiltInSchema} puts them in order with
 * their indexes. Each descriptor is a class of this package that holds everything about its collection: rules,
 * references, JSON, views, shell columns.
 */
public final class ModelCollections {
    public static final ModelCollection<String, Global, Global> GLOBALS = new Globals();
    public static final ModelCollection<String, Tenant, Tenant> TENANTS = new Tenants();
    public static final ModelCollection<NetworkKey, Network, NetworkSpec> NETWORKS = new Networks();
    public static final ModelCollection<String, Node, Node> NODES = new Nodes();
    public static final ModelCollection<ScopedKey, Policy, Policy> POLICIES = new Policies();
    public static final ModelCollection<ScopedKey, NetProfile, NetProfile> NETPROFILES = new NetProfiles();
    public static final ModelCollection<String, AciGw, AciGw> ACI_GWS = new AciGws();
    public static final ModelCollection<ScopedKey, ExtContractsGroup, ExtContractsGroup> EXT_CONTRACTS_GROUPS =
            new ExtContractsGroups();
    public static final ModelCollection<ScopedKey, EndpointGroup, EndpointGroup> GROUPS = new EndpointGroups();
    public static final ModelCollection<String, Endpoint, EndpointRequest> ENDPOINTS = new Endpoints();
    public static final ModelCollection<Rule.RuleKey, Rule, Rule> RULES = new Rules();
    public static final ModelCollection<ScopedKey, AppProfile, AppProfile> APP_PROFILES = new AppProfiles();
    public static final ModelCollection<ScopedKey, ServiceLB, ServiceLB> SERVICES = new ServiceLBs();
    public static final ModelCollection<String, Bgp, Bgp> BGPS = new Bgps();
    public static final ModelCollection<String, BgpReport, BgpReport> BGP_REPORTS = new BgpReports();

    private ModelCollections() {
    }
}
