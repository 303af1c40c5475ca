package io.tenet.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports for the testbed's processes (controller API and OpenFlow, Karaf). */
public final class Ports {
    private Ports() {
    }

    /** A TCP port no process listens on now (the kernel's choice). */
    public static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
