package io.tenet.controller.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tenet.controller.api.EventLog;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.RealizationListener;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.api.Traffic;
import io.tenet.controller.collections.AddressPool;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.collections.ModelIndexes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The controller's Prometheus metrics (docs/metrics.md), served at {@code GET /metrics} in the Prometheus text
 * format. What happens at a moment (a change realized, a refusal, a REST request) is counted when it happens; what
 * is a state (switches, flows, endpoints, addresses) is read from the switch service and the model at each scrape.
 */
public final class ControllerMetrics implements RealizationListener {
    /** The realization buckets, in seconds: a change on one switch takes milliseconds, a full resync seconds. */
    private static final double[] REALIZATION_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
        2.5, 5, 10};
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram realization;
    private final Counter refusals;
    private final Histogram audits;
    private final Counter repairs;
    private final Counter requests;

    /**
     * Over the model, the switches (looked up at each scrape: the reconciler starts after the metrics) and the
     * event log.
     */
    public ControllerMetrics(ModelService model, Supplier<SwitchService> switches, EventLog events) {
        realization = Histogram.builder().name("tenet_realization_seconds")
                .help("Time from a committed model change reaching the reconciler to its switch confirming it"
                        + " (barrier), per node; one observation per change that sent messages")
                .labelNames("node").classicOnly().classicUpperBounds(REALIZATION_BOUNDS).register(registry);
        refusals = Counter.builder().name("tenet_switch_errors_total")
                .help("OpenFlow messages a node's switch refused (the change is read back and retried)")
                .labelNames("node").register(registry);
        audits = Histogram.builder().name("tenet_audit_seconds")
                .help("Time an audit of the node's switch took: its tables read back, compared with the desired state"
                        + " and repaired").labelNames("node").classicOnly().classicUpperBounds(REALIZATION_BOUNDS)
                .register(registry);
        repairs = Counter.builder().name("tenet_audit_repairs_total")
                .help("Messages audits sent to the node's switch to undo what had drifted from the desired state")
                .labelNames("node").register(registry);
        requests = Counter.builder().name("tenet_rest_requests_total").help("REST requests answered, by HTTP status")
                .labelNames("status").register(registry);
        GaugeWithCallback.builder().name("tenet_switches_connected").help("Switches connected to this controller")
                .callback(cb -> cb.call(switches.get().switches().size())).register(registry);
        perSwitch(switches, "tenet_switch_flows", "Flows Tenet keeps on the switch", s -> s.flows());
        perSwitch(switches, "tenet_switch_groups", "OpenFlow groups Tenet keeps on the switch", s -> s.groups());
        CounterWithCallback.builder().name("tenet_switch_flow_mods_total")
                .help("Flow-mods sent to the switch since it connected").labelNames("node")
                .callback(cb -> each(switches, s -> cb.call(s.flowModsSent(), s.node()))).register(registry);
        CounterWithCallback.builder().name("tenet_reconciliations_total")
                .help("Reconciliation runs of the switch since it connected, audits (read back and repair) included")
                .labelNames("node").callback(cb -> each(switches, s -> cb.call(s.reconciliations(), s.node())))
                .register(registry);
        GaugeWithCallback.builder().name("tenet_endpoints").help("Endpoints per network").labelNames("network")
                .callback(cb -> {
                    ModelSnapshot s = model.snapshot();
                    s.get(ModelCollections.NETWORKS).keySet().forEach(n -> cb.call(
                            ModelIndexes.endpointsOf(s, n).size(), n.toString()));
                }).register(registry);
        GaugeWithCallback.builder().name("tenet_ipam_addresses_allocated")
                .help("Addresses of the network's subnet held by endpoints").labelNames("network")
                .callback(cb -> pools(model, (n, p) -> cb.call(p.allocatedCount(), n))).register(registry);
        GaugeWithCallback.builder().name("tenet_ipam_addresses_size")
                .help("Addresses of the network's subnet, network and broadcast addresses included")
                .labelNames("network").callback(cb -> pools(model, (n, p) -> cb.call(p.subnet().size(), n)))
                .register(registry);
        GaugeWithCallback.builder().name("tenet_model_version").help("Version of the model snapshot in force")
                .callback(cb -> cb.call(model.snapshot().version())).register(registry);
        GaugeWithCallback.builder().name("tenet_model_revision")
                .help("Store revision of the model snapshot in force: on a shared store, the same on every controller"
                        + " once it has caught up").callback(cb -> cb.call(model.snapshot().revision()))
                .register(registry);
        traffic(switches);
        CounterWithCallback.builder().name("tenet_events_total").help("Events recorded since the controller started")
                .callback(cb -> cb.call(events.lastSeq())).register(registry);
    }

    /**
     * The traffic counters, from the switches' flow statistics (the switch service reads them at most once a
     * second, so the callbacks of one scrape share one read).
     */
    private void traffic(Supplier<SwitchService> switches) {
        Supplier<Traffic> read = () -> switches.get().traffic();
        for (String unit : new String[] {"packets", "bytes"}) {
            boolean packets = unit.equals("packets");
            CounterWithCallback.builder().name("tenet_group_" + unit + "_total")
                    .help("The " + unit + " members of the group sent (out) and were delivered (in), over all switches")
                    .labelNames("group", "direction").callback(cb -> {
                        Traffic t = read.get();
                        t.groupOut().forEach((g, c) -> cb.call(packets ? c.packets() : c.bytes(), g, "out"));
                        t.groupIn().forEach((g, c) -> cb.call(packets ? c.packets() : c.bytes(), g, "in"));
                    }).register(registry);
        }
        CounterWithCallback.builder().name("tenet_group_denied_packets_total")
                .help("Packets the group's default deny dropped, over all switches").labelNames("group")
                .callback(cb -> read.get().groupDenied().forEach((g, c) -> cb.call(c.packets(), g))).register(registry);
        CounterWithCallback.builder().name("tenet_rule_packets_total")
                .help("Packets that a rule's flow on a group matched (first packets of connections), allowed or denied"
                        + " as the rule says").labelNames("rule", "group").callback(cb -> read.get().rules()
                        .forEach((k, c) -> {
                            int on = k.indexOf(" on ");
                            cb.call(c.packets(), on < 0 ? k : k.substring(0, on), on < 0 ? "" : k.substring(on + 4));
                        })).register(registry);
        CounterWithCallback.builder().name("tenet_service_connections_total")
                .help("New connections balanced to the service's providers, over all switches").labelNames("service")
                .callback(cb -> read.get().services().forEach((s, c) -> cb.call(c.packets(), s))).register(registry);
    }

    private void perSwitch(Supplier<SwitchService> switches, String name, String help,
            java.util.function.ToIntFunction<SwitchStatus> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("node")
                .callback(cb -> each(switches, s -> cb.call(value.applyAsInt(s), s.node()))).register(registry);
    }

    private static void each(Supplier<SwitchService> switches, Consumer<SwitchStatus> action) {
        List<SwitchStatus> all = switches.get().switches();
        all.stream().filter(s -> !s.node().isEmpty()).forEach(action);
    }

    private static void pools(ModelService model, java.util.function.BiConsumer<String, AddressPool> action) {
        for (Map.Entry<?, AddressPool> e : model.snapshot().index(ModelIndexes.ADDRESSES).entrySet()) {
            action.accept(e.getKey().toString(), e.getValue());
        }
    }

    @Override
    public void realized(String node, double seconds, int messages) {
        realization.labelValues(node).observe(seconds);
    }

    @Override
    public void refused(String node, int errors) {
        refusals.labelValues(node).inc(errors);
    }

    @Override
    public void audited(String node, double seconds, int repaired) {
        audits.labelValues(node).observe(seconds);
        repairs.labelValues(node).inc(repaired);
    }

    /** Counts one REST request answered with {@code status}. */
    public void request(int status) {
        requests.labelValues(Integer.toString(status)).inc();
    }

    /** Every metric, in the Prometheus text format (version 0.0.4). */
    public byte[] scrape() {
        MetricSnapshots snapshots = registry.scrape();
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
