package io.tenet.controller.api;

/** Read access to the model. */
public interface ModelService {
    ModelSnapshot snapshot();

    void addListener(ModelListener listener);

    void removeListener(ModelListener listener);
}
