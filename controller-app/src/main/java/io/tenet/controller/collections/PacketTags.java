package io.tenet.controller.collections;

import io.tenet.controller.api.Encap;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.api.TagRanges;
import java.util.ArrayList;
import java.util.List;

/** The VLAN ids and VNIs networks hold, read from the networks-by-tag index. */
final class PacketTags {
    private PacketTags() {
    }

    /**
     * The lowest tag of {@code ranges} no network of {@code encap} holds (nor, for VLANs, a group of ACI mode), or
     * -1 when all are taken. Looks up one tag after another, so it costs at most one lookup per network or group
     * holding a tag of the ranges.
     */
    static int lowestFree(ModelSnapshot s, Encap encap, TagRanges ranges) {
        PersistentMap<ModelIndexes.Tag, NetworkKey> held = s.index(ModelIndexes.NETWORKS_BY_TAG);
        PersistentMap<Integer, ScopedKey> groups = s.index(ModelIndexes.GROUPS_BY_VLAN);
        for (TagRanges.Range r : ranges.ranges()) {
            for (int t = r.from(); t <= r.to(); t++) {
                if (held.get(new ModelIndexes.Tag(encap, t)) == null
                        && (encap != Encap.VLAN || groups.get(t) == null)) {
                    return t;
                }
            }
        }
        return -1;
    }

    /** The tags of {@code encap} that networks hold (and, for VLANs, groups of ACI mode), as ranges. */
    static TagRanges inUse(ModelSnapshot s, Encap encap) {
        List<Integer> tags = new ArrayList<>();
        for (Network n : s.get(ModelCollections.NETWORKS).values()) {
            if (n.spec().encap() == encap) {
                tags.add(n.tag());
            }
        }
        if (encap == Encap.VLAN) {
            s.index(ModelIndexes.GROUPS_BY_VLAN).forEach((vlan, group) -> tags.add(vlan));
        }
        tags.sort(null);
        List<TagRanges.Range> out = new ArrayList<>();
        for (int t : tags) {
            TagRanges.Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.to() + 1 == t) {
                out.set(out.size() - 1, new TagRanges.Range(last.from(), t));
            } else {
                out.add(new TagRanges.Range(t, t));
            }
        }
        return new TagRanges(out);
    }
}
