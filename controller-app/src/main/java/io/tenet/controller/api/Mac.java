package io.tenet.controller.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;

/** A 48-bit Ethernet address. */
public record Mac(long bits) {
    public Mac {
        if ((bits & ~0xffffffffffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(bits));
        }
    }

    @JsonCreator
    public static Mac parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): '" + text + "'");
        }
        long bits = 0;
        for (String p : parts) {
            if (p.length() != 2 || !HexFormat.isHexDigit(p.charAt(0)) || !HexFormat.isHexDigit(p.charAt(1))) {
                throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): '" + text + "'");
            }
            bits = bits << 8 | Integer.parseInt(p, 16);
        }
        return new Mac(bits);
    }

    /** The locally administered address Tenet gives an endpoint: 02:02 followed by its IPv4 address. */
    public static Mac forEndpoint(Ipv4 ip) {
        return new Mac(0x020200000000L | ip.unsigned());
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(HexFormat.of().toHexDigits((byte) (bits >>> shift)));
        }
        return b.toString();
    }
}
