package io.tenet.controller.reconciler;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;
import static io.tenet.controller.collections.ModelCollections.NODES;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.ManualScheduler;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.compiler.CompilerFixtures;
import io.tenet.controller.compiler.DatapathCompiler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchReconcilerTest {
    private FakeSwitch sw;
    private ManualScheduler retries;
    private DatapathCompiler compiler;
    private SwitchReconciler reconciler;
    private ModelSnapshot snapshot;
    private int desiredCount;

    @BeforeEach
    void setUp() {
        sw = new FakeSwitch(CompilerFixtures.h1().ports());
        retries = new ManualScheduler();
        snapshot = CompilerFixtures.twoHosts();
        compiler = new DatapathCompiler();
        reconciler = new SwitchReconciler(sw, compiler, Runnable::run, retries,
                io.tenet.controller.api.RealizationListener.NONE);
        desiredCount = DatapathCompiler.compileFromScratch(snapshot, CompilerFixtures.h1()).size();
    }

    private void run() {
        reconciler.submit(compiler.prepare(snapshot));
    }

    @Test
    void installsTheDesiredFlowsOnceThenSendsNothing() {
        run();
        assertEquals(desiredCount, sw.flows.size());
        assertEquals(desiredCount, sw.flowMods);
        assertEquals("", reconciler.status().lastError());
        run();
        assertEquals(desiredCount, sw.flowMods, "an unchanged model sends no flow-mod");
        assertEquals(1, sw.dumps, "the switch is read once, then remembered");
    }

    @Test
    void aStaleTenetFlowIsDeletedAndAForeignFlowIsLeftAlone() {
        OFFlowStatsEntry stale = sw.factory.buildFlowStatsEntry().setTableId(TableId.of(50)).setPriority(100)
                .setMatch(sw.factory.buildMatch().build()).setCookie(U64.of(0x7e03000000001234L)).build();
        OFFlowStatsEntry foreign = sw.factory.buildFlowStatsEntry().setTableId(TableId.of(60)).setPriority(100)
                .setMatch(sw.factory.buildMatch().build()).setCookie(U64.of(0x1234)).build();
        sw.flows.put(FlowEncoder.WireKey.of(50, 100, stale.getMatch()), stale);
        sw.flows.put(FlowEncoder.WireKey.of(60, 100, foreign.getMatch()), foreign);
        run();
        assertEquals(desiredCount + 1, sw.flows.size());
        assertTrue(sw.flows.containsValue(foreign));
        assertTrue(!sw.flows.containsValue(stale));
    }

    @Test
    void removingAnEndpointTouchesOnlyItsFlowsAndTheFloodsThatNamedIt() {
        run();
        long before = sw.flowMods;
        snapshot = snapshot.toBuilder().remove(ENDPOINTS, "e2").build(snapshot.version() + 1, 0);
        run();
        int after = DatapathCompiler.compileFromScratch(snapshot, CompilerFixtures.h1()).size();
        assertEquals(after, sw.flows.size());
        // e2's ARP answer, tunnel identity and tunnel delivery go; blue's tunnel classifier and tunnel flood go;
        // blue's flood from local ports changes (no more tunnel outputs); e2's delivery as a provider of service
        // t:web goes (the service's group loses its bucket, a group-mod; its hairpin flows were on h2 only).
        assertEquals(7, sw.flowMods - before);
    }

    @Test
    void theAuditPutsBackWhatWasDeletedBehindTheControllersBack() {
        run();
        sw.flows.keySet().removeIf(k -> k.table() == 0);
        run();
        assertTrue(sw.flows.keySet().stream().noneMatch(k -> k.table() == 0), "without an audit nothing is re-read");
        reconciler.requestAudit();
        assertEquals(desiredCount, sw.flows.size());
    }

    @Test
    void aSwitchNoNodeClaimsIsLeftAlone() {
        ModelSnapshot.Builder b = snapshot.toBuilder();
        snapshot.get(NODES).keySet().forEach(n -> b.remove(NODES, n));
        snapshot = b.build(snapshot.version() + 1, 0);
        run();
        assertEquals(0, sw.flowMods);
        assertEquals(0, sw.dumps);
    }

    @Test
    void flowsTheSwitchRefusesAreReportedAndRetriedWithAFreshDump() {
        sw.fullTable = 10;
        run();
        assertTrue(reconciler.status().lastError().contains("FLOW_MOD_FAILED/TABLE_FULL"),
                reconciler.status().lastError());
        assertTrue(sw.flows.keySet().stream().noneMatch(k -> k.table() == 10));
        assertEquals(1, retries.pending(), "a retry is scheduled with back-off");
        sw.fullTable = null;
        run();
        assertEquals(1, sw.dumps, "nothing runs during the back-off");
        retries.runAll();
        assertEquals("", reconciler.status().lastError());
        assertEquals(2, sw.dumps, "after a failure the switch is read again rather than trusted");
        assertEquals(desiredCount, sw.flows.size());
    }
}
