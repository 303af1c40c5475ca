package io.tenet.aci.apic;

import java.util.ArrayList;
import java.util.List;

/**
 * Distinguished names: relative names joined by {@code /}, where a name may hold a bracketed part that itself
 * contains slashes ({@code uni/tn-t1/ap-a/epg-g/rspathAtt-[topology/pod-1/paths-101/pathep-[eth1/14]]}).
 */
public final class Dn {
    private Dn() {
    }

    /** Its relative names, outermost first. */
    public static List<String> rns(String dn) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < dn.length(); i++) {
            char c = dn.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '/' && depth == 0) {
                out.add(dn.substring(start, i));
                start = i + 1;
            }
        }
        out.add(dn.substring(start));
        return out;
    }

    /** The parent's dn; empty for {@code uni}. */
    public static String parent(String dn) {
        int depth = 0;
        for (int i = dn.length() - 1; i >= 0; i--) {
            char c = dn.charAt(i);
            if (c == ']') {
                depth++;
            } else if (c == '[') {
                depth--;
            } else if (c == '/' && depth == 0) {
                return dn.substring(0, i);
            }
        }
        return "";
    }

    /** Whether {@code dn} is {@code ancestor} or lies under it. */
    public static boolean within(String dn, String ancestor) {
        return dn.equals(ancestor) || dn.startsWith(ancestor + "/") && rns(dn).subList(0, rns(ancestor).size())
                .equals(rns(ancestor));
    }

    /** The tenant a dn lies in ({@code uni/tn-t1}), or empty when it lies outside every tenant. */
    public static String tenantOf(String dn) {
        List<String> rns = rns(dn);
        return rns.size() >= 2 && rns.get(0).equals("uni") && rns.get(1).startsWith("tn-") ? "uni/" + rns.get(1) : "";
    }
}
