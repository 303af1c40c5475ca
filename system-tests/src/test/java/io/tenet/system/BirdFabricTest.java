package io.tenet.system;

import io.tenet.testbed.BgpPeer;
import io.tenet.testbed.BirdPeer;
import io.tenet.testbed.Testbed;
import java.util.Map;

/** The pure layer-3 fabric against BIRD 2 (Debian's bird2). */
class BirdFabricTest extends AbstractBgpFabricTest {
    @Override
    BgpPeer peer(Testbed tb, String ns, Map<String, Long> hosts, String prefix) {
        return new BirdPeer(tb, ns, hosts, prefix);
    }
}
