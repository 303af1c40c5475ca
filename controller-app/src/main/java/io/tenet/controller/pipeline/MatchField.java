package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;

/** One field of a flow's match, in the vocabulary of the pipeline. Prerequisites are the builder's business. */
public sealed interface MatchField {
    /** Position in the canonical order used for rendering and comparison. */
    int order();

    /** ovs-ofctl syntax. */
    String ofctl();

    record InPort(int port) implements MatchField {
        public int order() {
            return 0;
        }

        public String ofctl() {
            return "in_port=" + port;
        }
    }

    record TunnelId(long vni) implements MatchField {
        public int order() {
            return 1;
        }

        public String ofctl() {
            return "tun_id=0x" + Long.toHexString(vni);
        }
    }

    record Reg(Register register, long value, long mask) implements MatchField {
        public Reg(Register register, long value) {
            this(register, value, 0xffffffffL);
        }

        public int order() {
            return 2 + register.index();
        }

        public String ofctl() {
            String v = register.ofctlName() + "=0x" + Long.toHexString(value);
            return mask == 0xffffffffL ? v : v + "/0x" + Long.toHexString(mask);
        }
    }

    /** Ethernet type; {@code 0x0800} IPv4, {@code 0x0806} ARP. */
    record EthType(int type) implements MatchField {
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
        public int order() {
            return 21;
        }

        public String ofctl() {
            return "dl_src=" + mac;
        }
    }

    /** Destination MAC, optionally masked (the group bit alone selects broadcast and multicast). */
    record EthDst(Mac mac, Mac mask) implements MatchField {
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
        public int order() {
            return 31;
        }

        public String ofctl() {
            return "nw_dst=" + ip + (length == 32 ? "" : "/" + length);
        }
    }

    /** IP protocol number (needs {@link EthType#IPV4}). */
    record IpProto(int number) implements MatchField {
        public int order() {
            return 32;
        }

        public String ofctl() {
            return "nw_proto=" + number;
        }
    }

    /** TCP or UDP destination port (needs {@link IpProto} 6 or 17). */
    record TpDst(int protocol, int port) implements MatchField {
        public int order() {
            return 33;
        }

        public String ofctl() {
            return (protocol == 6 ? "tcp_dst=" : "udp_dst=") + port;
        }
    }

    /** Conntrack state bits under a mask: new 0x01, est 0x02, rel 0x04, rpl 0x08, inv 0x10, trk 0x20. */
    record CtState(int value, int mask) implements MatchField {
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

    record ArpOp(int op) implements MatchField {
        public int order() {
            return 40;
        }

        public String ofctl() {
            return "arp_op=" + op;
        }
    }

    record ArpSpa(Ipv4 ip) implements MatchField {
        public int order() {
            return 41;
        }

        public String ofctl() {
            return "arp_spa=" + ip;
        }
    }

    record ArpTpa(Ipv4 ip) implements MatchField {
        public int order() {
            return 42;
        }

        public String ofctl() {
            return "arp_tpa=" + ip;
        }
    }

    record ArpSha(Mac mac) implements MatchField {
        public int order() {
            return 43;
        }

        public String ofctl() {
            return "arp_sha=" + mac;
        }
    }
}
