package io.tenet.bgp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.bgp.api.Prefix;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NOTIFICATION code and subcode for each kind of bad message (RFC 4271 6, RFC 7606). */
class BgpCodecErrorsTest {
    private static final BgpCodec CODEC = new BgpCodec(true);

    /** A message of {@code type} with this body in hex. */
    private static byte[] message(int type, String bodyHex) {
        byte[] body = HexFormat.of().parseHex(bodyHex.replace(" ", ""));
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xff);
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    private static void fails(byte[] m, int code, int subcode) {
        BgpError e = assertThrows(BgpError.class, () -> CODEC.decode(m));
        assertEquals(code + "/" + subcode, e.code() + "/" + e.subcode(), e.getMessage());
    }

    @Test
    void headerErrors() {
        byte[] keepalive = message(4, "");
        byte[] badMarker = keepalive.clone();
        badMarker[3] = 0;
        fails(badMarker, 1, 1);
        fails(message(4, "00"), 1, 2); // a KEEPALIVE is exactly 19 bytes
        fails(message(9, ""), 1, 3);
        byte[] tooLong = keepalive.clone();
        tooLong[16] = 0x20;
        fails(tooLong, 1, 2);
    }

    @Test
    void openErrors() {
        fails(message(1, "03 fde8 005a 0a000001 00"), 2, 1); // version 3
        fails(message(1, "04 fde8 0001 0a000001 00"), 2, 6); // hold time 1
        fails(message(1, "04 fde8 005a 00000000 00"), 2, 3); // identifier 0
        fails(message(1, "04 fde8 005a 0a000001 04 0102 0000"), 2, 4); // parameter type 1 (authentication)
        BgpMessage.Open o = (BgpMessage.Open) assertDoesNotThrow(message(1,
                "04 5ba0 0009 0a000001 10 020e 0104 00010001 0200 4104 00030d40"));
        assertEquals(200000, o.as(), "the 4-octet AS wins over AS_TRANS");
        assertTrue(o.capabilities().routeRefresh());
        assertEquals(List.of(Capabilities.IPV4_UNICAST), o.capabilities().multiprotocol());
    }

    private static BgpMessage assertDoesNotThrow(byte[] m) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> CODEC.decode(m));
    }

    /** The attributes ORIGIN IGP, AS_PATH [65002], NEXT_HOP 10.0.0.2, as hex. */
    private static final String GOOD_ATTRS = "400101 00 400206 0201 0000fdea 400304 0a000002";

    @Test
    void anAttributeLengthOverrunningTheListResetsTheSession() {
        // total attribute length 4 but the attribute says 9 bytes
        fails(message(2, "0000 0004 400109 00"), 3, 1);
        // withdrawn length beyond the message
        fails(message(2, "00ff 0000"), 3, 1);
    }

    @Test
    void aBadNlriResetsTheSession() {
        String attrs = GOOD_ATTRS.replace(" ", "");
        fails(message(2, "0000 " + String.format("%04x", attrs.length() / 2) + attrs + " 21 0a000001 00"), 3, 10);
        fails(message(2, "0000 " + String.format("%04x", attrs.length() / 2) + attrs + " 18 0a00"), 3, 10);
    }

    @Test
    void anUnknownWellKnownAttributeIsAnError() {
        fails(message(2, "0000 0003 406300"), 3, 2);
    }

    @Test
    void attributeErrorsAreTreatedAsWithdraw() {
        String badOrigin = "400101 07 400206 0201 0000fdea 400304 0a000002";
        String missingNextHop = "400101 00 400206 0201 0000fdea";
        String badPath = "400101 00 400206 0205 0000fdea 400304 0a000002";
        for (String attrs : List.of(badOrigin, missingNextHop, badPath)) {
            String a = attrs.replace(" ", "");
            BgpMessage.Update u = (BgpMessage.Update) assertDoesNotThrow(message(2, "0000 "
                    + String.format("%04x", a.length() / 2) + a + " 18 0a0001"));
            assertEquals(List.of(Prefix.parse("10.0.1.0/24")), u.withdrawn(), attrs);
            assertTrue(u.nlri().isEmpty());
            assertNull(u.attributes());
            assertTrue(u.attributeError() != null);
        }
    }

    @Test
    void aGoodUpdateDecodes() {
        String a = GOOD_ATTRS.replace(" ", "");
        BgpMessage.Update u = (BgpMessage.Update) assertDoesNotThrow(message(2, "0000 "
                + String.format("%04x", a.length() / 2) + a + " 18 0a0001 20 0a000203"));
        assertEquals(List.of(Prefix.parse("10.0.1.0/24"), Prefix.parse("10.0.2.3/32")), u.nlri());
        assertEquals(List.of(65002L), u.attributes().asPath().get(0).asns());
        assertEquals("10.0.0.2", io.tenet.bgp.api.Ipv4.format(u.attributes().nextHop()));
        assertNull(u.attributeError());
    }
}
