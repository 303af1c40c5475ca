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
}
