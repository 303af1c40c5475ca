package io.tenet.controller.api;

import java.util.Locale;

/** How a network's packets travel between hosts. */
public enum Encap {
    VXLAN, VLAN;

    public static Encap parse(String text) {
        if (text == null || text.isEmpty()) {
            return VXLAN;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "vxlan" -> VXLAN;
            case "vlan" -> VLAN;
            default -> throw new ValidationException("encap", "encap must be 'vxlan' or 'vlan', not '" + text + "'");
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
