package io.tenet.aci.fake;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenet.aci.apic.Dn;
import io.tenet.aci.apic.Mo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake APIC's managed-object tree and what a POST does to it, as the APIC documents it ({@link FakeApic}
 * lists the rules): a POST is checked whole and applied whole or not at all. Thread-safe.
 */
final class MoTree {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern ENCAP = Pattern.compile("vlan-(\\d{1,4})");
    private static final Set<String> COMMON = Set.of("name", "annotation", "descr", "nameAlias", "dn", "status",
            "childAction", "lcOwn", "modTs", "uid");
    /** The classes it knows, with their own attributes. */
    private static final Map<String, Set<String>> CLASSES = Map.ofEntries(
            Map.entry("polUni", Set.of()), Map.entry("fvTenant", Set.of()), Map.entry("fvCtx", Set.of("pcEnfPref")),
            Map.entry("vzAny", Set.of()), Map.entry("fvBD", Set.of("arpFlood", "unicastRoute")),
            Map.entry("fvRsCtx", Set.of("tnFvCtxName")), Map.entry("fvSubnet", Set.of("ip", "scope")),
            Map.entry("fvAp", Set.of()), Map.entry("fvAEPg", Set.of()), Map.entry("fvRsBd", Set.of("tnFvBDName")),
            Map.entry("fvRsDomAtt", Set.of("tDn", "instrImedcy", "resImedcy")),
            Map.entry("fvRsPathAtt", Set.of("tDn", "encap", "instrImedcy", "mode")),
            Map.entry("fvRsNodeAtt", Set.of("tDn", "encap", "instrImedcy", "mode")),
            Map.entry("vzFilter", Set.of()),
            Map.entry("vzEntry", Set.of("etherT", "prot", "dFromPort", "dToPort", "sFromPort", "sToPort")),
            Map.entry("vzBrCP", Set.of("scope")), Map.entry("vzSubj", Set.of("revFltPorts")),
            Map.entry("vzRsSubjFiltAtt", Set.of("tnVzFilterName", "action", "priorityOverride")),
            Map.entry("fvRsProv", Set.of("tnVzBrCPName")), Map.entry("fvRsCons", Set.of("tnVzBrCPName")),
            Map.entry("vzRsAnyToCons", Set.of("tnVzBrCPName")), Map.entry("vzRsAnyToProv", Set.of("tnVzBrCPName")));
    private final TreeMap<String, Mo> tree = new TreeMap<>();
    private final Map<String, String[]> refusals = new ConcurrentHashMap<>();

    MoTree() {
        tree.put("uni", new Mo("polUni", "uni", Map.of()));
        tree.put("uni/tn-common", new Mo("fvTenant", "uni/tn-common", Map.of("name", "common")));
    }

    /** A refusal: the APIC's error code and text, for the object it names. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Refusal(int status, String code, String text) {
            super(text);
            this.status = status;
            this.code = code;
        }
    }

    /** Refuses every POST that makes or changes {@code dn}, with this APIC code (400). */
    void refuse(String dn, String code, String text) {
        refusals.put(dn, new String[] {code, text});
    }

    void accept(String dn) {
        refusals.remove(dn);
    }

    synchronized void seed(Mo mo) {
        tree.put(mo.dn(), mo);
    }

    synchronized void remove(String dn) {
        tree.keySet().removeIf(d -> Dn.within(d, dn));
    }

    synchronized Map<String, Mo> snapshot() {
        return new TreeMap<>(tree);
    }

    synchronized Mo get(String dn) {
        return tree.get(dn);
    }

    /** The objects of class {@code cls}, by dn; with {@code attribute}, those where it equals {@code value}. */
    synchronized List<Mo> ofClass(String cls, String attribute, String value) {
        List<Mo> out = new ArrayList<>();
        for (Mo mo : tree.values()) {
            if (mo.cls().equals(cls) && (attribute == null || mo.attribute(attribute).equals(value))) {
                out.add(mo);
            }
        }
        return out;
    }

    /** {@code dn} alone, or with {@code subtree} it and what lies under it, of {@code classes} (all when empty). */
    synchronized List<Mo> at(String dn, boolean subtree, Set<String> classes) {
        List<Mo> out = new ArrayList<>();
        if (!tree.containsKey(dn)) {
            return out;
        }
        if (!subtree) {
            out.add(tree.get(dn));
            return out;
        }
        for (Mo mo : tree.tailMap(dn, true).values()) {
            if (!mo.dn().startsWith(dn)) {
                break;
            }
            if (Dn.within(mo.dn(), dn) && (classes.isEmpty() || classes.contains(mo.cls()))) {
                out.add(mo);
            }
        }
        return out;
    }

    /** Applies one POST's tree at {@code urlDn}, whole or not at all; the count of objects it changed. */
    synchronized int post(String urlDn, JsonNode root) throws Refusal {
        if (root == null || !root.isObject() || root.size() != 1) {
            throw new Refusal(400, "400", "The body must hold one object");
        }
        TreeMap<String, Mo> next = new TreeMap<>(tree);
        int[] changed = {0};
        apply(root, urlDn, Dn.parent(urlDn), next, changed, true);
        tree.clear();
        tree.putAll(next);
        return changed[0];
    }

    private void apply(JsonNode wrapper, String defaultDn, String parentDn, TreeMap<String, Mo> t, int[] changed,
            boolean top) throws Refusal {
        Map.Entry<String, JsonNode> e = wrapper.fields().next();
        String cls = e.getKey();
        JsonNode body = e.getValue();
        Iterator<String> fields = body.fieldNames();
        if (fields.hasNext() && !fields.next().equals("attributes") && body.has("attributes")) {
            throw new Refusal(400, "120", "In " + cls + ", children come before attributes; attributes must be first");
        }
        Set<String> own = CLASSES.get(cls);
        if (own == null) {
            throw new Refusal(400, "122", "unknown managed object class " + cls);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        body.path("attributes").fields().forEachRemaining(f -> attrs.put(f.getKey(), f.getValue().asText()));
        String dn = attrs.getOrDefault("dn", top ? defaultDn : "");
        if (dn.isEmpty()) {
            throw new Refusal(400, "120", "In " + cls + ": no dn");
        }
        if (!Dn.parent(dn).equals(parentDn) && !top) {
            throw new Refusal(400, "120", dn + " is not a child of " + parentDn);
        }
        for (String a : attrs.keySet()) {
            if (!COMMON.contains(a) && !own.contains(a)) {
                throw new Refusal(400, "121", "unknown property " + a + " of class " + cls);
            }
        }
        String name = attrs.get("name");
        if (name != null && !NAME.matcher(name).matches()) {
            throw new Refusal(400, "801", "property name of " + dn + " failed validation for value '" + name + "'");
        }
        String encap = attrs.get("encap");
        if (encap != null) {
            Matcher m = ENCAP.matcher(encap);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 4094) {
                throw new Refusal(400, "801", "property encap of " + dn + " failed validation for value '" + encap
                        + "'");
            }
        }
        String status = attrs.getOrDefault("status", "");
        Mo existing = t.get(dn);
        if (!status.equals("deleted")) {
            String[] refusal = refusals.get(dn);
            if (refusal != null) {
                throw new Refusal(400, refusal[0], refusal[1]);
            }
        }
        switch (status) {
            case "deleted" -> {
                if (existing != null) {
                    List<String> gone = new ArrayList<>();
                    for (String d : t.tailMap(dn, true).keySet()) {
                        if (Dn.within(d, dn)) {
                            gone.add(d);
                        } else if (!d.startsWith(dn)) {
                            break;
                        }
                    }
                    gone.forEach(t::remove);
                    changed[0] += gone.size();
                }
                return;
            }
            case "created" -> {
                if (existing != null) {
                    throw new Refusal(400, "103", "Cannot create " + dn + "; object already exists.");
                }
            }
            case "modified" -> {
                if (existing == null) {
                    throw new Refusal(400, "102", "configured object ((" + dn + ")) not found");
                }
            }
            case "", "created,modified" -> {
                // made or updated
            }
            default -> throw new Refusal(400, "801", "property status of " + dn + " failed validation for value '"
                    + status + "'");
        }
        if (existing == null && !t.containsKey(Dn.parent(dn))) {
            throw new Refusal(400, "104", "Cannot create " + dn + ": its parent " + Dn.parent(dn)
                    + " does not exist");
        }
        Map<String, String> merged = new TreeMap<>(existing == null ? Map.of() : existing.attributes());
        attrs.forEach((k, v) -> {
            if (!k.equals("dn") && !k.equals("status")) {
                merged.put(k, cls.equals("vzEntry") ? named(k, v) : v);
            }
        });
        Mo mo = new Mo(cls, dn, merged);
        if (!mo.equals(existing)) {
            changed[0]++;
        }
        t.put(dn, mo);
        if (existing == null && cls.equals("fvCtx")) {
            t.put(dn + "/any", new Mo("vzAny", dn + "/any", Map.of()));
        }
        for (JsonNode child : body.path("children")) {
            apply(child, "", dn, t, changed, false);
        }
    }

    /** Ports and protocols the APIC stores by name, whatever number was written (as it shows them back). */
    private static final Map<String, String> PORTS = Map.of("20", "ftpData", "22", "ssh", "25", "smtp", "53", "dns",
            "80", "http", "110", "pop3", "443", "https", "554", "rtsp");
    private static final Map<String, String> PROTOCOLS = Map.of("1", "icmp", "2", "igmp", "6", "tcp", "8", "egp",
            "9", "igp", "17", "udp", "58", "icmpv6", "88", "eigrp", "89", "ospfigp", "103", "pim");

    private static String named(String attribute, String value) {
        if (attribute.endsWith("Port")) {
            return PORTS.getOrDefault(value, value);
        }
        return attribute.equals("prot") ? PROTOCOLS.getOrDefault(value, value) : value;
    }

}
