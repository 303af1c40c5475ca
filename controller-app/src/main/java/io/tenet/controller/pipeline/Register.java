package io.tenet.controller.pipeline;

/**
 * The Nicira registers the pipeline uses, each with its bit range and meaning. They are written by the early
 * tables and read by the later ones.
 */
public enum Register {
    /** Pipeline id of the packet's network ({@link io.tenet.controller.api.Network#datapathId()}), bits 0-31. */
    NETWORK(0, 0, 31),
    /** Packet flags, bits 0-31; bit 0 ({@link #FROM_TUNNEL}) is set for packets that arrived over the tunnel. */
    FLAGS(1, 0, 31),
    /** Group id of the packet's source endpoint, 0 when it is in no group; bits 0-15. */
    SRC_GROUP(2, 0, 15),
    /** Group id of the destination endpoint, 0 when it is in no group; bits 0-15. */
    DST_GROUP(3, 0, 15),
    /**
     * Where the packet leaves: a local endpoint's OpenFlow port, or {@link #TUNNEL_OUT} for the tunnel; bits 0-31.
     */
    OUT_PORT(4, 0, 31);

    /** {@link #FLAGS} bit: the packet came from another host, so it is never sent back to the tunnel. */
    public static final long FROM_TUNNEL = 0x1;

    /**
     * {@link #OUT_PORT} value meaning "the tunnel", whatever its OpenFlow port number on this switch: the flows
     * that choose a remote endpoint are then the same on every switch, and are built once for all. OVS port numbers
     * never exceed 0xfeff, so no real port has this value.
     */
    public static final long TUNNEL_OUT = 0x10000;

    private final int index;
    private final int lowBit;
    private final int highBit;

    Register(int index, int lowBit, int highBit) {
        this.index = index;
        this.lowBit = lowBit;
        this.highBit = highBit;
    }

    public int index() {
        return index;
    }

    public int lowBit() {
        return lowBit;
    }

    public int highBit() {
        return highBit;
    }

    /** Name in ovs-ofctl syntax, e.g. {@code reg0}. */
    public String ofctlName() {
        return "reg" + index;
    }
}
