package io.tenet.aci.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.aci.apic.Dn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of one POST: changes nested under a root dn (a tenant), as the APIC takes them. Every object's
 * {@code attributes} come before its {@code children}; a changed object carries its attributes and
 * {@code status}, and the parents on the way that are not changed appear with their {@code dn} alone.
 */
final class ChangeTree {
    private ChangeTree() {
    }

    static ObjectNode of(String root, List<Change> changes) {
        Map<String, ObjectNode> nodes = new HashMap<>();
        Map<String, Change> changed = new HashMap<>();
        changes.forEach(c -> changed.put(c.mo().dn(), c));
        List<String> dns = new ArrayList<>(changed.keySet());
        // parents first, so a changed parent's node exists (with its attributes) before its children find it
        dns.sort(Comparator.comparingInt((String d) -> Dn.rns(d).size()).thenComparing(d -> d));
        for (String dn : dns) {
            node(dn, changed.get(dn), nodes, root);
        }
        return JsonNodeFactory.instance.objectNode().set(clsOf(root, changed.get(root)), nodes.get(root));
    }

    /** The node of {@code dn}, made with its ancestors up to {@code root} when missing. */
    private static ObjectNode node(String dn, Change c, Map<String, ObjectNode> nodes, String root) {
        ObjectNode n = nodes.get(dn);
        if (n == null) {
            n = JsonNodeFactory.instance.objectNode();
            n.putObject("attributes").put("dn", dn);
            nodes.put(dn, n);
            if (!dn.equals(root)) {
                ObjectNode parent = node(Dn.parent(dn), null, nodes, root);
                ArrayNode children = parent.has("children") ? (ArrayNode) parent.get("children")
                        : parent.putArray("children");
                children.add(JsonNodeFactory.instance.objectNode().set(clsOf(dn, c), n));
            }
        }
        if (c != null) {
            ObjectNode a = (ObjectNode) n.get("attributes");
            if (c.op() != Change.Op.DELETE) {
                c.mo().attributes().forEach(a::put);
            }
            a.put("status", c.op().status);
        }
        return n;
    }
    /** The class of a dn: from its change, or from its last relative name for the parents Tenet does not make. */
    private static String clsOf(String dn, Change c) {
        if (c != null) {
            return c.mo().cls();
        }
        String rn = Dn.rns(dn).get(Dn.rns(dn).size() - 1);
        if (rn.equals("any")) {
            return "vzAny";
        }
        String prefix = rn.contains("-") ? rn.substring(0, rn.indexOf('-') + 1) : rn;
        return switch (prefix) {
            case "tn-" -> "fvTenant";
            case "ctx-" -> "fvCtx";
            case "BD-" -> "fvBD";
            case "ap-" -> "fvAp";
            case "epg-" -> "fvAEPg";
            case "flt-" -> "vzFilter";
            case "brc-" -> "vzBrCP";
            case "subj-" -> "vzSubj";
            case "uni" -> "polUni";
            default -> throw new IllegalArgumentException("no class known for " + dn);
        };
    }
}
