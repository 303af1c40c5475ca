package io.tenet.bgp.wire;

import static io.tenet.bgp.wire.BgpCodec.EXTENDED;
import static io.tenet.bgp.wire.BgpCodec.HEADER;
import static io.tenet.bgp.wire.BgpCodec.OPTIONAL;
import static io.tenet.bgp.wire.BgpCodec.TRANSITIVE;

import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.wire.BgpMessage.Notification;
import io.tenet.bgp.wire.BgpMessage.Open;
import io.tenet.bgp.wire.BgpMessage.RouteRefresh;
import io.tenet.bgp.wire.BgpMessage.Update;
import io.tenet.bgp.wire.PathAttributes.AsSegment;
import java.io.ByteArrayOutputStream;

/** Writes messages for {@link BgpCodec}: AS_PATH in 4-octet numbers, or 2-octet ones with AS4_PATH. */
final class Encoder {
    private final boolean fourOctetAs;

    Encoder(boolean fourOctetAs) {
        this.fourOctetAs = fourOctetAs;
    }

    byte[] encode(BgpMessage message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64);
        if (message instanceof Open o) {
            body.write(o.version());
            u16(body, o.myAs());
            u16(body, o.holdTime());
            u32(body, o.bgpId());
            ByteArrayOutputStream caps = new ByteArrayOutputStream();
            Capabilities c = o.capabilities();
            for (int afiSafi : c.multiprotocol()) {
                caps.write(Capabilities.MULTIPROTOCOL);
                caps.write(4);
                u16(caps, afiSafi >>> 16);
                caps.write(0);
                caps.write(afiSafi & 0xff);
            }
            if (c.routeRefresh()) {
                caps.write(Capabilities.ROUTE_REFRESH);
                caps.write(0);
            }
            if (c.fourOctetAs() >= 0) {
                caps.write(Capabilities.FOUR_OCTET_AS);
                caps.write(4);
                u32(caps, (int) c.fourOctetAs());
            }
            for (int other : c.others()) {
                caps.write(other);
                caps.write(0);
            }
            byte[] cb = caps.toByteArray();
            if (cb.length == 0) {
                body.write(0);
            } else {
                body.write(cb.length + 2);
                body.write(2);
                body.write(cb.length);
                body.writeBytes(cb);
            }
        } else if (message instanceof Update u) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            u.withdrawn().forEach(p -> prefix(w, p));
            u16(body, w.size());
            body.writeBytes(w.toByteArray());
            byte[] attrs = u.attributes() == null ? new byte[0] : attributes(u.attributes());
            u16(body, attrs.length);
            body.writeBytes(attrs);
            u.nlri().forEach(p -> prefix(body, p));
        } else if (message instanceof Notification n) {
            body.write(n.code());
            body.write(n.subcode());
            body.writeBytes(n.data());
        } else if (message instanceof RouteRefresh rr) {
            u16(body, rr.afi());
            body.write(0);
            body.write(rr.safi());
        }
        byte[] b = body.toByteArray();
        byte[] out = new byte[HEADER + b.length];
        java.util.Arrays.fill(out, 0, 16, (byte) 0xff);
        out[16] = (byte) (out.length >> 8);
        out[17] = (byte) out.length;
        out[18] = (byte) message.type();
        System.arraycopy(b, 0, out, HEADER, b.length);
        return out;
    }

    private byte[] attributes(PathAttributes pa) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        attribute(out, TRANSITIVE, PathAttributes.ORIGIN, new byte[] {(byte) pa.origin()});
        boolean needsAs4 = false;
        ByteArrayOutputStream path = new ByteArrayOutputStream();
        for (AsSegment s : pa.asPath()) {
            path.write(s.type());
            path.write(s.asns().size());
            for (long as : s.asns()) {
                if (fourOctetAs) {
                    u32(path, (int) as);
                } else {
                    needsAs4 |= as > 0xffff;
                    u16(path, as > 0xffff ? Open.AS_TRANS : (int) as);
                }
            }
        }
        attribute(out, TRANSITIVE, PathAttributes.AS_PATH, path.toByteArray());
        ByteArrayOutputStream nh = new ByteArrayOutputStream();
        u32(nh, pa.nextHop());
        attribute(out, TRANSITIVE, PathAttributes.NEXT_HOP, nh.toByteArray());
        if (pa.med() >= 0) {
            ByteArrayOutputStream med = new ByteArrayOutputStream();
            u32(med, (int) pa.med());
            attribute(out, OPTIONAL, PathAttributes.MULTI_EXIT_DISC, med.toByteArray());
        }
        if (pa.localPref() >= 0) {
            ByteArrayOutputStream lp = new ByteArrayOutputStream();
            u32(lp, (int) pa.localPref());
            attribute(out, TRANSITIVE, PathAttributes.LOCAL_PREF, lp.toByteArray());
        }
        if (pa.atomicAggregate()) {
            attribute(out, TRANSITIVE, PathAttributes.ATOMIC_AGGREGATE, new byte[0]);
        }
        if (needsAs4) {
            ByteArrayOutputStream p4 = new ByteArrayOutputStream();
            for (AsSegment s : pa.asPath()) {
                p4.write(s.type());
                p4.write(s.asns().size());
                s.asns().forEach(as -> u32(p4, (int) (long) as));
            }
            attribute(out, OPTIONAL | TRANSITIVE, PathAttributes.AS4_PATH, p4.toByteArray());
        }
        return out.toByteArray();
    }

    private static void attribute(ByteArrayOutputStream out, int flags, int code, byte[] value) {
        boolean extended = value.length > 255;
        out.write(flags | (extended ? EXTENDED : 0));
        out.write(code);
        if (extended) {
            u16(out, value.length);
        } else {
            out.write(value.length);
        }
        out.writeBytes(value);
    }

    private static void prefix(ByteArrayOutputStream out, Prefix p) {
        out.write(p.length());
        int bytes = (p.length() + 7) / 8;
        for (int i = 0; i < bytes; i++) {
            out.write(p.address() >>> (24 - 8 * i) & 0xff);
        }
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24 & 0xff);
        out.write(v >>> 16 & 0xff);
        out.write(v >>> 8 & 0xff);
        out.write(v & 0xff);
    }
}
