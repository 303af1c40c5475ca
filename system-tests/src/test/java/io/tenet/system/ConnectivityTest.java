package io.tenet.system;

import io.tenet.testbed.Testbed;

/** The end-to-end connectivity scenario with the standalone controller (bin/tenet-controller). */
class ConnectivityTest extends AbstractConnectivityTest {
    @Override
    Testbed.Backend backend() {
        return Testbed.Backend.STANDALONE;
    }
}
