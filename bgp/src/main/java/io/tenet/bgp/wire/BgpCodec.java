package io.tenet.bgp.wire;

import io.tenet.bgp.api.Prefix;
import io.tenet.bgp.wire.BgpMessage.Keepalive;
import io.tenet.bgp.wire.BgpMessage.Notification;
import io.tenet.bgp.wire.BgpMessage.Open;
import io.tenet.bgp.wire.BgpMessage.RouteRefresh;
import io.tenet.bgp.wire.BgpMessage.Update;
import io.tenet.bgp.wire.PathAttributes.AsSegment;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes whole BGP messages, header included. Decoding checks every length against what holds it and
 * reports a problem only as a {@link BgpError} with RFC 4271's code and subcode; an attribute error that RFC 7606
 * handles by treat-as-withdraw yields an {@link Update} whose NLRI are withdrawn instead. One codec per session:
 * {@code fourOctetAs} says whether both sides offered 4-octet AS numbers (RFC 6793), which changes AS_PATH.
 */
public final class BgpCodec {
    public static final int HEADER = 19;
    public static final int MAX_MESSAGE = 4096;
    static final int OPTIONAL = 0x80;
    static final int TRANSITIVE = 0x40;
    static final int EXTENDED = 0x10;

    private final boolean fourOctetAs;
    private final Encoder encoder;

    public BgpCodec(boolean fourOctetAs) {
        this.fourOctetAs = fourOctetAs;
        this.encoder = new Encoder(fourOctetAs);
    }

    public boolean fourOctetAs() {
        return fourOctetAs;
    }

    /**
     * The length of the message at {@code from} in {@code buf} once its header is complete, -1 before. Checks the
     * marker and the length field.
     */
    public static int frameLength(byte[] buf, int from, int available) throws BgpError {
        if (available < HEADER) {
            return -1;
        }
        for (int i = 0; i < 16; i++) {
            if (buf[from + i] != (byte) 0xff) {
                throw new BgpError(BgpError.HEADER, BgpError.CONNECTION_NOT_SYNCHRONIZED, "the marker is not all ones");
            }
        }
        int length = (buf[from + 16] & 0xff) << 8 | buf[from + 17] & 0xff;
        int type = buf[from + 18] & 0xff;
        int min = switch (type) {
            case BgpMessage.OPEN -> 29;
            case BgpMessage.UPDATE -> 23;
            case BgpMessage.NOTIFICATION -> 21;
            case BgpMessage.KEEPALIVE -> HEADER;
            case BgpMessage.ROUTE_REFRESH -> 23;
            default -> throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) type},
                    "type " + type);
        };
        boolean fixed = type == BgpMessage.KEEPALIVE || type == BgpMessage.ROUTE_REFRESH;
        if (length < min || length > MAX_MESSAGE || fixed && length != min) {
            throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >> 8), (byte) length}, "length " + length + " for type " + type);
        }
        return length;
    }

    /** Decodes one whole message (header included). */
    public BgpMessage decode(byte[] message) throws BgpError {
        int length = frameLength(message, 0, message.length);
        if (length < 0 || length != message.length) {
            throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, "the length field says " + length
                    + ", the message has " + message.length + " bytes");
        }
        int type = message[18] & 0xff;
        return switch (type) {
            case BgpMessage.OPEN -> decodeOpen(new Reader(message, HEADER, length, BgpError.OPEN,
                    BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "the OPEN"));
            case BgpMessage.UPDATE -> decodeUpdate(message, length);
            case BgpMessage.NOTIFICATION -> {
                Reader r = new Reader(message, HEADER, length, BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH,
                        "the NOTIFICATION");
                yield new Notification(r.u8(), r.u8(), r.bytes(r.remaining()));
            }
            case BgpMessage.KEEPALIVE -> new Keepalive();
            default -> {
                Reader r = new Reader(message, HEADER, length, BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH,
                        "the ROUTE-REFRESH");
                int afi = r.u16();
                r.u8();
                yield new RouteRefresh(afi, r.u8());
            }
        };
    }

    private static Open decodeOpen(Reader r) throws BgpError {
        int version = r.u8();
        if (version != 4) {
            throw new BgpError(BgpError.OPEN, BgpError.UNSUPPORTED_VERSION, new byte[] {0, 4}, "version " + version);
        }
        int myAs = r.u16();
        int hold = r.u16();
        if (hold == 1 || hold == 2) {
            throw new BgpError(BgpError.OPEN, BgpError.UNACCEPTABLE_HOLD_TIME, "hold time " + hold + " s");
        }
        int id = r.s32();
        if (id == 0 || (id >>> 28) >= 0xe) {
            throw new BgpError(BgpError.OPEN, BgpError.BAD_BGP_IDENTIFIER, "identifier "
                    + io.tenet.bgp.api.Ipv4.format(id));
        }
        int paramsLength = r.u8();
        if (paramsLength != r.remaining()) {
            throw new BgpError(BgpError.HEADER, BgpError.BAD_MESSAGE_LENGTH, "optional parameters length "
                    + paramsLength + " with " + r.remaining() + " bytes left");
        }
        List<Integer> mp = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        boolean refresh = false;
        long as4 = -1;
        while (r.remaining() > 0) {
            int paramType = r.u8();
            Reader p = r.slice(r.u8(), BgpError.OPEN, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "an optional parameter");
            if (paramType != 2) {
                throw new BgpError(BgpError.OPEN, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "parameter type " + paramType);
            }
            while (p.remaining() > 0) {
                int code = p.u8();
                Reader c = p.slice(p.u8(), BgpError.OPEN, BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "capability " + code);
                if (code == Capabilities.MULTIPROTOCOL && c.remaining() == 4) {
                    int afi = c.u16();
                    c.u8();
                    mp.add(afi << 16 | c.u8());
                } else if (code == Capabilities.ROUTE_REFRESH && c.remaining() == 0) {
                    refresh = true;
                } else if (code == Capabilities.FOUR_OCTET_AS && c.remaining() == 4) {
                    as4 = c.u32();
                } else {
                    others.add(code);
                }
            }
        }
        return new Open(version, myAs, hold, id, new Capabilities(mp, refresh, as4, others));
    }

    private Update decodeUpdate(byte[] m, int length) throws BgpError {
        Reader r = new Reader(m, HEADER, length, BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, "the UPDATE");
        int withdrawnLength = r.u16();
        Reader w = r.slice(withdrawnLength, BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, "withdrawn routes");
        List<Prefix> withdrawn = prefixes(w, BgpError.MALFORMED_ATTRIBUTE_LIST);
        int attributesLength = r.u16();
        Reader a = r.slice(attributesLength, BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, "path attributes");
        List<Prefix> nlri = new ArrayList<>(prefixes(r, BgpError.INVALID_NETWORK_FIELD));

        Attrs attrs = new Attrs();
        boolean[] seen = new boolean[256];
        while (a.remaining() > 0) {
            int flags = a.u8();
            int code = a.u8();
            int len = (flags & EXTENDED) != 0 ? a.u16() : a.u8();
            Reader v = a.slice(len, BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, "attribute " + code);
            if (seen[code]) {
                if (code == PathAttributes.MP_REACH_NLRI || code == PathAttributes.MP_UNREACH_NLRI) {
                    throw new BgpError(BgpError.UPDATE, BgpError.MALFORMED_ATTRIBUTE_LIST, "attribute " + code
                            + " twice");
                }
                continue; // RFC 7606 3(g): all but the first are discarded
            }
            seen[code] = true;
            attribute(flags, code, v, attrs, nlri, withdrawn);
        }
        if (attrs.as4Path != null && !fourOctetAs && attrs.asPath != null) {
            attrs.asPath = merge(attrs.asPath, attrs.as4Path);
        }
        boolean reach = !nlri.isEmpty();
        if (reach && attrs.error == null) {
            if (attrs.origin < 0) {
                attrs.error = "ORIGIN missing";
            } else if (attrs.asPath == null) {
                attrs.error = "AS_PATH missing";
            } else if (attrs.nextHop == 0) {
                attrs.error = "NEXT_HOP missing";
            }
        }
        if (attrs.error != null) {
            List<Prefix> all = new ArrayList<>(withdrawn);
            all.addAll(nlri);
            return new Update(all, null, List.of(), attrs.error);
        }
        PathAttributes pa = attrs.origin < 0 && attrs.asPath == null && attrs.nextHop == 0 ? null
                : new PathAttributes(Math.max(attrs.origin, 0), attrs.asPath == null ? List.of() : attrs.asPath,
                        attrs.nextHop, attrs.med, attrs.localPref, attrs.atomic);
        return new Update(withdrawn, pa, nlri);
    }

    /** What the attributes of one UPDATE said, as they are read. */
    private static final class Attrs {
        int origin = -1;
        List<AsSegment> asPath;
        List<AsSegment> as4Path;
        int nextHop;
        long med = -1;
        long localPref = -1;
        boolean atomic;
        String error;

        void treatAsWithdraw(String why) {
            if (error == null) {
                error = why;
            }
        }
    }

    private void attribute(int flags, int code, Reader v, Attrs out, List<Prefix> nlri, List<Prefix> withdrawn)
            throws BgpError {
        boolean wellKnown = code >= PathAttributes.ORIGIN && code <= PathAttributes.ATOMIC_AGGREGATE
                && code != PathAttributes.MULTI_EXIT_DISC;
        boolean optionalBit = (flags & OPTIONAL) != 0;
        if (wellKnown && (optionalBit || (flags & TRANSITIVE) == 0)
                || code == PathAttributes.MULTI_EXIT_DISC && !optionalBit) {
            out.treatAsWithdraw("attribute " + code + " has flags 0x" + Integer.toHexString(flags));
            return;
        }
        switch (code) {
            case PathAttributes.ORIGIN -> {
                if (v.remaining() != 1) {
                    out.treatAsWithdraw("ORIGIN of " + v.remaining() + " bytes");
                    return;
                }
                int o = v.u8();
                if (o > 2) {
                    out.treatAsWithdraw("ORIGIN " + o);
                } else {
                    out.origin = o;
                }
            }
            case PathAttributes.AS_PATH -> {
                List<AsSegment> p = asPath(v, fourOctetAs ? 4 : 2);
                if (p == null) {
                    out.treatAsWithdraw("malformed AS_PATH");
                } else {
                    out.asPath = p;
                }
            }
            case PathAttributes.NEXT_HOP -> {
                if (v.remaining() != 4) {
                    out.treatAsWithdraw("NEXT_HOP of " + v.remaining() + " bytes");
                    return;
                }
                int nh = v.s32();
                if (nh == 0 || (nh >>> 28) >= 0xe) {
                    out.treatAsWithdraw("NEXT_HOP " + io.tenet.bgp.api.Ipv4.format(nh));
                } else {
                    out.nextHop = nh;
                }
            }
            case PathAttributes.MULTI_EXIT_DISC -> {
                if (v.remaining() != 4) {
                    out.treatAsWithdraw("MULTI_EXIT_DISC of " + v.remaining() + " bytes");
                } else {
                    out.med = v.u32();
                }
            }
            case PathAttributes.LOCAL_PREF -> {
                if (v.remaining() != 4) {
                    out.treatAsWithdraw("LOCAL_PREF of " + v.remaining() + " bytes");
                } else {
                    out.localPref = v.u32();
                }
            }
            case PathAttributes.ATOMIC_AGGREGATE -> out.atomic = v.remaining() == 0; // else discarded (RFC 7606 7.6)
            case PathAttributes.AS4_PATH -> out.as4Path = asPath(v, 4); // a malformed one is discarded (RFC 6793)
            case PathAttributes.MP_REACH_NLRI -> {
                Reader mp = v;
                int afi = mp.u16();
                int safi = mp.u8();
                if (afi == 1 && safi == 1) {
                    int nhLength = mp.u8();
                    if (nhLength != 4) {
                        throw new BgpError(BgpError.UPDATE, BgpError.OPTIONAL_ATTRIBUTE, "MP_REACH_NLRI next hop of "
                                + nhLength + " bytes for IPv4");
                    }
                    out.nextHop = mp.s32();
                    mp.u8();
                    nlri.addAll(prefixes(mp.slice(mp.remaining(), BgpError.UPDATE, BgpError.OPTIONAL_ATTRIBUTE,
                            "MP_REACH_NLRI"), BgpError.OPTIONAL_ATTRIBUTE));
                }
            }
            case PathAttributes.MP_UNREACH_NLRI -> {
                int afi = v.u16();
                int safi = v.u8();
                if (afi == 1 && safi == 1) {
                    withdrawn.addAll(prefixes(v.slice(v.remaining(), BgpError.UPDATE, BgpError.OPTIONAL_ATTRIBUTE,
                            "MP_UNREACH_NLRI"), BgpError.OPTIONAL_ATTRIBUTE));
                }
            }
            default -> {
                if (!optionalBit) {
                    throw new BgpError(BgpError.UPDATE, BgpError.UNRECOGNIZED_WELL_KNOWN, v.bytes(v.remaining()),
                            "attribute " + code);
                }
                // an optional attribute this speaker does not use: skipped (a host passes no route on)
            }
        }
    }

    /** AS_PATH segments of {@code asSize}-byte numbers, or null when malformed. */
    private static List<AsSegment> asPath(Reader v, int asSize) throws BgpError {
        List<AsSegment> out = new ArrayList<>();
        while (v.remaining() > 0) {
            if (v.remaining() < 2) {
                return null;
            }
            int type = v.u8();
            int count = v.u8();
            if (type < 1 || type > 4 || count == 0 || v.remaining() < count * asSize) {
                return null;
            }
            List<Long> asns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                asns.add(asSize == 4 ? v.u32() : v.u16());
            }
            out.add(new AsSegment(type, asns));
        }
        return out;
    }

    /** RFC 6793 4.2.3: the 2-octet path's leading ASes, then AS4_PATH (sequences only; else AS_PATH as it is). */
    private static List<AsSegment> merge(List<AsSegment> asPath, List<AsSegment> as4Path) {
        List<Long> two = flatSequence(asPath);
        List<Long> four = flatSequence(as4Path);
        if (two == null || four == null || four.size() > two.size()) {
            return asPath;
        }
        List<Long> merged = new ArrayList<>(two.subList(0, two.size() - four.size()));
        merged.addAll(four);
        return merged.isEmpty() ? List.of() : List.of(new AsSegment(AsSegment.SEQUENCE, merged));
    }

    private static List<Long> flatSequence(List<AsSegment> path) {
        List<Long> out = new ArrayList<>();
        for (AsSegment s : path) {
            if (s.type() != AsSegment.SEQUENCE) {
                return null;
            }
            out.addAll(s.asns());
        }
        return out;
    }

    private static List<Prefix> prefixes(Reader r, int subcode) throws BgpError {
        List<Prefix> out = new ArrayList<>();
        while (r.remaining() > 0) {
            int length = r.u8();
            if (length > 32) {
                throw new BgpError(BgpError.UPDATE, subcode, "prefix length " + length);
            }
            int bytes = (length + 7) / 8;
            if (r.remaining() < bytes) {
                throw new BgpError(BgpError.UPDATE, subcode, "a /" + length + " prefix cut short");
            }
            int addr = 0;
            for (int i = 0; i < 4; i++) {
                addr = addr << 8 | (i < bytes ? r.u8() : 0);
            }
            out.add(new Prefix(addr, length));
        }
        return out;
    }

    /** The whole message, header included. */
    public byte[] encode(BgpMessage message) {
        return encoder.encode(message);
    }

    /** The bytes a prefix takes in withdrawn routes or NLRI. */
    public static int prefixSize(Prefix p) {
        return 1 + (p.length() + 7) / 8;
    }

}
