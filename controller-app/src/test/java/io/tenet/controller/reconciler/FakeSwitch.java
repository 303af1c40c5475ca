package io.tenet.controller.reconciler;

import io.tenet.openflow.api.OpenFlowErrorException;
import io.tenet.openflow.api.OpenFlowSwitch;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * An in-memory switch with the OpenFlow semantics the reconciler relies on: flows keyed by table, priority and
 * match; ADD replaces; DELETE_STRICT honours the cookie mask; goto_table must go forward; ARP and IP fields need
 * their ethertype (as OVS checks). Groups and meters as OVS has them: adding one that exists or modifying one that
 * does not is an error, a flow naming a missing group or meter is refused, and deleting a group or meter deletes
 * the flows that use it. Refused messages are reported as errors and change nothing; a bundle with a refused
 * message changes nothing at all.
 */
final class FakeSwitch implements OpenFlowSwitch {
    final OFFactory factory = OFFactories.getFactory(OFVersion.OF_14);
    final Map<FlowEncoder.WireKey, OFFlowStatsEntry> flows = new HashMap<>();
    final Map<String, OFPortDesc> ports = new HashMap<>();
    final Map<Long, OFGroupDescStatsEntry> groups = new HashMap<>();
    final Map<Long, OFMeterConfig> meters = new HashMap<>();
    long flowMods;
    int dumps;
    /** Every message the reconciler sent, in order. */
    final List<OFMessage> sent = new ArrayList<>();
    /** When set, every flow added to this table is refused as TABLE_FULL. */
    Integer fullTable;

    FakeSwitch(Map<String, Integer> portNumbers) {
        portNumbers.forEach((name, no) -> ports.put(name, factory.buildPortDesc().setName(name)
                .setPortNo(OFPort.of(no)).build()));
    }

    @Override
    public DatapathId datapathId() {
        return DatapathId.of(0x11);
    }

    @Override
    public OFFactory factory() {
        return factory;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public Map<String, OFPortDesc> ports() {
        return Map.copyOf(ports);
    }

    @Override
    public synchronized CompletableFuture<BatchResult> sendBatch(List<? extends OFMessage> messages) {
        List<OpenFlowErrorException> errors = new ArrayList<>();
        long xid = 1;
        for (OFMessage m : messages) {
            xid++;
            sent.add(m);
            if (m instanceof OFFlowAdd add) {
                flowMods++;
                String problem = check(add);
                if (problem != null) {
                    errors.add(new OpenFlowErrorException(xid, problem, add.toString()));
                    continue;
                }
                flows.put(FlowEncoder.WireKey.of(add.getTableId().getValue(), add.getPriority(), add.getMatch()),
                        factory.buildFlowStatsEntry().setTableId(add.getTableId()).setPriority(add.getPriority())
                                .setMatch(add.getMatch()).setCookie(add.getCookie())
                                .setInstructions(add.getInstructions()).build());
            } else if (m instanceof OFFlowDeleteStrict del) {
                flowMods++;
                FlowEncoder.WireKey k = FlowEncoder.WireKey.of(del.getTableId().getValue(), del.getPriority(),
                        del.getMatch());
                OFFlowStatsEntry e = flows.get(k);
                if (e != null && e.getCookie().and(del.getCookieMask()).equals(del.getCookie().and(del.getCookieMask()))) {
                    flows.remove(k);
                }
            } else if (m instanceof OFGroupMod g) {
                String problem = group(g);
                if (problem != null) {
                    errors.add(new OpenFlowErrorException(xid, problem, g.toString()));
                }
            } else if (m instanceof OFMeterMod mm) {
                String problem = meter(mm);
                if (problem != null) {
                    errors.add(new OpenFlowErrorException(xid, problem, mm.toString()));
                }
            } else {
                errors.add(new OpenFlowErrorException(xid, "BAD_REQUEST/BAD_TYPE", m.getType().toString()));
            }
        }
        return CompletableFuture.completedFuture(new BatchResult(errors));
    }

    /** As Open vSwitch applies a bundle: all of it, or, when any message is refused, nothing. */
    @Override
    public synchronized CompletableFuture<BatchResult> sendBundle(List<? extends OFMessage> messages) {
        Map<FlowEncoder.WireKey, OFFlowStatsEntry> flowsBefore = new HashMap<>(flows);
        Map<Long, OFGroupDescStatsEntry> groupsBefore = new HashMap<>(groups);
        Map<Long, OFMeterConfig> metersBefore = new HashMap<>(meters);
        BatchResult r = sendBatch(messages).join();
        if (!r.ok()) {
            flows.clear();
            flows.putAll(flowsBefore);
            groups.clear();
            groups.putAll(groupsBefore);
            meters.clear();
            meters.putAll(metersBefore);
        }
        return CompletableFuture.completedFuture(r);
    }

    private String group(OFGroupMod g) {
        long id = g.getGroup().getGroupNumber() & 0xffffffffL;
        OFGroupDescStatsEntry entry = factory.buildGroupDescStatsEntry().setGroup(g.getGroup())
                .setGroupType(g.getGroupType()).setBuckets(g.getBuckets()).build();
        switch (g.getCommand()) {
            case ADD -> {
                if (groups.containsKey(id)) {
                    return "GROUP_MOD_FAILED/GROUP_EXISTS";
                }
                groups.put(id, entry);
            }
            case MODIFY -> {
                if (!groups.containsKey(id)) {
                    return "GROUP_MOD_FAILED/UNKNOWN_GROUP";
                }
                groups.put(id, entry);
            }
            case DELETE -> {
                groups.remove(id);
                flows.values().removeIf(f -> usesGroup(f.getInstructions(), id));
            }
            default -> {
                return "GROUP_MOD_FAILED/BAD_COMMAND";
            }
        }
        return null;
    }

    private String meter(OFMeterMod m) {
        long id = m.getMeterId();
        List<org.projectfloodlight.openflow.protocol.meterband.OFMeterBand> bands =
                m.getVersion() == OFVersion.OF_13 ? m.getMeters() : m.getBands();
        OFMeterConfig config = factory.buildMeterConfig().setMeterId(id).setFlags(m.getFlags()).setEntries(bands).build();
        switch (m.getCommand()) {
            case ADD -> {
                if (meters.containsKey(id)) {
                    return "METER_MOD_FAILED/METER_EXISTS";
                }
                meters.put(id, config);
            }
            case MODIFY -> {
                if (!meters.containsKey(id)) {
                    return "METER_MOD_FAILED/UNKNOWN_METER";
                }
                meters.put(id, config);
            }
            case DELETE -> {
                meters.remove(id);
                flows.values().removeIf(f -> f.getInstructions().stream()
                        .anyMatch(i -> i instanceof OFInstructionMeter im && im.getMeterId() == id));
            }
            default -> {
                return "METER_MOD_FAILED/BAD_COMMAND";
            }
        }
        return null;
    }

    private static boolean usesGroup(List<OFInstruction> instructions, long id) {
        for (OFInstruction i : instructions) {
            if (i instanceof OFInstructionApplyActions apply) {
                for (OFAction a : apply.getActions()) {
                    if (a instanceof OFActionGroup g && (g.getGroup().getGroupNumber() & 0xffffffffL) == id) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String check(OFFlowAdd add) {
        if (fullTable != null && add.getTableId().getValue() == fullTable) {
            return "FLOW_MOD_FAILED/TABLE_FULL";
        }
        for (OFInstruction i : add.getInstructions()) {
            if (i instanceof OFInstructionGotoTable g && g.getTableId().getValue() <= add.getTableId().getValue()) {
                return "BAD_INSTRUCTION/BAD_TABLE_ID";
            }
            if (i instanceof OFInstructionMeter m && !meters.containsKey(m.getMeterId())) {
                return "METER_MOD_FAILED/UNKNOWN_METER";
            }
            if (i instanceof OFInstructionApplyActions apply) {
                for (OFAction a : apply.getActions()) {
                    if (a instanceof OFActionGroup g && !groups.containsKey(g.getGroup().getGroupNumber() & 0xffffffffL)) {
                        return "BAD_ACTION/BAD_OUT_GROUP";
                    }
                }
            }
        }
        EthType type = add.getMatch().get(MatchField.ETH_TYPE);
        boolean arp = add.getMatch().get(MatchField.ARP_OP) != null || add.getMatch().get(MatchField.ARP_TPA) != null;
        boolean ip = add.getMatch().get(MatchField.IPV4_SRC) != null;
        if ((arp && !EthType.ARP.equals(type)) || (ip && !EthType.IPv4.equals(type))) {
            return "BAD_MATCH/BAD_PREREQ";
        }
        return null;
    }

    @Override
    public synchronized CompletableFuture<List<OFFlowStatsEntry>> dumpFlows(U64 cookie, U64 cookieMask) {
        dumps++;
        List<OFFlowStatsEntry> out = new ArrayList<>();
        for (OFFlowStatsEntry e : flows.values()) {
            if (e.getCookie().and(cookieMask).equals(cookie.and(cookieMask))) {
                out.add(e);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<List<OFGroupDescStatsEntry>> dumpGroups() {
        return CompletableFuture.completedFuture(List.copyOf(groups.values()));
    }

    @Override
    public synchronized CompletableFuture<List<OFMeterConfig>> dumpMeters() {
        return CompletableFuture.completedFuture(List.copyOf(meters.values()));
    }

    @Override
    public long flowModsSent() {
        return flowMods;
    }

    @Override
    public long stateModsSent() {
        return sent.size();
    }

    @Override
    public void disconnect() {
    }
}
