package io.tenet.controller.pipeline;

/**
 * The header fields and registers that {@link Action.Move} copies and {@link Action.Learn} names (through
 * {@link LearnSpec}), with their Nicira (NXM) headers and widths.
 */
public enum NxmField {
    ETH_SRC(0x00000406L, 48, "NXM_OF_ETH_SRC"),
    ETH_DST(0x00000206L, 48, "NXM_OF_ETH_DST"),
    ARP_SHA(0x00012206L, 48, "NXM_NX_ARP_SHA"),
    ARP_THA(0x00012406L, 48, "NXM_NX_ARP_THA"),
    ARP_SPA(0x00002004L, 32, "NXM_OF_ARP_SPA"),
    ARP_TPA(0x00002204L, 32, "NXM_OF_ARP_TPA"),
    ETH_TYPE(0x00000602L, 16, "NXM_OF_ETH_TYPE"),
    IP_SRC(0x00000e04L, 32, "NXM_OF_IP_SRC"),
    IP_DST(0x00001004L, 32, "NXM_OF_IP_DST"),
    REG0(0x00010004L, 32, "NXM_NX_REG0"),
    REG5(0x00010a04L, 32, "NXM_NX_REG5");

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

    /** Whether this is a field of the IPv4 header (a flow that moves it must match IPv4). */
    public boolean ipv4() {
        return this == IP_SRC || this == IP_DST;
    }
}
