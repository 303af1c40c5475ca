package io.tenet.system;

import io.tenet.testbed.Testbed;

/** The same end-to-end scenario with the controller running inside the Tenet Karaf distribution. */
class KarafConnectivityTest extends AbstractConnectivityTest {
    @Override
    Testbed.Backend backend() {
        return Testbed.Backend.KARAF;
    }
}
