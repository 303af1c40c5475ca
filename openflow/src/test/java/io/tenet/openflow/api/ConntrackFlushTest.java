package io.tenet.openflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.IPv4Address;

class ConntrackFlushTest {
    /**
     * What {@code ovs-ofctl -O OpenFlow14 ct-flush} (OVS 3.1.0) wrote for zone 5 and the reply tuple
     * {@code ct_nw_src=10.1.0.5,ct_tp_src=8080,ct_nw_proto=17}, captured from the wire, with the original-direction
     * tuple it requires on its command line left out (it is a property of its own, before the reply's).
     */
    private static final String OVS_OFCTL = "05040048" + "00000009" + "00002320" + "00000020"
            + "1100000000000000" + "0001002800000000" + "0000001400000000000000000000ffff0a01000500000000"
            + "000200081f900000" + "0002000800050000";

    @Test
    void encodesAsOvsOfctlDoes() {
        ExperimenterMessage m = new ConntrackFlush(5, 17, IPv4Address.of("10.1.0.5"), 8080).message(OFVersion.OF_14);
        ByteBuf out = Unpooled.buffer();
        m.createBuilder().setXid(9).build().writeTo(out);
        assertEquals(OVS_OFCTL, HexFormat.of().formatHex(ByteBufUtil.getBytes(out)));
    }

    /**
     * The original direction's destination and port as ovs-ofctl wrote them (in a tuple that also had a source
     * and a source port), before the reply's tuple and the zone.
     */
    @Test
    void filtersOnTheOriginalDestinationAsOvsOfctlWritesIt() {
        byte[] body = new ConntrackFlush(5, 17, IPv4Address.of("10.1.0.9"), 2, IPv4Address.of("10.1.0.5"), 8080)
                .body();
        assertEquals("1100000000000000" + "0000002800000000" + "0001001400000000000000000000ffff0a01000900000000"
                + "0003000800020000" + OVS_OFCTL.substring(48), HexFormat.of().formatHex(body));
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new ConntrackFlush(0x10000, 17, IPv4Address.of(1), 1));
        assertThrows(IllegalArgumentException.class, () -> new ConntrackFlush(1, 17, IPv4Address.of(1), 70000));
    }
}
