package io.tenet.openflow;

import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.impl.NettyOpenFlowServer;

/**
 * The entry point of the OpenFlow bundle: binds a server. It is the only exported class that knows the
 * implementation, so the {@code api} package stays free of it.
 */
public final class OpenFlow {
    private OpenFlow() {
    }

    /**
     * Binds a server with these settings and starts accepting switches.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (port in use, address absent)
     */
    public static OpenFlowServer listen(ChannelSettings settings) throws InterruptedException {
        NettyOpenFlowServer server = new NettyOpenFlowServer(settings);
        server.start();
        return server;
    }
}
