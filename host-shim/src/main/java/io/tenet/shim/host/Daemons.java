package io.tenet.shim.host;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive, named for what they do (thread dumps and logs show the name). */
public final class Daemons {
    private Daemons() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
