package io.tenet.controller.pipeline;

import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Mac;

/**
 * One action of a flow (or of a group bucket), in ovs-ofctl vocabulary. An empty action list drops. Each kind is
 * handled through {@link Visitor}, so a new kind that an encoder does not handle is a compile error.
 */
public sealed interface Action {
    String ofctl();

    /**
     * Whether the action rewrites or reads an IPv4 header field, so that the flow's match must say IPv4
     * ({@code ip}): OVS refuses the flow otherwise (OFPBAC_MATCH_INCONSISTENT), which {@link FlowSpec} checks when
     * the flow is built rather than when a switch answers.
     */
    default boolean needsIpv4() {
        return false;
    }

    <R> R accept(Visitor<R> v);

    /** One method per kind of action. */
    interface Visitor<R> {
        R output(Output a);

        R outputInPort(OutputInPort a);

        R controller(Controller a);

        R loadReg(LoadReg a);

        R setEthSrc(SetEthSrc a);

        R setEthDst(SetEthDst a);

        R setArpOp(SetArpOp a);

        R setArpSha(SetArpSha a);

        R setArpSpa(SetArpSpa a);

        R setIpv4Src(SetIpv4Src a);

        R setIpv4Dst(SetIpv4Dst a);

        R setTunnelId(SetTunnelId a);

        R setTunnelDst(SetTunnelDst a);

        R setIpDscp(SetIpDscp a);

        R setIcmpType(SetIcmpType a);

        R decTtl(DecTtl a);

        R pushVlan(PushVlan a);

        R setVlanVid(SetVlanVid a);

        R popVlan(PopVlan a);

        R move(Move a);

        R resubmit(Resubmit a);

        R learn(Learn a);

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
     * Sends the packet to the controller, cut to {@code maxLength} bytes (its headers are what a controller acts
     * on). A flow that does so names its purpose by its cookie, and is metered: the controller is never on the
     * path of ordinary traffic.
     */
    record Controller(int maxLength) implements Action {
        public Controller {
            if (maxLength < 64 || maxLength > 0xffe5) {
                throw new IllegalArgumentException("controller max_len out of range: " + maxLength);
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.controller(this);
        }

        public String ofctl() {
            return "CONTROLLER:" + maxLength;
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

    record SetEthDst(Mac mac) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.setEthDst(this);
        }

        public String ofctl() {
            return "set_field:" + mac + "->eth_dst";
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

    /** Rewrites the IPv4 source address; the switch updates the IP and TCP/UDP checksums. */
    record SetIpv4Src(Ipv4 ip) implements Action {
        public boolean needsIpv4() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.setIpv4Src(this);
        }

        public String ofctl() {
            return "set_field:" + ip + "->ip_src";
        }
    }

    /** Rewrites the IPv4 destination address; the switch updates the IP and TCP/UDP checksums. */
    record SetIpv4Dst(Ipv4 ip) implements Action {
        public boolean needsIpv4() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.setIpv4Dst(this);
        }

        public String ofctl() {
            return "set_field:" + ip + "->ip_dst";
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

    /** Sets the ICMP type (the switch fixes the checksum); 0 is an echo reply. */
    record SetIcmpType(int type) implements Action {
        public boolean needsIpv4() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.setIcmpType(this);
        }

        public String ofctl() {
            return "set_field:" + type + "->icmp_type";
        }
    }

    /** Decrements the IPv4 TTL; a packet whose TTL runs out is dropped (OVS would tell a controller, none listens). */
    record DecTtl() implements Action {
        public boolean needsIpv4() {
            return true;
        }

        public <R> R accept(Visitor<R> v) {
            return v.decTtl(this);
        }

        public String ofctl() {
            return "dec_ttl";
        }
    }

    /** Sets the DSCP (the six high bits of the IPv4 TOS byte). */
    record SetIpDscp(int dscp) implements Action {
        public boolean needsIpv4() {
            return true;
        }

        public SetIpDscp {
            if (dscp < 0 || dscp > 63) {
                throw new IllegalArgumentException("DSCP " + dscp + " outside 0-63");
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.setIpDscp(this);
        }

        public String ofctl() {
            return "set_field:" + dscp + "->ip_dscp";
        }
    }

    /** Adds an 802.1Q header (TPID 0x8100); {@link SetVlanVid} then gives it its VLAN id. */
    record PushVlan() implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.pushVlan(this);
        }

        public String ofctl() {
            return "push_vlan:0x8100";
        }
    }

    /** Sets the VLAN id of the outermost 802.1Q header. */
    record SetVlanVid(int vid) implements Action {
        public SetVlanVid {
            if (vid < 1 || vid > 4094) {
                throw new IllegalArgumentException("VLAN id " + vid + " outside 1-4094");
            }
        }

        public <R> R accept(Visitor<R> v) {
            return v.setVlanVid(this);
        }

        public String ofctl() {
            return "set_field:" + (0x1000 | vid) + "->vlan_vid";
        }
    }

    /** Removes the outermost 802.1Q header. */
    record PopVlan() implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.popVlan(this);
        }

        public String ofctl() {
            return "pop_vlan";
        }
    }

    /**
     * Runs the packet through {@code table} and comes back to the next action (Nicira resubmit): what the flows
     * there do (load registers) is done, and a miss there does nothing.
     */
    record Resubmit(PipelineTable table) implements Action {
        public <R> R accept(Visitor<R> v) {
            return v.resubmit(this);
        }

        public String ofctl() {
            return "resubmit(," + table.id() + ")";
        }
    }

    /**
     * Adds a flow to {@code table} built from this packet, or refreshes the one it built before (Nicira learn):
     * matching what {@code specs} take from the packet or give outright, and loading what they give, with a hard
     * timeout in seconds and a cookie of its own. Learned flows go when the flow that learned them goes.
     */
    record Learn(PipelineTable table, int priority, int hardTimeout, long cookie, java.util.List<LearnSpec> specs)
            implements Action {
        public Learn {
            if (hardTimeout < 1 || hardTimeout > 0xffff) {
                throw new IllegalArgumentException("a learned flow's hard timeout is 1-65535 s, not " + hardTimeout);
            }
            specs = java.util.List.copyOf(specs);
        }

        public <R> R accept(Visitor<R> v) {
            return v.learn(this);
        }

        public String ofctl() {
            StringBuilder b = new StringBuilder("learn(table=").append(table.id()).append(",hard_timeout=")
                    .append(hardTimeout).append(",priority=").append(priority).append(",cookie=0x")
                    .append(Long.toHexString(cookie)).append(",delete_learned");
            specs.forEach(spec -> b.append(',').append(spec.ofctl()));
            return b.append(')').toString();
        }
    }

    /** Copies a whole header field to another (Nicira reg_move). */
    record Move(NxmField src, NxmField dst) implements Action {
        public boolean needsIpv4() {
            return src.ipv4() || dst.ipv4();
        }

        public <R> R accept(Visitor<R> v) {
            return v.move(this);
        }

        public String ofctl() {
            return "move:" + src.ofctlName() + "[]->" + dst.ofctlName() + "[]";
        }
    }

    /**
     * Conntrack in a zone: either sends the packet through the tracker and continues in {@code table} (when not
     * null), or commits the connection ({@code commit}) and continues with the next action; with {@code nat}
     * (null for none) the tracker also translates addresses.
     */
    record Ct(boolean commit, int zone, PipelineTable table, Nat nat) implements Action {
        /** Conntrack without address translation. */
        public Ct(boolean commit, int zone, PipelineTable table) {
            this(commit, zone, table, null);
        }

        public <R> R accept(Visitor<R> v) {
            return v.ct(this);
        }

        public String ofctl() {
            return "ct(" + (commit ? "commit," : "") + (table == null ? "" : "table=" + table.id() + ",") + "zone="
                    + zone + (nat == null ? "" : "," + nat.ofctl()) + ")";
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
}
