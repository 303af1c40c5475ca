package io.tenet.openflow.api;

import io.tenet.openflow.impl.OpenFlowServer;
import java.net.InetSocketAddress;

/** A bound OpenFlow listener; closing it disconnects every switch and releases the port and threads. */
public interface OpenFlowListener extends OpenFlowController, AutoCloseable {
    InetSocketAddress localAddress();

    @Override
    void close();

    /**
     * Binds a listener with these settings.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (port in use, address absent)
     */
    static OpenFlowListener start(ChannelSettings settings) throws InterruptedException {
        OpenFlowServer server = new OpenFlowServer(settings);
        server.start();
        return server;
    }
}
