package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;

/**
 * One action of a flow (or of a group bucket), in ovs-ofctl vocabulary. An empty action list drops. Each kind is
 * handled through {@link Visitor}, so a new kind that an encoder does not handle is a compile error.
 */
public sealed interface Action {
    String ofctl();

    <R> R accept(Visitor<R> v);

    /** One method per kind of action. */
    interface Visitor<R> {
        R output(Output a);

        R outputInPort(OutputInPort a);

        R loadReg(LoadReg a);

        R setEthSrc(SetEthSrc a);

        R setArpOp(SetArpOp a);

        R setArpSha(SetArpSha a);

        R setArpSpa(SetArpSpa a);

        R setTunnelId(SetTunnelId a);

        R setTunnelDst(SetTunnelDst a);

        R move(Move a);

        R ct(Ct a);

        R group(Group a);

        R meter(Meter a);

        R gotoTable(GotoTable a);
    }

    record Output(int port) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.output(this);
        }

        public String ofctl() {
            return "output:" + port;
        }
    }

    /** Sends the packet back out of the port it came in on (the ARP responder's answer). */
    record OutputInPort() implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.outputInPort(this);
        }

        public String ofctl() {
            return "IN_PORT";
        }
    }

    /**
     * Writes a register field, with a set_field of its whole register (the field's bits, the rest cleared): only
     * for fields alone in their register, which the constructor checks. Build it with {@link RegField#load}.
     */
    record LoadReg(RegField field, long value) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.loadReg(this);
        }

        public LoadReg {
            if (!field.loadsWholeRegister()) {
                throw new IllegalArgumentException(field + " shares its register: it needs a masked load, not a"
                        + " set_field of the whole register");
            }
            field.inPlace(value);
        }

        public String ofctl() {
            return "set_field:0x" + Long.toHexString(value) + "->" + field.ofctlName();
        }
    }

    record SetEthSrc(Mac mac) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setEthSrc(this);
        }

        public String ofctl() {
            return "set_field:" + mac + "->eth_src";
        }
    }

    record SetArpOp(int op) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setArpOp(this);
        }

        public String ofctl() {
            return "set_field:" + op + "->arp_op";
        }
    }

    record SetArpSha(Mac mac) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setArpSha(this);
        }

        public String ofctl() {
            return "set_field:" + mac + "->arp_sha";
        }
    }

    record SetArpSpa(Ipv4 ip) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setArpSpa(this);
        }

        public String ofctl() {
            return "set_field:" + ip + "->arp_spa";
        }
    }

    record SetTunnelId(long vni) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setTunnelId(this);
        }

        public String ofctl() {
            return "set_field:0x" + Long.toHexString(vni) + "->tun_id";
        }
    }

    record SetTunnelDst(Ipv4 ip) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setTunnelDst(this);
        }

        public String ofctl() {
            return "set_field:" + ip + "->tun_dst";
        }
    }

    /** Copies a whole header field to another (Nicira reg_move). */
    record Move(NxmField src, NxmField dst) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.move(this);
        }

        public String ofctl() {
            return "move:" + src.ofctlName() + "[]->" + dst.ofctlName() + "[]";
        }
    }

    /**
     * Conntrack in a zone: either sends the packet through the tracker and continues in {@code table} (when not
     * null), or commits the connection ({@code commit}) and continues with the next action.
     */
    record Ct(boolean commit, int zone, PipelineTable table) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.ct(this);
        }

        public String ofctl() {
            return "ct(" + (commit ? "commit," : "") + (table == null ? "" : "table=" + table.id() + ",") + "zone="
                    + zone + ")";
        }
    }

    /** Hands the packet to a group of the switch (see {@link GroupSpec}), which must exist before the flow. */
    record Group(long groupId) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.group(this);
        }

        public String ofctl() {
            return "group:" + groupId;
        }
    }

    /** Passes the packet through a meter (see {@link MeterSpec}) first; only as a flow's first action. */
    record Meter(long meterId) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.meter(this);
        }

        public String ofctl() {
            return "meter:" + meterId;
        }
    }

    /** Continues in a later table; only as a flow's last action. */
    record GotoTable(PipelineTable table) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.gotoTable(this);
        }

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
