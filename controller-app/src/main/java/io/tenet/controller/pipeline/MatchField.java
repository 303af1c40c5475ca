package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;

/**
 * One field of a flow's match, in the vocabulary of the pipeline. Prerequisites are the builder's business. Each
 * kind is handled through {@link Visitor}, so a new kind that an encoder does not handle is a compile error.
 */
public sealed interface MatchField {
    /** Position in the canonical order used for rendering and comparison. */
    int order();

    /** ovs-ofctl syntax. */
    String ofctl();

    <R> R accept(Visitor<R> v);

    /** One method per kind of match field. */
    interface Visitor<R> {
        R inPort(InPort f);

        R tunnelId(TunnelId f);

        R vlanVid(VlanVid f);

        R reg(Reg f);

        R ethType(EthType f);

        R ethSrc(EthSrc f);

        R ethDst(EthDst f);

        R ipv4Src(Ipv4Src f);

        R ipv4Dst(Ipv4Dst f);

        R ipProto(IpProto f);

        R tpDst(TpDst f);

        R tpSrc(TpSrc f);

        R ctState(CtState f);

        R icmpType(IcmpType f);

        R arpOp(ArpOp f);

        R arpSpa(ArpSpa f);

        R arpTpa(ArpTpa f);

        R arpSha(ArpSha f);
    }

    record InPort(int port) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.inPort(this);
        }

        public int order() {
            return 0;
        }

        public String ofctl() {
            return "in_port=" + port;
        }
    }

    record TunnelId(long vni) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.tunnelId(this);
        }

        public int order() {
            return 1;
        }

        public String ofctl() {
            return "tun_id=0x" + Long.toHexString(vni);
        }
    }

    /**
     * An 802.1Q tag with this VLAN id (the frame carries a tag: {@code OFPVID_PRESENT}); 0 matches a frame that
     * carries none ({@code OFPVID_NONE}).
     */
    record VlanVid(int vid) implements MatchField {
        public VlanVid {
            if (vid < 0 || vid > 4094) {
                throw new IllegalArgumentException("VLAN id " + vid + " outside 1-4094 (0: untagged)");
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.vlanVid(this);
        }

        public int order() {
            return 19;
        }

        public String ofctl() {
            return vid == 0 ? "vlan_tci=0x0000/0x1fff" : "dl_vlan=" + vid;
        }
    }

    /** A register field holding {@code value}; build it with {@link RegField#match}. */
    record Reg(RegField field, long value) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.reg(this);
        }

        public Reg {
            field.inPlace(value);
        }

        public int order() {
            return 2 + field.register();
        }

        /** The register's bits this match looks at, and their value. */
        public long registerMask() {
            return field.mask();
        }

        public long registerValue() {
            return field.inPlace(value);
        }

        public String ofctl() {
            String v = field.ofctlName() + "=0x" + Long.toHexString(registerValue());
            return field.spansRegister() ? v : v + "/0x" + Long.toHexString(registerMask());
        }
    }

    /** Ethernet type; {@code 0x0800} IPv4, {@code 0x0806} ARP. */
    record EthType(int type) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ethType(this);
        }

        public static final EthType IPV4 = new EthType(0x0800);
        public static final EthType ARP = new EthType(0x0806);

        public int order() {
            return 20;
        }

        public String ofctl() {
            return type == 0x0800 ? "ip" : type == 0x0806 ? "arp" : "dl_type=0x" + Integer.toHexString(type);
        }
    }

    record EthSrc(Mac mac) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ethSrc(this);
        }

        public int order() {
            return 21;
        }

        public String ofctl() {
            return "dl_src=" + mac;
        }
    }

    /** Destination MAC, optionally masked (the group bit alone selects broadcast and multicast). */
    record EthDst(Mac mac, Mac mask) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ethDst(this);
        }

        public static final EthDst MULTICAST = new EthDst(new Mac(0x010000000000L), new Mac(0x010000000000L));

        public EthDst(Mac mac) {
            this(mac, null);
        }

        public int order() {
            return 22;
        }

        public String ofctl() {
            return "dl_dst=" + mac + (mask == null ? "" : "/" + mask);
        }
    }

    record Ipv4Src(Ipv4 ip, int length) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ipv4Src(this);
        }

        public Ipv4Src(Ipv4 ip) {
            this(ip, 32);
        }

        public int order() {
            return 30;
        }

        public String ofctl() {
            return "nw_src=" + ip + (length == 32 ? "" : "/" + length);
        }
    }

    record Ipv4Dst(Ipv4 ip, int length) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ipv4Dst(this);
        }

        public int order() {
            return 31;
        }

        public String ofctl() {
            return "nw_dst=" + ip + (length == 32 ? "" : "/" + length);
        }
    }

    /** IP protocol number (needs {@link EthType#IPV4}). */
    record IpProto(int number) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ipProto(this);
        }

        public int order() {
            return 32;
        }

        public String ofctl() {
            return "nw_proto=" + number;
        }
    }

    /** TCP or UDP destination port (needs {@link IpProto} 6 or 17). */
    record TpDst(int protocol, int port) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.tpDst(this);
        }

        public int order() {
            return 33;
        }

        public String ofctl() {
            return (protocol == 6 ? "tcp_dst=" : "udp_dst=") + port;
        }
    }

    /**
     * TCP or UDP source port under a bit mask (needs {@link IpProto} 6 or 17): the low bits of a client's
     * ephemeral port, which spread its connections.
     */
    record TpSrc(int protocol, int port, int mask) implements MatchField {
        public TpSrc {
            if (mask <= 0 || mask > 0xffff || (port & ~mask) != 0) {
                throw new IllegalArgumentException("source port 0x" + Integer.toHexString(port) + " under mask 0x"
                        + Integer.toHexString(mask) + " does not fit");
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.tpSrc(this);
        }

        public int order() {
            return 34;
        }

        /** Whether the whole port is matched (as switches report it: without a mask). */
        public boolean exact() {
            return mask == 0xffff;
        }

        public String ofctl() {
            String name = protocol == 6 ? "tcp_src=" : "udp_src=";
            return exact() ? name + port : name + "0x" + Integer.toHexString(port) + "/0x" + Integer.toHexString(mask);
        }
    }

    /** Conntrack state bits under a mask: new 0x01, est 0x02, rel 0x04, rpl 0x08, inv 0x10, trk 0x20. */
    record CtState(int value, int mask) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.ctState(this);
        }

        public static final int NEW = 0x01;
        public static final int EST = 0x02;
        public static final int REL = 0x04;
        public static final int RPL = 0x08;
        public static final int INV = 0x10;
        public static final int TRK = 0x20;

        /** The given bits set (tracked implied). */
        public static CtState set(int bits) {
            return new CtState(bits | TRK, bits | TRK);
        }

        public int order() {
            return 10;
        }

        public String ofctl() {
            return "ct_state=0x" + Integer.toHexString(value) + "/0x" + Integer.toHexString(mask);
        }
    }

    /** ICMP type (needs {@link IpProto} 1); 8 is an echo request. */
    record IcmpType(int type) implements MatchField {
        public static final IcmpType ECHO_REQUEST = new IcmpType(8);

        public <R> R accept(Visitor<R> v) {
            return v.icmpType(this);
        }

        public int order() {
            return 36;
        }

        public String ofctl() {
            return "icmp_type=" + type;
        }
    }

    record ArpOp(int op) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.arpOp(this);
        }

        public int order() {
            return 40;
        }

        public String ofctl() {
            return "arp_op=" + op;
        }
    }

    record ArpSpa(Ipv4 ip) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.arpSpa(this);
        }

        public int order() {
            return 41;
        }

        public String ofctl() {
            return "arp_spa=" + ip;
        }
    }

    record ArpTpa(Ipv4 ip) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.arpTpa(this);
        }

        public int order() {
            return 42;
        }

        public String ofctl() {
            return "arp_tpa=" + ip;
        }
    }

    record ArpSha(Mac mac) implements MatchField {
        public <R> R accept(Visitor<R> v) {
            return v.arpSha(this);
        }

        public int order() {
            return 43;
        }

        public String ofctl() {
            return "arp_sha=" + mac;
        }
    }
}
