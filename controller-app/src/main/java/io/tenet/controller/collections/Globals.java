package io.tenet.controller.collections;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Global;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.TagRanges;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code globals}: the one {@code global} object. It exists on a fresh store with Contiv's defaults; a write
 * replaces it whole (a field left out takes its default). The forwarding mode, the tag pools and the
 * infrastructure type describe every network, so they change only while there is none; the ARP mode, the private
 * subnet and the name server may change at any time. It cannot be deleted.
 */
final class Globals extends SingleRecordCollection<Global> {
    Globals() {
        super("globals", "global settings", Global.NAME, Global.class);
    }

    @Override
    public List<Global> initialRecords() {
        return List.of(Global.DEFAULT);
    }

    @Override
    public Global admit(Global g, Global existing, ModelSnapshot s) {
        Global now = existing == null ? Global.DEFAULT : existing;
        int networks = s.get(ModelCollections.NETWORKS).size();
        if (networks > 0) {
            fixed("fwdMode", now, g, Global::fwdMode, networks);
            fixed("vlans", now, g, Global::vlans, networks);
            fixed("vxlans", now, g, Global::vxlans, networks);
            fixed("networkInfraType", now, g, Global::networkInfraType, networks);
        }
        if (g.networkInfraType() == Global.InfraType.ACI && now.networkInfraType() != Global.InfraType.ACI) {
            List<String> withAddress = s.get(ModelCollections.RULES).values().stream()
                    .filter(r -> r.peerAddress() != null).map(r -> r.key().toString()).sorted().limit(5).toList();
            if (!withAddress.isEmpty()) {
                throw new ValidationException(ValidationException.Kind.CONFLICT, "networkInfraType",
                        "networkInfraType aci does not take rules with an address, and these have one: "
                        + String.join(", ", withAddress));
            }
        }
        return g.equals(now) ? now : g;
    }

    /** Whether {@code globals.networkInfraType} is {@code aci}. */
    static boolean aciMode(ModelSnapshot s) {
        Global g = s.get(ModelCollections.GLOBALS).get(Global.NAME);
        return g != null && g.networkInfraType() == Global.InfraType.ACI;
    }

    private static void fixed(String field, Global now, Global next, Function<Global, Object> value, int networks) {
        if (!Objects.equals(value.apply(now), value.apply(next))) {
            throw new ValidationException(Kind.CONFLICT, field, field + " cannot change while networks exist ("
                    + networks + "); it is " + text(value.apply(now)));
        }
    }

    private static String text(Object v) {
        return v instanceof Enum<?> e ? Global.wire(e) : String.valueOf(v);
    }

    @Override
    public void checkDelete(Global existing, ModelSnapshot current) {
        throw new ValidationException(Kind.CONFLICT, "name", "the global settings cannot be deleted; write them "
                + "with the values wanted (a field left out takes its default)");
    }

    @Override
    public Global fromJson(String key, JsonBody b) {
        b.matchesKey("name", key);
        String vlans = b.text("vlans");
        String vxlans = b.text("vxlans");
        String subnet = b.text("pvtSubnet");
        return new Global(Global.FwdMode.parse(b.text("fwdMode")), Global.ArpMode.parse(b.text("arpMode")),
                vlans == null || vlans.isEmpty() ? Global.DEFAULT.vlans()
                        : TagRanges.parse("vlans", vlans, Global.MAX_VLAN),
                vxlans == null || vxlans.isEmpty() ? Global.DEFAULT.vxlans()
                        : TagRanges.parse("vxlans", vxlans, NetworkSpec.MAX_VNI),
                subnet == null || subnet.isEmpty() ? Global.DEFAULT.pvtSubnet()
                        : b.parsed("pvtSubnet", Ipv4Prefix::parse, false),
                Global.InfraType.parse(b.text("networkInfraType")), b.parsed("nameserver", Ipv4::parse, false));
    }

    @Override
    public ObjectNode toJson(Global g, ModelSnapshot s) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", Global.NAME);
        o.put("name", Global.NAME);
        o.put("fwdMode", Global.wire(g.fwdMode()));
        o.put("arpMode", Global.wire(g.arpMode()));
        o.put("vlans", g.vlans().toString());
        o.put("vxlans", g.vxlans().toString());
        o.put("pvtSubnet", g.pvtSubnet().toString());
        o.put("networkInfraType", Global.wire(g.networkInfraType()));
        o.put("nameserver", g.nameserver() == null ? "" : g.nameserver().toString());
        return o;
    }

    @Override
    protected ObjectNode oper(Global g, ViewContext c) {
        ModelSnapshot s = c.snapshot();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("numNetworks", s.get(ModelCollections.NETWORKS).size());
        o.put("vlansInUse", PacketTags.inUse(s, Encap.VLAN).toString());
        o.put("vxlansInUse", PacketTags.inUse(s, Encap.VXLAN).toString());
        o.put("freeVLANsStart", PacketTags.lowestFree(s, Encap.VLAN, g.vlans()));
        o.put("freeVXLANsStart", PacketTags.lowestFree(s, Encap.VXLAN, g.vxlans()));
        return o;
    }

    @Override
    public List<Column<Global>> columns() {
        return List.of(new Column<>("Forwarding", (g, c) -> Global.wire(g.fwdMode())),
                new Column<>("ARP", (g, c) -> Global.wire(g.arpMode())),
                new Column<>("VLANs", (g, c) -> g.vlans().toString()),
                new Column<>("VXLANs", (g, c) -> g.vxlans().toString()),
                new Column<>("Private subnet", (g, c) -> g.pvtSubnet().toString()),
                new Column<>("Infra", (g, c) -> Global.wire(g.networkInfraType())));
    }
}
