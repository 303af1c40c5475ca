package io.tenet.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.openflow.api.ChannelSettings;
import io.tenet.openflow.api.FlowCounter;
import io.tenet.openflow.OpenFlow;
import io.tenet.openflow.api.OpenFlowServer;
import io.tenet.openflow.api.ControllerRole;
import io.tenet.openflow.api.OpenFlowErrorException;
import io.tenet.openflow.api.OpenFlowSwitch;
import io.tenet.openflow.api.SwitchListener;
import io.tenet.testbed.OvsInstance;
import io.tenet.testbed.Poll;
import io.tenet.testbed.Testbed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The OpenFlow channel against a real ovs-vswitchd (userspace datapath) in its own namespace. */
@Tag("system")
class OpenFlowChannelOvsTest {
    private static Testbed tb;
    private static OvsInstance ovs;
    private static OpenFlowServer listener;
    private static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        tb = TestbedSupport.start(0);
        String ns = tb.prefix() + "-of";
        tb.addNs(ns);
        tb.attachManagement(ns, 90);
        listener = OpenFlow.listen(ChannelSettings.of(new InetSocketAddress(
                InetAddress.getByName(tb.managementAddress()), 0)));
        listener.addListener(new SwitchListener() {
            @Override
            public void switchConnected(OpenFlowSwitch sw) {
                events.add("connected");
            }

            @Override
            public void switchDisconnected(OpenFlowSwitch sw) {
                events.add("disconnected");
            }

            @Override
            public void portChanged(OpenFlowSwitch sw, OFPortReason reason, OFPortDesc port) {
                events.add(reason + " " + port.getName());
            }
        });
        ovs = OvsInstance.start(ns, tb.dir().resolve("of"));
        ovs.vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath_type=netdev", "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14", "other-config:datapath-id=00000000000000aa");
        ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":" + listener.localAddress().getPort());
        Poll.require(Duration.ofSeconds(15), "br0 to connect", () -> !listener.switches().isEmpty());
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close();
        }
        if (ovs != null) {
            ovs.stop();
        }
        if (tb != null) {
            tb.close();
        }
    }

    private static OpenFlowSwitch sw() {
        return listener.switches().iterator().next();
    }

    @Test
    void negotiatesOpenFlow14AndReportsTheBridgePort() {
        assertEquals(OFVersion.OF_14, sw().factory().getVersion());
        assertEquals(0xaa, sw().datapathId().getLong());
        assertTrue(sw().ports().containsKey("br0"), sw().ports().toString());
    }

    @Test
    void portStatusFollowsPortsAddedOnTheBridge() {
        ovs.vsctl("add-port", "br0", "p1", "--", "set", "interface", "p1", "type=internal");
        Poll.require(Duration.ofSeconds(10), () -> "port p1 known and reported: " + events,
                () -> sw().ports().containsKey("p1") && events.contains("ADD p1"));
        ovs.vsctl("del-port", "br0", "p1");
        Poll.require(Duration.ofSeconds(10), "port p1 gone", () -> !sw().ports().containsKey("p1"));
    }

    @Test
    void aBatchIsConfirmedByItsBarrierAndErrorsNameTheFailedFlow() throws Exception {
        OFFactory f = sw().factory();
        var good = f.buildFlowAdd().setTableId(TableId.of(3)).setPriority(10).setCookie(U64.of(0x7e01000000000042L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(7)).build()).build();
        // An ARP field without its ethertype: OVS refuses it with BAD_MATCH/BAD_PREREQ.
        var bad = f.buildFlowAdd().setTableId(TableId.of(3)).setPriority(11).setCookie(U64.of(0x7e01000000000043L))
                .setMatch(f.buildMatch().setExact(MatchField.ARP_OP,
                        org.projectfloodlight.openflow.types.ArpOpcode.REQUEST).build()).build();
        OpenFlowSwitch.BatchResult r = sw().sendBatch(List.of(good, bad)).get(10, TimeUnit.SECONDS);
        assertEquals(1, r.errors().size(), r.toString());
        assertEquals("BAD_MATCH/BAD_PREREQ", r.errors().get(0).errorName());
        assertTrue(r.errors().get(0).failedMessage().contains("priority=0xb") || r.errors().get(0).failedMessage()
                .contains("priority=11"), r.errors().get(0).failedMessage());
        List<OFFlowStatsEntry> flows = sw().dumpFlows(U64.of(0x7e00000000000000L), U64.of(0xff00000000000000L))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, flows.size(), flows.toString());
        assertEquals(U64.of(0x7e01000000000042L), flows.get(0).getCookie());
        assertTrue(ovs.ofctl("dump-flows", "br0").contains("in_port=7"));
    }

    @Test
    void aBundleIsAppliedWholeOrNotAtAllAndItsErrorNamesTheFailedFlow() throws Exception {
        OFFactory f = sw().factory();
        U64 prefix = U64.of(0x7c00000000000000L);
        U64 mask = U64.of(0xff00000000000000L);
        var first = f.buildFlowAdd().setTableId(TableId.of(6)).setPriority(10).setCookie(U64.of(0x7c00000000000001L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(21)).build()).build();
        var second = f.buildFlowAdd().setTableId(TableId.of(6)).setPriority(10).setCookie(U64.of(0x7c00000000000002L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(22)).build()).build();
        // An ARP field without its ethertype: OVS refuses it with BAD_MATCH/BAD_PREREQ.
        var bad = f.buildFlowAdd().setTableId(TableId.of(6)).setPriority(11).setCookie(U64.of(0x7c00000000000003L))
                .setMatch(f.buildMatch().setExact(MatchField.ARP_OP,
                        org.projectfloodlight.openflow.types.ArpOpcode.REQUEST).build()).build();
        // A flow whose group does not exist: OVS accepts its add and refuses it at the commit.
        var orphan = f.buildFlowAdd().setTableId(TableId.of(6)).setPriority(12).setCookie(U64.of(0x7c00000000000004L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(23)).build())
                .setInstructions(List.of(f.instructions().applyActions(List.of(f.actions().group(
                        org.projectfloodlight.openflow.types.OFGroup.of(0x7c99)))))).build();
        try {
            OpenFlowSwitch.BatchResult refused = sw().sendBundle(List.of(first, bad, second)).get(10, TimeUnit.SECONDS);
            assertTrue(refused.errors().stream().anyMatch(e -> e.errorName().equals("BAD_MATCH/BAD_PREREQ")
                    && (e.failedMessage().contains("priority=0xb") || e.failedMessage().contains("priority=11"))),
                    refused.toString());
            assertEquals(List.of(), sw().dumpFlows(prefix, mask).get(10, TimeUnit.SECONDS),
                    "nothing of a bundle with a refused message applied (it is discarded, not committed)");
            OpenFlowSwitch.BatchResult failed = sw().sendBundle(List.of(first, orphan, second)).get(10,
                    TimeUnit.SECONDS);
            assertTrue(failed.errors().stream().anyMatch(e -> e.errorName().startsWith("BUNDLE_FAILED/")),
                    failed.toString());
            assertTrue(failed.errors().stream().anyMatch(e -> e.failedMessage().contains("0x7c00000000000004")),
                    "the failing flow named: " + failed);
            assertEquals(List.of(), sw().dumpFlows(prefix, mask).get(10, TimeUnit.SECONDS),
                    "nothing of a bundle whose commit failed applied");
            OpenFlowSwitch.BatchResult applied = sw().sendBundle(List.of(first, second)).get(10, TimeUnit.SECONDS);
            assertTrue(applied.ok(), applied.toString());
            assertEquals(2, sw().dumpFlows(prefix, mask).get(10, TimeUnit.SECONDS).size());
        } finally {
            sw().sendBatch(List.of(f.buildFlowDelete().setTableId(TableId.ALL).setCookie(prefix).setCookieMask(mask)
                    .build())).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSlaveCannotWriteAndAStaleGenerationCannotBecomeMaster() throws Exception {
        OFFactory f = sw().factory();
        var flow = f.buildFlowAdd().setTableId(TableId.of(9)).setPriority(10).setCookie(U64.of(0x7d00000000000001L))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(9)).build()).build();
        try {
            assertEquals(ControllerRole.MASTER, sw().requestRole(ControllerRole.MASTER, 7).get(10, TimeUnit.SECONDS));
            assertEquals(ControllerRole.SLAVE, sw().requestRole(ControllerRole.SLAVE, 7).get(10, TimeUnit.SECONDS));
            OpenFlowSwitch.BatchResult refused = sw().sendBatch(List.of(flow)).get(10, TimeUnit.SECONDS);
            assertEquals(1, refused.errors().size(), refused.toString());
            assertEquals("BAD_REQUEST/IS_SLAVE", refused.errors().get(0).errorName());
            assertFalse(ovs.ofctl("dump-flows", "br0").contains("in_port=9"), "a slave's flow is not installed");
            java.util.concurrent.ExecutionException stale = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> sw().requestRole(ControllerRole.MASTER, 6).get(10, TimeUnit.SECONDS));
            assertEquals("ROLE_REQUEST_FAILED/STALE", ((OpenFlowErrorException) stale.getCause()).errorName());
            assertEquals(ControllerRole.MASTER, sw().requestRole(ControllerRole.MASTER, 8).get(10, TimeUnit.SECONDS));
            assertTrue(sw().sendBatch(List.of(flow)).get(10, TimeUnit.SECONDS).ok(), "a master writes");
            assertTrue(ovs.ofctl("dump-flows", "br0").contains("in_port=9"));
        } finally {
            sw().requestRole(ControllerRole.EQUAL, 0).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void countersOfADumpOfManyRepliesEqualTheFullDump() throws Exception {
        OFFactory f = sw().factory();
        U64 prefix = U64.of(0x7d00000000000000L);
        U64 mask = U64.of(0xff00000000000000L);
        List<OFMessage> adds = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            adds.add(f.buildFlowAdd().setTableId(TableId.of(4)).setPriority(100).setCookie(U64.of(0x7d00000000000000L
                    + i)).setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(i)).build())
                    .setInstructions(List.of(f.instructions().gotoTable(TableId.of(5)))).build());
        }
        try {
            assertTrue(sw().sendBatch(adds).get(30, TimeUnit.SECONDS).ok());
            // A packet through one of them, so some counter is not zero.
            ovs.ofctl("packet-out", "br0", "in_port=7 packet=ffffffffffff000000000001080600010800060400010000000000"
                    + "01c0a80001000000000000c0a80002 actions=resubmit(,4)");
            Poll.require(Duration.ofSeconds(10), "the packet counted", () -> ovs.ofctl("dump-flows", "br0",
                    "table=4,in_port=7").contains("n_packets=1"));
            List<OFFlowStatsEntry> full = sw().dumpFlows(prefix, mask).get(10, TimeUnit.SECONDS);
            List<FlowCounter> counters = sw().dumpFlowCounters(prefix, mask).get(10, TimeUnit.SECONDS);
            assertEquals(3000, counters.size(), "every flow of a dump of several 64 KiB replies");
            assertEquals(new java.util.HashSet<>(full.stream().map(e -> new FlowCounter(e.getTableId().getValue(),
                    e.getCookie().getValue(), e.getPacketCount().getValue(), e.getByteCount().getValue())).toList()),
                    new java.util.HashSet<>(counters));
            assertTrue(counters.stream().anyMatch(c -> c.tableId() == 4 && c.cookie() == 0x7d00000000000007L
                    && c.packets() == 1 && c.bytes() >= 42), counters.stream().filter(c -> c.packets() > 0).toList()
                    .toString());
        } finally {
            sw().sendBatch(List.of(f.buildFlowDelete().setTableId(TableId.ALL).setCookie(prefix).setCookieMask(mask)
                    .build())).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSwitchThatDropsTheControllerIsReportedDisconnectedAndComesBack() {
        ovs.vsctl("del-controller", "br0");
        // The switch leaves the inventory, then the listeners hear of it: wait for both.
        Poll.require(Duration.ofSeconds(10), "disconnect reported", () -> listener.switches().isEmpty()
                && events.contains("disconnected"));
        ovs.vsctl("set-controller", "br0", "tcp:" + tb.managementAddress() + ":" + listener.localAddress().getPort());
        Poll.require(Duration.ofSeconds(15), "reconnect", () -> !listener.switches().isEmpty());
    }

    @Test
    void groupsAndMetersAreWrittenAndDumpedBack() throws Exception {
        OFFactory f = sw().factory();
        long group = 0x7e0000a1L;
        long meter = 0x7e0000a2L;
        var addGroup = f.buildGroupAdd().setGroup(org.projectfloodlight.openflow.types.OFGroup.of((int) group))
                .setGroupType(org.projectfloodlight.openflow.protocol.OFGroupType.SELECT)
                .setBuckets(List.of(f.buildBucket().setWeight(3).setWatchPort(OFPort.ANY)
                        .setWatchGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                        .setActions(List.of(f.actions().output(OFPort.of(7), 0))).build()))
                .build();
        var meterMod = f.buildMeterMod().setCommand(org.projectfloodlight.openflow.protocol.OFMeterModCommand.ADD)
                .setMeterId(meter).setFlags(java.util.Set.of(org.projectfloodlight.openflow.protocol.OFMeterFlags.KBPS));
        List<org.projectfloodlight.openflow.protocol.meterband.OFMeterBand> bands =
                List.of(f.meterBands().buildDrop().setRate(1000).setBurstSize(0).build());
        // Loxi names the bands "meters" in 1.3 and "bands" in 1.4.
        var addMeter = (f.getVersion() == OFVersion.OF_13 ? meterMod.setMeters(bands) : meterMod.setBands(bands)).build();
        OpenFlowSwitch.BatchResult r = sw().sendBatch(List.of(addGroup, addMeter)).get(10, TimeUnit.SECONDS);
        assertTrue(r.ok(), r.toString());
        var groups = sw().dumpGroups().get(10, TimeUnit.SECONDS);
        assertTrue(groups.stream().anyMatch(g -> g.getGroup().getGroupNumber() == (int) group
                && g.getBuckets().get(0).getWeight() == 3), groups.toString());
        var meters = sw().dumpMeters().get(10, TimeUnit.SECONDS);
        assertTrue(meters.stream().anyMatch(m -> m.getMeterId() == meter), meters.toString());
        assertTrue(ovs.ofctl("dump-groups", "br0").contains("type=select"));
    }
}
