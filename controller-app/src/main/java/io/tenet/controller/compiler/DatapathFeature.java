package io.tenet.controller.compiler;

import io.tenet.controller.api.ModelChange;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.PipelineTable;
import java.util.List;
import java.util.Set;

/**
 * One feature of the datapath (forwarding, policy; later service load balancing, routing, QoS): the tables it
 * owns and the parts it builds. The compiler runs every feature in two steps:
 * <ol>
 *   <li>{@link #prepare}, once per model change for all switches: the feature's parts that are the same on every
 *       switch, built from the change and the previous ones. It looks at what the change names
 *       ({@link ModelChange#changed}) to know which parts to reconsider, and reuses every part whose inputs are
 *       unchanged ({@link Part#reuse}); when unsure, it reconsiders more: a part whose inputs are equal is reused
 *       anyway.</li>
 *   <li>{@link #compile}, per switch: the parts of that switch, from the shared ones, the switch's view and its
 *       previous parts ({@link SwitchContext#previous}).</li>
 * </ol>
 * Both must be pure functions of their arguments (and deterministic), so that compiling incrementally gives what
 * compiling from scratch gives: IncrementalCompileTest checks it for every feature the compiler runs. A feature
 * writes flows only into its own {@link #tables}, and allocates cookies from the compiler's {@link CookieIds}.
 *
 * @param <S> what {@link #prepare} keeps for all switches; immutable
 */
public interface DatapathFeature<S> {
    /** Names the feature in part keys and logs. */
    String name();

    /** The tables this feature writes flows into; no two features share a table. */
    Set<PipelineTable> tables();

    /**
     * The parts the same on every switch for {@code change.next()}, from {@code previous} (the result for
     * {@code change.previous()}, or null to build everything).
     */
    S prepare(ModelChange change, S previous, CookieIds cookies);

    /** Adds this switch's parts to {@code out}: built here or taken from {@code shared}, in a deterministic order. */
    void compile(S shared, SwitchContext context, List<Part> out);
}
