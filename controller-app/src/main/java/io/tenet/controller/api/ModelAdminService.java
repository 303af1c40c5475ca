package io.tenet.controller.api;

/**
 * Changes to the model. Every method validates, persists and publishes atomically: it either changes the model
 * and returns, or throws {@link ValidationException} and changes nothing.
 */
public interface ModelAdminService extends ModelService {
    /** Creates or updates a tenant. */
    Tenant putTenant(Tenant tenant);

    /** Deletes a tenant; refused while it has networks. Returns false when it did not exist. */
    boolean deleteTenant(String name);

    /** Creates or updates a network; an update may not change subnet, gateway, encap or tag while it has endpoints. */
    Network putNetwork(NetworkSpec spec);

    /** Deletes a network; refused while it has endpoints. */
    boolean deleteNetwork(NetworkKey key);

    /** Creates an endpoint with the lowest free address; repeated for the same id and network, returns the same one. */
    Endpoint createEndpoint(EndpointRequest request);

    /** Deletes an endpoint and frees its address; false when it did not exist. */
    boolean deleteEndpoint(String id);

    Node putNode(Node node);

    boolean deleteNode(String name);

    /** Creates or updates an endpoint group; its id is allocated on creation and kept on update. */
    EndpointGroup putGroup(EndpointGroup group);

    /** Deletes a group; refused while it has endpoints or rules or application profiles name it. */
    boolean deleteGroup(ScopedKey key);

    Policy putPolicy(Policy policy);

    /** Deletes a policy and its rules; refused while a group carries it. */
    boolean deletePolicy(ScopedKey key);

    /** Creates or updates a rule of an existing policy; the groups and networks it names must exist. */
    Rule putRule(Rule rule);

    boolean deleteRule(Rule.RuleKey key);

    AppProfile putAppProfile(AppProfile profile);

    boolean deleteAppProfile(ScopedKey key);
}
