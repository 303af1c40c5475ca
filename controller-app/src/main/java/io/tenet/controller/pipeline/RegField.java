package io.tenet.controller.pipeline;

import java.util.Arrays;

/**
 * The fields the pipeline keeps in Nicira registers, each a named bit range of one register, written by the
 * early tables and read by the later ones. Flows are built from these fields only: {@link #match} matches the
 * field's bits alone (masked unless it spans its register), and {@link #load} writes it. A field is loaded with
 * OpenFlow's set_field of its whole register, which is only correct while it is the only field of its register and
 * starts at bit 0; {@link #load} refuses otherwise, so the first field that shares a register forces a masked
 * load to be written rather than silently clobbering its neighbour.
 */
public enum RegField {
    /** Pipeline id of the packet's network ({@link io.tenet.controller.api.Network#datapathId()}). */
    NETWORK(0, 0, 31),
    /** Set for packets that arrived over the tunnel: they are never sent back to it. */
    FROM_TUNNEL(1, 0, 0),
    /** Group id of the packet's source endpoint, 0 when it is in no group. */
    SRC_GROUP(2, 0, 15),
    /** Group id of the destination endpoint, 0 when it is in no group. */
    DST_GROUP(3, 0, 15),
    /** Where the packet leaves: a local endpoint's OpenFlow port, or {@link #TUNNEL_OUT} for the tunnel. */
    OUT_PORT(4, 0, 31),
    /**
     * The address of the provider a service with client-IP affinity last sent this client to, while it remembers
     * (0 otherwise); loaded by the flows the service learned ({@code SERVICE_AFFINITY}).
     */
    AFFINITY(5, 0, 31),
    /**
     * In routing mode, the VRF (the tenant's number) of a packet being routed, loaded at its network's gateway
     * ({@code L3_GATEWAY}), or of a packet from another host, loaded at classification: routes and the identity of
     * sources in other networks of the tenant are looked up by it. 0 otherwise.
     */
    VRF(6, 0, 15);

    /**
     * {@link #OUT_PORT} value meaning "the tunnel", whatever its OpenFlow port number on this switch: the flows
     * that choose a remote endpoint are then the same on every switch, and are built once for all. OVS port numbers
     * never exceed 0xfeff, so no real port has this value.
     */
    public static final long TUNNEL_OUT = 0x10000;
    /**
     * {@link #OUT_PORT}'s value for the uplink: a VLAN network's packet to an endpoint on another host, which
     * leaves through the patch port to br-phy with the network's 802.1Q tag.
     */
    public static final long UPLINK_OUT = 0x10001;
    /**
     * {@link #OUT_PORT}'s value for the host: a packet for an address outside the tenant's networks, which leaves
     * through the host port (tenet-dns0) with the container's client address as source, for the host's stack to
     * masquerade or deliver.
     */
    public static final long HOST_OUT = 0x10002;
    /**
     * {@link #OUT_PORT}'s value for the fabric, on a host that speaks BGP: a packet for a prefix the host learned,
     * routed out of the uplink by {@code FABRIC_ROUTES}.
     */
    public static final long FABRIC_OUT = 0x10003;

    private final int register;
    private final int lowBit;
    private final int highBit;

    RegField(int register, int lowBit, int highBit) {
        this.register = register;
        this.lowBit = lowBit;
        this.highBit = highBit;
    }

    /** Register number: {@code reg<register>}. */
    public int register() {
        return register;
    }

    public int lowBit() {
        return lowBit;
    }

    public int highBit() {
        return highBit;
    }

    public int width() {
        return highBit - lowBit + 1;
    }

    /** The field's bits within its register. */
    public long mask() {
        return (width() == 64 ? -1L : (1L << width()) - 1) << lowBit;
    }

    public boolean spansRegister() {
        return lowBit == 0 && highBit == 31;
    }

    /** Name in ovs-ofctl syntax, e.g. {@code reg0}. */
    public String ofctlName() {
        return "reg" + register;
    }

    /** The register's value when this field holds {@code value} (checked to fit). */
    long inPlace(long value) {
        if (value < 0 || value >= 1L << width()) {
            throw new IllegalArgumentException(value + " does not fit the " + width() + " bits of " + this);
        }
        return value << lowBit;
    }

    /** Matches this field holding {@code value}. */
    public MatchField.Reg match(long value) {
        return new MatchField.Reg(this, value);
    }

    /** Writes {@code value} to this field. */
    public Action.LoadReg load(long value) {
        return new Action.LoadReg(this, value);
    }

    /** Whether the field can be written by a set_field of its whole register (computed once, per field). */
    boolean loadsWholeRegister() {
        return ALONE[ordinal()];
    }

    private static final boolean[] ALONE = new boolean[values().length];

    static {
        for (RegField f : values()) {
            ALONE[f.ordinal()] = f.lowBit == 0 && Arrays.stream(values()).noneMatch(o -> o != f && o.register == f.register);
        }
    }
}
