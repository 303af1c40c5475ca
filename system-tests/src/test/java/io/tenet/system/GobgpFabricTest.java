package io.tenet.system;

import io.tenet.testbed.BgpPeer;
import io.tenet.testbed.GobgpPeer;
import io.tenet.testbed.Testbed;
import java.util.Map;

/** The pure layer-3 fabric against GoBGP (Debian's gobgpd). */
class GobgpFabricTest extends AbstractBgpFabricTest {
    @Override
    BgpPeer peer(Testbed tb, String ns, Map<String, Long> hosts, String prefix) {
        return new GobgpPeer(tb, ns, hosts, prefix);
    }
}
