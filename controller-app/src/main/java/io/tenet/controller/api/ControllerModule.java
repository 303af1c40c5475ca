package io.tenet.controller.api;

/**
 * One part of a running controller (the store, the model, the OpenFlow server, the reconciler; later the BGP
 * speaker, the ACI bridge, the console). The controller starts its modules in order, each using what the earlier
 * ones {@link ControllerContext#provide provided}, and closes them in reverse order; a module that fails to start
 * makes the controller close the ones already started and fail. The standalone controller also starts every
 * module found through {@link java.util.ServiceLoader} after its own, so a module in its own jar plugs in without
 * an edit to the controller; under OSGi such a module is a component of its bundle instead.
 */
public interface ControllerModule extends AutoCloseable {
    /** For logs and errors. */
    String name();

    /** Starts, with the services of the modules started before; registers its own in {@code context}. */
    void start(ControllerContext context) throws Exception;

    /** Stops and releases everything it started; never throws. */
    @Override
    void close();
}
