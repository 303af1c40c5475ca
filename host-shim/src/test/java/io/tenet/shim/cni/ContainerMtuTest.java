package io.tenet.shim.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The container MTU: the underlay's less the encapsulation's overhead, capped by the network and the netconf. */
class ContainerMtuTest {
    @Test
    void vxlanTakesFiftyBytesAndVlanNone() {
        assertEquals(8950, CniPlugin.containerMtu(9000, "vxlan", 0, 0));
        assertEquals(1450, CniPlugin.containerMtu(1500, "vxlan", 0, 0));
        assertEquals(1500, CniPlugin.containerMtu(1500, "vlan", 0, 0));
    }

    @Test
    void theNetworkAndTheNetconfOnlyLowerIt() {
        assertEquals(1400, CniPlugin.containerMtu(9000, "vxlan", 1400, 0));
        assertEquals(1300, CniPlugin.containerMtu(9000, "vxlan", 1400, 1300));
        assertEquals(1450, CniPlugin.containerMtu(1500, "vxlan", 9000, 9000), "a cap above the derived MTU is moot");
    }

    @Test
    void anUnknownUnderlayFallsBackToTheDefault() {
        assertEquals(CniRequest.DEFAULT_MTU, CniPlugin.containerMtu(0, "vxlan", 0, 0));
        assertEquals(1400, CniPlugin.containerMtu(0, "vlan", 1400, 0));
    }
}
