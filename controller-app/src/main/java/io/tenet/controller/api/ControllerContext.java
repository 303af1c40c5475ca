package io.tenet.controller.api;

import java.util.Optional;

/** The services the modules of a controller offer each other, by type. */
public interface ControllerContext {
    /** The service of this type an earlier module provided; fails naming the type when there is none. */
    <T> T require(Class<T> type);

    <T> Optional<T> find(Class<T> type);

    /** Offers {@code service} to the modules started after this one. */
    <T> void provide(Class<T> type, T service);
}
