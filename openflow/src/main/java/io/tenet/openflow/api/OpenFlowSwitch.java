package io.tenet.openflow.api;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U64;

/**
 * One connected switch, after the handshake. Every request gets a fresh xid and a future that completes with
 * its reply, fails with {@link OpenFlowErrorException} when the switch answers with an error, and fails with
 * {@link SwitchDisconnectedException} when the channel closes first. Thread-safe.
 */
public interface OpenFlowSwitch {
    DatapathId datapathId();

    OFFactory factory();

    SocketAddress remoteAddress();

    boolean isConnected();

    /** Ports by name, as last reported in port-desc and port-status messages. */
    Map<String, OFPortDesc> ports();

    /**
     * Writes the messages in order (xids are assigned here, whatever the builders set), then a barrier. The future
     * completes when the barrier reply arrives, with every error the switch sent for messages of this batch.
     */
    CompletableFuture<BatchResult> sendBatch(List<? extends OFMessage> messages);

    /**
     * Like {@link #sendBatch}, but the messages are one atomic, ordered OpenFlow 1.4 bundle: the switch applies
     * all of them or none. The result holds the error of the message that failed, and {@code BUNDLE_FAILED} for
     * the commit. Fails with {@link UnsupportedOperationException} on a switch that does not speak 1.4.
     */
    default CompletableFuture<BatchResult> sendBundle(List<? extends OFMessage> messages) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no bundles on " + datapathId()));
    }

    /**
     * Asks the switch for {@code role} with {@code generationId} (ignored for EQUAL); the future completes with the
     * role the switch's reply confirms, or fails with {@link OpenFlowErrorException} ({@code ROLE_REQUEST_FAILED},
     * such as STALE when a newer generation has been seen).
     */
    default CompletableFuture<ControllerRole> requestRole(ControllerRole role, long generationId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no roles on " + datapathId()));
    }

    /** Dumps the flows of all tables whose cookie matches {@code cookie} under {@code cookieMask}. */
    CompletableFuture<List<OFFlowStatsEntry>> dumpFlows(U64 cookie, U64 cookieMask);

    /**
     * The counters of the flows {@link #dumpFlows} would dump, without their matches and instructions. This
     * default derives them from a full dump; a connection reads them from the reply's frames directly.
     */
    default CompletableFuture<List<FlowCounter>> dumpFlowCounters(U64 cookie, U64 cookieMask) {
        return dumpFlows(cookie, cookieMask).thenApply(entries -> entries.stream().map(e -> new FlowCounter(
                e.getTableId().getValue(), e.getCookie().getValue(), e.getPacketCount().getValue(),
                e.getByteCount().getValue())).toList());
    }

    /** Dumps the description (type and buckets) of every group of the switch. */
    CompletableFuture<List<OFGroupDescStatsEntry>> dumpGroups();

    /** Dumps the configuration (flags and bands) of every meter of the switch. */
    CompletableFuture<List<OFMeterConfig>> dumpMeters();

    /** Number of flow-mod messages written to this switch since it connected. */
    long flowModsSent();

    /** Number of flow-mods, group-mods and meter-mods written to this switch since it connected. */
    long stateModsSent();

    /** Closes the channel; pending requests fail. */
    void disconnect();

    /** The errors a batch provoked; empty when every message was accepted. */
    record BatchResult(List<OpenFlowErrorException> errors) {
        public BatchResult {
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }
}
