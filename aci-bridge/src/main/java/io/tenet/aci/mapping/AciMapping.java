package io.tenet.aci.mapping;

import io.tenet.aci.apic.Mo;
import io.tenet.controller.api.AciGw;
import io.tenet.controller.api.AppProfile;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ExtContractsGroup;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Rule;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.collections.ModelCollections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The APIC objects a model snapshot asks for (the table in docs/aci.md). A pure function of the snapshot and the
 * {@code aciGw} settings: the same model gives the same objects, so after a restart the bridge finds on the APIC
 * exactly what it computes and writes nothing. Every object carries {@link #ANNOTATION}, by which the bridge knows
 * its own objects from everyone else's.
 */
public final class AciMapping {
    /** The annotation of every object Tenet makes; the bridge reads, changes and deletes only objects bearing it. */
    public static final String ANNOTATION = "orchestrator:tenet";
    /** Each tenant's VRF. */
    public static final String VRF = "tenet-vrf";
    /** The application profile of the groups no {@code appProfiles} object names. */
    public static final String DEFAULT_AP = "tenet-default";
    /** The contract that keeps a group without {@code defaultDeny} open to every group of its VRF. */
    public static final String OPEN_CONTRACT = "tenet-open";
    /** The group of a VLAN network's endpoints in no group: {@code net:<network>}. */
    public static final String NETWORK_GROUP_PREFIX = "net:";
    private static final Pattern CONTRACT_DN = Pattern.compile("uni/tn-([^/]+)/brc-([^/]+)");
    private static final int APIC_NAME_MAX = 64;

    /** A model item the APIC cannot be given, and why: shown in {@code aciGws} inspect. */
    public record Unmapped(String item, String reason) {
    }

    /** The objects by dn, and what could not be mapped. */
    public record Desired(SortedMap<String, Mo> objects, List<Unmapped> unmapped) {
    }

    private final ModelSnapshot s;
    private final AciGw gw;
    private final SortedMap<String, Mo> out = new TreeMap<>();
    private final List<Unmapped> unmapped = new ArrayList<>();
    private final Map<ScopedKey, String> groupDn = new HashMap<>();
    /** The groups carrying each policy, and the groups of each network, by their dn. */
    private final Map<ScopedKey, List<String>> carrying = new HashMap<>();
    private final Map<NetworkKey, List<String>> onNetwork = new HashMap<>();

    private AciMapping(ModelSnapshot s, AciGw gw) {
        this.s = s;
        this.gw = gw;
    }

    public static Desired of(ModelSnapshot s, AciGw gw) {
        AciMapping m = new AciMapping(s, gw);
        m.map();
        return new Desired(m.out, List.copyOf(m.unmapped));
    }

    private void put(String cls, String dn, String... attributes) {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            a.put(attributes[i], attributes[i + 1]);
        }
        a.put("annotation", ANNOTATION);
        out.put(dn, new Mo(cls, dn, a));
    }

    static String tenantDn(String tenant) {
        return "uni/tn-" + tenant;
    }

    static String vrfDn(String tenant) {
        return tenantDn(tenant) + "/ctx-" + VRF;
    }

    private void map() {
        for (Tenant t : s.get(ModelCollections.TENANTS).values()) {
            put("fvTenant", tenantDn(t.name()), "name", t.name());
            put("fvCtx", vrfDn(t.name()), "name", VRF, "pcEnfPref", gw.enforcePolicies() ? "enforced" : "unenforced");
        }
        for (Network n : s.get(ModelCollections.NETWORKS).values()) {
            NetworkSpec spec = n.spec();
            String bd = tenantDn(spec.key().tenant()) + "/BD-" + spec.key().network();
            put("fvBD", bd, "name", spec.key().network());
            put("fvRsCtx", bd + "/rsctx", "tnFvCtxName", VRF);
            if (spec.gateway() != null) {
                String ip = spec.gateway() + "/" + spec.subnet().length();
                put("fvSubnet", bd + "/subnet-[" + ip + "]", "ip", ip);
            }
            if (spec.encap() == Encap.VLAN && n.tag() > 0) {
                networkGroup(n);
            }
        }
        Map<ScopedKey, String> profileOf = new HashMap<>();
        for (AppProfile a : s.get(ModelCollections.APP_PROFILES).values()) {
            for (String g : a.groups()) {
                profileOf.putIfAbsent(new ScopedKey(a.key().tenant(), g), a.key().name());
            }
        }
        for (EndpointGroup g : s.get(ModelCollections.GROUPS).values()) {
            group(g, profileOf.getOrDefault(g.key(), DEFAULT_AP));
        }
        for (Rule r : s.get(ModelCollections.RULES).values()) {
            rule(r);
        }
    }

    private void group(EndpointGroup g, String profile) {
        String tenant = g.key().tenant();
        String ap = tenantDn(tenant) + "/ap-" + profile;
        put("fvAp", ap, "name", profile);
        String epg = ap + "/epg-" + g.key().name();
        groupDn.put(g.key(), epg);
        for (String p : g.policies()) {
            carrying.computeIfAbsent(new ScopedKey(tenant, p), k -> new ArrayList<>()).add(epg);
        }
        onNetwork.computeIfAbsent(new NetworkKey(tenant, g.network()), k -> new ArrayList<>()).add(epg);
        put("fvAEPg", epg, "name", g.key().name());
        put("fvRsBd", epg + "/rsbd", "tnFvBDName", g.network());
        Network n = s.get(ModelCollections.NETWORKS).get(new NetworkKey(tenant, g.network()));
        if (n != null && n.spec().encap() == Encap.VLAN && n.tag() > 0) {
            // the group's own VLAN (ACI mode gives every group of a VLAN network one), else its network's
            bind(epg, g.vlan() != 0 ? g.vlan() : n.tag());
        } else {
            domain(epg);
        }
        if (n != null && n.spec().encap() != Encap.VLAN && !(gw.pathBindings().isEmpty()
                && gw.nodeBindings().isEmpty())) {
            unmapped.add(new Unmapped("endpointGroups/" + g.key(), "network " + g.network() + " is "
                    + n.spec().encap().wire() + ": the fabric carries groups in VLANs, so no path binding is made"));
        }
        if (!g.defaultDeny()) {
            openContract(tenant);
            put("fvRsProv", epg + "/rsprov-" + OPEN_CONTRACT, "tnVzBrCPName", OPEN_CONTRACT);
        }
        for (String name : g.extContractsGroups()) {
            ExtContractsGroup e = s.get(ModelCollections.EXT_CONTRACTS_GROUPS).get(new ScopedKey(tenant, name));
            if (e != null) {
                external(g, epg, e);
            }
        }
    }

    /**
     * The group of a VLAN network's endpoints that are in no group (and of what the host routes into it): its
     * packets carry the network's own VLAN, so the fabric needs a group with that encap. Open, as such endpoints
     * are in Tenet. Its name has a ':' that no Tenet name has.
     */
    private void networkGroup(Network n) {
        String tenant = n.spec().key().tenant();
        String ap = tenantDn(tenant) + "/ap-" + DEFAULT_AP;
        put("fvAp", ap, "name", DEFAULT_AP);
        String name = NETWORK_GROUP_PREFIX + n.spec().key().network();
        String epg = ap + "/epg-" + name;
        put("fvAEPg", epg, "name", name);
        put("fvRsBd", epg + "/rsbd", "tnFvBDName", n.spec().key().network());
        bind(epg, n.tag());
        openContract(tenant);
        put("fvRsProv", epg + "/rsprov-" + OPEN_CONTRACT, "tnVzBrCPName", OPEN_CONTRACT);
    }

    /** The physical domain and the path and node bindings of a group, with its VLAN. */
    private void bind(String epg, int vlan) {
        domain(epg);
        String encap = "vlan-" + vlan;
        for (String p : gw.pathBindings()) {
            put("fvRsPathAtt", epg + "/rspathAtt-[" + p + "]", "tDn", p, "encap", encap, "instrImedcy", "immediate");
        }
        for (String p : gw.nodeBindings()) {
            put("fvRsNodeAtt", epg + "/rsnodeAtt-[" + p + "]", "tDn", p, "encap", encap, "instrImedcy", "immediate");
        }
    }

    /** The group's relation to the physical domain, when {@code aciGw} names one. */
    private void domain(String epg) {
        if (!gw.physicalDomain().isEmpty()) {
            String dom = "uni/phys-" + gw.physicalDomain();
            put("fvRsDomAtt", epg + "/rsdomAtt-[" + dom + "]", "tDn", dom, "instrImedcy", "immediate",
                    "resImedcy", "immediate");
        }
    }

    /** A permit-everything contract of the tenant, consumed by every group of its VRF (vzAny). */
    private void openContract(String tenant) {
        String t = tenantDn(tenant);
        if (out.containsKey(t + "/brc-" + OPEN_CONTRACT)) {
            return;
        }
        put("vzFilter", t + "/flt-" + OPEN_CONTRACT, "name", OPEN_CONTRACT);
        put("vzEntry", t + "/flt-" + OPEN_CONTRACT + "/e-any", "name", "any", "etherT", "unspecified");
        contract(t, OPEN_CONTRACT, "permit", 0);
        put("vzRsAnyToCons", vrfDn(tenant) + "/any/rsanyToCons-" + OPEN_CONTRACT, "tnVzBrCPName", OPEN_CONTRACT);
    }

    private void contract(String tenantDn, String name, String action, int priority) {
        String brc = tenantDn + "/brc-" + name;
        put("vzBrCP", brc, "name", name, "scope", "context");
        put("vzSubj", brc + "/subj-rule", "name", "rule", "revFltPorts", "yes");
        if (action.equals("deny")) {
            put("vzRsSubjFiltAtt", brc + "/subj-rule/rssubjFiltAtt-" + name, "tnVzFilterName", name, "action",
                    "deny", "priorityOverride", priority >= 67 ? "level1" : priority >= 34 ? "level2" : "level3");
        } else {
            put("vzRsSubjFiltAtt", brc + "/subj-rule/rssubjFiltAtt-" + name, "tnVzFilterName", name, "action",
                    "permit");
        }
    }

    private void external(EndpointGroup g, String epg, ExtContractsGroup e) {
        for (String dn : e.contracts()) {
            Matcher m = CONTRACT_DN.matcher(dn);
            if (!m.matches()) {
                continue;
            }
            String owner = m.group(1);
            if (!owner.equals(g.key().tenant()) && !(owner.equals("common") && gw.includeCommonTenant())) {
                unmapped.add(new Unmapped("extContractsGroups/" + e.key(), dn + " is a contract of tenant " + owner
                        + ": a group can use its own tenant's contracts, and common's with includeCommonTenant yes"));
                continue;
            }
            String rel = e.contractsType() == ExtContractsGroup.Type.PROVIDED ? "fvRsProv" : "fvRsCons";
            put(rel, epg + (rel.equals("fvRsProv") ? "/rsprov-" : "/rscons-") + m.group(2), "tnVzBrCPName",
                    m.group(2));
        }
    }

    private void rule(Rule r) {
        String tenant = r.key().tenant();
        List<String> carriers = carrying.getOrDefault(new ScopedKey(tenant, r.key().policy()), List.of());
        if (carriers.isEmpty()) {
            return;
        }
        if (r.peerAddress() != null) {
            unmapped.add(new Unmapped("rules/" + r.key(), "rules with an address are not mapped in ACI mode"
                    + " (they need an L3Out's external EPG); the REST API refuses them while ACI mode is on"));
            return;
        }
        // ':' is in APIC names but never in Tenet's, so no two rules (nor a rule and tenet-open) share a name
        String name = name(r.key().policy() + ":" + r.key().ruleId());
        String t = tenantDn(tenant);
        put("vzFilter", t + "/flt-" + name, "name", name);
        Rule.Protocol p = r.protocol();
        String port = port(r.port());
        put("vzEntry", t + "/flt-" + name + "/e-rule", "name", "rule", "etherT", p == null ? "unspecified" : "ip",
                "prot", p == null ? "unspecified" : protocol(p.number()), "dFromPort", port, "dToPort", port);
        contract(t, name, r.action() == Rule.Verdict.DENY ? "deny" : "permit", r.priority());
        boolean in = r.direction() == Rule.Direction.IN;
        for (String c : carriers) {
            relation(c, name, in);
        }
        List<String> peers = new ArrayList<>();
        if (!r.peerGroup().isEmpty()) {
            String dn = groupDn.get(new ScopedKey(tenant, r.peerGroup()));
            if (dn != null) {
                peers.add(dn);
            }
        } else if (!r.peerNetwork().isEmpty()) {
            peers.addAll(onNetwork.getOrDefault(new NetworkKey(tenant, r.peerNetwork()), List.of()));
        } else {
            String any = vrfDn(tenant) + "/any";
            if (in) {
                put("vzRsAnyToCons", any + "/rsanyToCons-" + name, "tnVzBrCPName", name);
            } else {
                put("vzRsAnyToProv", any + "/rsanyToProv-" + name, "tnVzBrCPName", name);
            }
        }
        for (String peer : peers) {
            relation(peer, name, !in);
        }
    }

    /** The group provides ({@code provides}) or consumes the contract. */
    private void relation(String epg, String contract, boolean provides) {
        if (provides) {
            put("fvRsProv", epg + "/rsprov-" + contract, "tnVzBrCPName", contract);
        } else {
            put("fvRsCons", epg + "/rscons-" + contract, "tnVzBrCPName", contract);
        }
    }

    /** The APIC's names of ports: it shows these by name whatever was written, so Tenet writes them so too. */
    private static final Map<Integer, String> PORT_NAMES = Map.of(20, "ftpData", 22, "ssh", 25, "smtp", 53, "dns",
            80, "http", 110, "pop3", 443, "https", 554, "rtsp");
    /** The APIC's names of IP protocols, likewise. */
    private static final Map<Integer, String> PROTOCOL_NAMES = Map.of(1, "icmp", 2, "igmp", 6, "tcp", 8, "egp",
            9, "igp", 17, "udp", 58, "icmpv6", 88, "eigrp", 89, "ospfigp", 103, "pim");

    /** A port as the APIC shows it: {@code unspecified}, a well-known name, or the number. */
    public static String port(int port) {
        return port == 0 ? "unspecified" : PORT_NAMES.getOrDefault(port, Integer.toString(port));
    }

    /** An IP protocol as the APIC shows it: a name, or the number. */
    public static String protocol(int number) {
        return PROTOCOL_NAMES.getOrDefault(number, Integer.toString(number));
    }

    /** An APIC name of at most 64 characters: {@code text}, or its start and a digest when longer. */
    static String name(String text) {
        if (text.length() <= APIC_NAME_MAX) {
            return text;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return text.substring(0, APIC_NAME_MAX - 9) + "-" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
