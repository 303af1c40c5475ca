package io.tenet.controller.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The cluster's global settings, Contiv's {@code global} object: the forwarding mode, how ARP is answered, the
 * pools VLAN ids and VNIs are allocated from, the private subnet, the infrastructure type and the name server
 * containers are pointed at. There is one, under the name {@value #NAME}; a fresh store holds {@link #DEFAULT}.
 */
public record Global(FwdMode fwdMode, ArpMode arpMode, TagRanges vlans, TagRanges vxlans, Ipv4Prefix pvtSubnet,
        InfraType networkInfraType, Ipv4 nameserver) {
    public static final String NAME = "global";
    public static final int MAX_VLAN = 4094;
    public static final Global DEFAULT = new Global(FwdMode.BRIDGE, ArpMode.PROXY,
            TagRanges.parse("vlans", "1-" + MAX_VLAN, MAX_VLAN), TagRanges.parse("vxlans", "1-10000", NetworkSpec.MAX_VNI),
            Ipv4Prefix.parse("172.19.0.0/16"), InfraType.DEFAULT, null);

    /** How packets between networks travel: bridged within a network only, or routed by a distributed gateway. */
    public enum FwdMode {
        BRIDGE, ROUTING;

        public static FwdMode parse(String text) {
            return Global.parse(FwdMode.class, "fwdMode", text, BRIDGE);
        }
    }

    /** How ARP requests are answered: by flows on the asking host, or flooded within the network. */
    public enum ArpMode {
        PROXY, FLOOD;

        public static ArpMode parse(String text) {
            return Global.parse(ArpMode.class, "arpMode", text, PROXY);
        }
    }

    /** Whether the fabric is plain ({@code default}) or a Cisco ACI fabric fed by the ACI bridge. */
    public enum InfraType {
        DEFAULT, ACI;

        public static InfraType parse(String text) {
            return Global.parse(InfraType.class, "networkInfraType", text, DEFAULT);
        }
    }

    public Global {
        Objects.requireNonNull(fwdMode, "fwdMode");
        Objects.requireNonNull(arpMode, "arpMode");
        Objects.requireNonNull(vlans, "vlans");
        Objects.requireNonNull(vxlans, "vxlans");
        Objects.requireNonNull(pvtSubnet, "pvtSubnet");
        Objects.requireNonNull(networkInfraType, "networkInfraType");
    }

    /** The tags networks of {@code encap} take theirs from. */
    public TagRanges tags(Encap encap) {
        return encap == Encap.VLAN ? vlans : vxlans;
    }

    /** The field that holds the tags of {@code encap}, for messages. */
    public static String tagsField(Encap encap) {
        return encap == Encap.VLAN ? "vlans" : "vxlans";
    }

    /** An enum's wire form: its name in lower case. */
    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String text, E absent) {
        if (text == null || text.isEmpty()) {
            return absent;
        }
        for (E e : type.getEnumConstants()) {
            if (wire(e).equals(text.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " or ").append('\'').append(wire(e)).append('\'');
        }
        throw new ValidationException(field, field + " must be " + allowed + ", not '" + text + "'");
    }
}
