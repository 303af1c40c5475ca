package io.tenet.controller.reconciler;

import io.tenet.controller.compiler.SwitchState;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.MeterSpec;
import io.tenet.controller.reconciler.FlowEncoder.GroupBody;
import io.tenet.controller.reconciler.FlowEncoder.MeterBody;
import io.tenet.controller.reconciler.FlowEncoder.WireBody;
import io.tenet.controller.reconciler.FlowEncoder.WireKey;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.types.U64;

/**
 * The full comparison of a switch with its desired state: reads back Tenet's flows (by cookie), groups and meters
 * (by id range) and returns the messages that turn what it holds into the desired state, in the order of
 * {@link io.tenet.controller.compiler.StateDiff}. What belongs to other owners is never read or touched. It also
 * checks the invariant the part-by-part diff relies on: no two desired flows share a key, no two groups or meters
 * an id.
 */
final class SwitchReadBack {
    static final long TIMEOUT_SECONDS = 30;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SwitchReadBack.class);
    private final OpenFlowSwitch sw;
    private final AtomicBoolean warned;
    private final FlowEncoder encoder;
    private final String node;

    /** {@code warned} is the switch's own: whether it was said already that it lists no groups or meters. */
    SwitchReadBack(OpenFlowSwitch sw, FlowEncoder encoder, String node, AtomicBoolean warned) {
        this.sw = sw;
        this.encoder = encoder;
        this.node = node;
        this.warned = warned;
    }

    List<OFMessage> changes(SwitchState desired) throws Exception {
        List<OFMessage> before = new ArrayList<>();
        List<OFMessage> flows = new ArrayList<>();
        List<OFMessage> after = new ArrayList<>();
        groups(desired.groupsById(), before, after);
        meters(desired.metersById(), before, after);
        flows(desired, flows);
        List<OFMessage> out = new ArrayList<>(before.size() + flows.size() + after.size());
        out.addAll(before);
        out.addAll(flows);
        out.addAll(after);
        return out;
    }

    private void flows(SwitchState desired, List<OFMessage> out) throws Exception {
        List<OFFlowStatsEntry> entries = sw.dumpFlows(U64.of(Cookie.OWNER), U64.of(Cookie.OWNER_MASK))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<WireKey, WireBody> held = new HashMap<>();
        for (OFFlowStatsEntry e : entries) {
            held.put(WireKey.of(e.getTableId().getValue(), e.getPriority(), e.getMatch()), WireBody.of(e));
        }
        Map<WireKey, OFFlowAdd> want = new LinkedHashMap<>(2 * desired.size());
        desired.forEach(spec -> {
            OFFlowAdd add = encoder.add(spec);
            OFFlowAdd other = want.put(encoder.key(add), add);
            if (other != null && !encoder.body(other).equals(encoder.body(add))) {
                // The diff of later runs relies on one flow per key; the model is meant to make this impossible.
                throw new IllegalStateException("two flows with one key on node " + node + ": " + spec);
            }
        });
        for (WireKey k : held.keySet()) {
            if (!want.containsKey(k)) {
                out.add(encoder.delete(k));
            }
        }
        for (Map.Entry<WireKey, OFFlowAdd> e : want.entrySet()) {
            if (!encoder.body(e.getValue()).equals(held.get(e.getKey()))) {
                out.add(e.getValue());
            }
        }
    }

    /**
     * What the switch answers to a group or meter dump; a switch that refuses the request (it has no groups or
     * meters) holds none, as long as none is wanted: its flows are still reconciled.
     */
    private <T> List<T> dump(CompletableFuture<List<T>> request, String what, boolean wanted)
            throws Exception {
        try {
            return request.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof io.tenet.openflow.api.OpenFlowErrorException refused && !wanted) {
                if (!warned.getAndSet(true)) {
                    log.warn("Switch {} (node {}) refused to list its {} ({}); Tenet's on it are not audited. Upgrade"
                            + " Open vSwitch if a feature of Tenet needs them.", sw.datapathId(), node, what,
                            refused.errorName());
                }
                return List.of();
            }
            throw e;
        }
    }

    private void groups(Map<Long, GroupSpec> want, List<OFMessage> before, List<OFMessage> after) throws Exception {
        Map<Long, OFGroupDescStatsEntry> held = new HashMap<>();
        for (OFGroupDescStatsEntry e : dump(sw.dumpGroups(), "groups", !want.isEmpty())) {
            long id = e.getGroup().getGroupNumber() & 0xffffffffL;
            if (GroupSpec.isTenets(id)) {
                held.put(id, e);
            }
        }
        for (GroupSpec g : want.values()) {
            OFGroupDescStatsEntry has = held.remove(g.id());
            if (has == null) {
                before.add(encoder.addGroup(g));
            } else if (!GroupBody.of(has).equals(encoder.body(g))) {
                // Modified in place, type included: deleting it would delete the flows that use it.
                before.add(encoder.modifyGroup(g));
            }
        }
        held.forEach((id, e) -> after.add(encoder.deleteGroup(id, e.getGroupType())));
    }

    private void meters(Map<Long, MeterSpec> want, List<OFMessage> before, List<OFMessage> after) throws Exception {
        Map<Long, OFMeterConfig> held = new HashMap<>();
        for (OFMeterConfig c : dump(sw.dumpMeters(), "meters", !want.isEmpty())) {
            if (GroupSpec.isTenets(c.getMeterId())) {
                held.put(c.getMeterId(), c);
            }
        }
        for (MeterSpec m : want.values()) {
            OFMeterConfig has = held.remove(m.id());
            if (has == null) {
                before.add(encoder.addMeter(m));
            } else if (!MeterBody.of(has).equals(encoder.body(m))) {
                before.add(encoder.modifyMeter(m));
            }
        }
        held.keySet().forEach(id -> after.add(encoder.deleteMeter(id)));
    }
}
