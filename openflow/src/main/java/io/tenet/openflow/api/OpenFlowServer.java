package io.tenet.openflow.api;

import java.net.InetSocketAddress;

/**
 * A bound OpenFlow server: it accepts switches on its address and tracks the connected ones. Closing it
 * disconnects every switch and releases the port and its threads. Obtain one from
 * {@link io.tenet.openflow.OpenFlow#listen}.
 */
public interface OpenFlowServer extends OpenFlowController, AutoCloseable {
    InetSocketAddress localAddress();

    @Override
    void close();
}
