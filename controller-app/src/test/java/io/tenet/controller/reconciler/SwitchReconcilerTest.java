package io.tenet.controller.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenet.controller.api.ModelListener;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.compiler.CompilerFixtures;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.NodeView;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchReconcilerTest {
    /** A model service holding whatever snapshot the test sets. */
    static final class FixedModel implements ModelService {
        volatile ModelSnapshot snapshot;

        FixedModel(ModelSnapshot s) {
            snapshot = s;
        }

        @Override
        public ModelSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public io.tenet.controller.api.AddressUsage addressUsage(io.tenet.controller.api.NetworkKey network) {
            return null;
        }

        @Override
        public void addListener(ModelListener l) {
        }

        @Override
        public void removeListener(ModelListener l) {
        }
    }

    private FakeSwitch sw;
    private FixedModel model;
    private SwitchReconciler reconciler;
    private int desiredCount;

    @BeforeEach
    void setUp() {
        sw = new FakeSwitch(CompilerFixtures.h1().ports());
        model = new FixedModel(CompilerFixtures.twoHosts());
        reconciler = new SwitchReconciler(sw, model, new DatapathCompiler(), Runnable::run);
        desiredCount = DatapathCompiler.compileFromScratch(model.snapshot(), CompilerFixtures.h1()).size();
    }

    @Test
    void installsTheDesiredFlowsOnceThenSendsNothing() {
        reconciler.request();
        assertEquals(desiredCount, sw.flows.size());
        assertEquals(desiredCount, sw.flowMods);
        assertEquals("", reconciler.status().lastError());
        reconciler.request();
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
        reconciler.request();
        assertEquals(desiredCount + 1, sw.flows.size());
        assertTrue(sw.flows.containsValue(foreign));
        assertTrue(!sw.flows.containsValue(stale));
    }

    @Test
    void removingAnEndpointTouchesOnlyItsFlowsAndTheFloodsThatNamedIt() {
        reconciler.request();
        long before = sw.flowMods;
        Map<String, io.tenet.controller.api.Endpoint> eps = new HashMap<>(model.snapshot().endpoints());
        eps.remove("e2");
        ModelSnapshot s = model.snapshot();
        model.snapshot = new ModelSnapshot(s.version() + 1, s.tenants(), s.networks(), eps, s.nodes());
        reconciler.request();
        int after = DatapathCompiler.compileFromScratch(model.snapshot, CompilerFixtures.h1()).size();
        assertEquals(after, sw.flows.size());
        // e2's ARP answer, tunnel identity and tunnel delivery go; blue's tunnel classifier and tunnel flood go;
        // blue's flood from local ports changes (no more tunnel outputs).
        assertEquals(6, sw.flowMods - before);
    }

    @Test
    void theAuditPutsBackWhatWasDeletedBehindTheControllersBack() {
        reconciler.request();
        sw.flows.keySet().removeIf(k -> k.table() == 0);
        reconciler.request();
        assertTrue(sw.flows.keySet().stream().noneMatch(k -> k.table() == 0), "without an audit nothing is re-read");
        reconciler.requestAudit();
        assertEquals(desiredCount, sw.flows.size());
    }

    @Test
    void aSwitchNoNodeClaimsIsLeftAlone() {
        ModelSnapshot s = model.snapshot();
        model.snapshot = new ModelSnapshot(s.version(), s.tenants(), s.networks(), s.endpoints(), Map.of());
        reconciler.request();
        assertEquals(0, sw.flowMods);
        assertEquals(0, sw.dumps);
    }

    @Test
    void flowsTheSwitchRefusesAreReportedAndRetriedWithAFreshDump() {
        sw.fullTable = 10;
        reconciler.request();
        assertTrue(reconciler.status().lastError().contains("FLOW_MOD_FAILED/TABLE_FULL"),
                reconciler.status().lastError());
        assertTrue(sw.flows.keySet().stream().noneMatch(k -> k.table() == 10));
        sw.fullTable = null;
        reconciler.request();
        assertEquals("", reconciler.status().lastError());
        assertEquals(2, sw.dumps, "after a failure the switch is read again rather than trusted");
        assertEquals(desiredCount, sw.flows.size());
    }
}
