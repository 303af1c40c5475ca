package io.tenet.controller.api;

/** Read access to the model. */
public interface ModelService {
    ModelSnapshot snapshot();

    /** Address usage of a network, or null when it does not exist. */
    AddressUsage addressUsage(NetworkKey network);

    void addListener(ModelListener listener);

    void removeListener(ModelListener listener);
}
