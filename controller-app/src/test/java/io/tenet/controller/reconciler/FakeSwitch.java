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
 * their ethertype (as OVS checks). Refused flows are reported as errors and not installed.
 */
final class FakeSwitch implements OpenFlowSwitch {
    final OFFactory factory = OFFactories.getFactory(OFVersion.OF_14);
    final Map<FlowEncoder.WireKey, OFFlowStatsEntry> flows = new HashMap<>();
    final Map<String, OFPortDesc> ports = new HashMap<>();
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
            } else {
                errors.add(new OpenFlowErrorException(xid, "BAD_REQUEST/BAD_TYPE", m.getType().toString()));
            }
        }
        return CompletableFuture.completedFuture(new BatchResult(errors));
    }

    private String check(OFFlowAdd add) {
        if (fullTable != null && add.getTableId().getValue() == fullTable) {
            return "FLOW_MOD_FAILED/TABLE_FULL";
        }
        for (OFInstruction i : add.getInstructions()) {
            if (i instanceof OFInstructionGotoTable g && g.getTableId().getValue() <= add.getTableId().getValue()) {
                return "BAD_INSTRUCTION/BAD_TABLE_ID";
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
    public long flowModsSent() {
        return flowMods;
    }

    @Override
    public void disconnect() {
    }
}
