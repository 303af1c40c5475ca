package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;

/** One action of a flow, in ovs-ofctl vocabulary. An empty action list drops. */
public sealed interface Action {
    String ofctl();

    record Output(int port) implements Action {
        public String ofctl() {
            return "output:" + port;
        }
    }

    /** Sends the packet back out of the port it came in on (the ARP responder's answer). */
    record OutputInPort() implements Action {
        public String ofctl() {
            return "IN_PORT";
        }
    }

    /** Loads a whole register (or, for the 16-bit group registers, the register with its upper bits cleared). */
    record LoadReg(Register register, long value) implements Action {
        public String ofctl() {
            return "set_field:0x" + Long.toHexString(value) + "->" + register.ofctlName();
        }
    }

    record SetEthSrc(Mac mac) implements Action {
        public String ofctl() {
            return "set_field:" + mac + "->eth_src";
        }
    }

    record SetArpOp(int op) implements Action {
        public String ofctl() {
            return "set_field:" + op + "->arp_op";
        }
    }

    record SetArpSha(Mac mac) implements Action {
        public String ofctl() {
            return "set_field:" + mac + "->arp_sha";
        }
    }

    record SetArpSpa(Ipv4 ip) implements Action {
        public String ofctl() {
            return "set_field:" + ip + "->arp_spa";
        }
    }

    record SetTunnelId(long vni) implements Action {
        public String ofctl() {
            return "set_field:0x" + Long.toHexString(vni) + "->tun_id";
        }
    }

    record SetTunnelDst(Ipv4 ip) implements Action {
        public String ofctl() {
            return "set_field:" + ip + "->tun_dst";
        }
    }

    /** Copies a whole header field to another (Nicira reg_move). */
    record Move(NxmField src, NxmField dst) implements Action {
        public String ofctl() {
            return "move:" + src.ofctlName() + "[]->" + dst.ofctlName() + "[]";
        }
    }

    /**
     * Conntrack in a zone: either sends the packet through the tracker and continues in {@code table} (when not
     * null), or commits the connection ({@code commit}) and continues with the next action.
     */
    record Ct(boolean commit, int zone, PipelineTable table) implements Action {
        public String ofctl() {
            return "ct(" + (commit ? "commit," : "") + (table == null ? "" : "table=" + table.id() + ",") + "zone="
                    + zone + ")";
        }
    }

    record GotoTable(PipelineTable table) implements Action {
        public String ofctl() {
            return "goto_table:" + table.id();
        }
    }

    /** The header fields {@link Move} can copy, with their NXM headers and widths. */
    enum NxmField {
        ETH_SRC(0x00000406L, 48, "NXM_OF_ETH_SRC"),
        ETH_DST(0x00000206L, 48, "NXM_OF_ETH_DST"),
        ARP_SHA(0x00012206L, 48, "NXM_NX_ARP_SHA"),
        ARP_THA(0x00012406L, 48, "NXM_NX_ARP_THA"),
        ARP_SPA(0x00002004L, 32, "NXM_OF_ARP_SPA"),
        ARP_TPA(0x00002204L, 32, "NXM_OF_ARP_TPA");

        private final long header;
        private final int bits;
        private final String ofctlName;

        NxmField(long header, int bits, String ofctlName) {
            this.header = header;
            this.bits = bits;
            this.ofctlName = ofctlName;
        }

        public long header() {
            return header;
        }

        public int bits() {
            return bits;
        }

        public String ofctlName() {
            return ofctlName;
        }
    }
}
