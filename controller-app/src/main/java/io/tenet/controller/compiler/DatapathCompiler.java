package io.tenet.controller.compiler;

import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the state each switch should hold from model snapshots, through its {@link DatapathFeature features}:
 * {@link #prepare} turns a model change into a {@link CompiledModel} (what is the same on every switch, built
 * once, incrementally), {@link #compile} turns that and a switch's {@link NodeView} into its {@link SwitchState}
 * (incrementally from the switch's previous state). The result depends on the model and the view alone; see
 * docs/pipeline.md for the tables and docs/architecture.md for how a feature plugs in. Besides the features'
 * parts every switch holds the pipeline's own: a miss flow per table, from the catalogue.
 *
 * <p>One instance serves every switch of a controller: {@link #prepare} runs on one thread at a time (the
 * reconciler's model subscription), {@link #compile} on any.
 */
public final class DatapathCompiler {
    private static final PartKey MISSES = new PartKey("pipeline", "misses");
    private final List<DatapathFeature<?>> features;
    private final CookieIds cookies = new CookieIds();
    private final Part misses;
    private CompiledModel last;

    /** Tenet's datapath: forwarding and policy. */
    public DatapathCompiler() {
        this(defaultFeatures());
    }

    public DatapathCompiler(List<? extends DatapathFeature<?>> features) {
        this.features = List.copyOf(features);
        List<FlowSpec> flows = new ArrayList<>();
        for (PipelineTable t : PipelineTable.values()) {
            flows.add(new FlowSpec(t, Priority.MISS, List.of(), t.missActions(), Cookie.PIPELINE));
        }
        this.misses = Part.of(MISSES, "catalogue", Part.Contents.flows(flows));
    }

    public static List<DatapathFeature<?>> defaultFeatures() {
        return List.of(new ForwardingFeature(), new NetProfileFeature(), new NodeDnsFeature(), new PolicyFeature(),
                new ServiceFeature(), new RoutingFeature());
    }

    public List<DatapathFeature<?>> features() {
        return features;
    }

    /** The flows of one switch, compiled from scratch with a compiler of its own (tests, tools). */
    public static SwitchState compileFromScratch(ModelSnapshot model, NodeView view) {
        return new DatapathCompiler().compile(model, view, null);
    }

    /**
     * What the features share for {@code change.next()}: built from what they shared for {@code change.previous()}
     * if that is what was prepared last, else from the last prepared snapshot, with the change between the two
     * found by comparing them.
     */
    public synchronized CompiledModel prepare(ModelChange change) {
        CompiledModel base = last;
        if (base != null && base.snapshot() == change.next()) {
            return base;
        }
        ModelChange c = base == null ? ModelChange.initial(change.next())
                : base.snapshot() == change.previous() ? change : ModelChange.between(base.snapshot(), change.next());
        List<Object> shared = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            shared.add(prepare(features.get(i), c, base == null ? null : base.shared(i)));
        }
        last = new CompiledModel(change.next(), shared);
        return last;
    }

    /** {@link #prepare(ModelChange)} for a snapshot whose change from the last one prepared is not at hand. */
    public synchronized CompiledModel prepare(ModelSnapshot snapshot) {
        if (last != null && last.snapshot() == snapshot) {
            return last;
        }
        return prepare(last == null ? ModelChange.initial(snapshot) : ModelChange.between(last.snapshot(), snapshot));
    }

    @SuppressWarnings("unchecked")
    private <S> S prepare(DatapathFeature<S> feature, ModelChange change, Object previous) {
        return feature.prepare(change, (S) previous, cookies);
    }

    /** The state of one switch; {@code previous} is its last state (or null), whose parts are reused where they can be. */
    public SwitchState compile(CompiledModel model, NodeView view, SwitchState previous) {
        SwitchContext context = new SwitchContext(model.snapshot(), view, previous, cookies);
        List<Part> parts = new ArrayList<>();
        parts.add(misses);
        for (int i = 0; i < features.size(); i++) {
            compile(features.get(i), model.shared(i), context, parts);
        }
        return SwitchState.of(view.node().name(), parts);
    }

    /** {@link #compile(CompiledModel, NodeView, SwitchState)} of a snapshot, prepared first. */
    public SwitchState compile(ModelSnapshot model, NodeView view, SwitchState previous) {
        return compile(prepare(model), view, previous);
    }

    @SuppressWarnings("unchecked")
    private static <S> void compile(DatapathFeature<S> feature, Object shared, SwitchContext context, List<Part> out) {
        feature.compile((S) shared, context, out);
    }

    /** The cookie ids this compiler allocated: what a cookie read back from a switch belongs to. */
    public CookieIds cookies() {
        return cookies;
    }
}
