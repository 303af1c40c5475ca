package io.tenet.controller.compiler;

import static io.tenet.controller.collections.ModelCollections.GROUPS;

import io.tenet.controller.api.EndpointGroup;
import io.tenet.controller.api.ModelChange;
import io.tenet.controller.api.PersistentMap;
import io.tenet.controller.api.ScopedKey;
import io.tenet.controller.pipeline.Action;
import io.tenet.controller.pipeline.Cookie;
import io.tenet.controller.pipeline.CookieIds;
import io.tenet.controller.pipeline.FlowSpec;
import io.tenet.controller.pipeline.GroupSpec;
import io.tenet.controller.pipeline.PipelineTable;
import io.tenet.controller.pipeline.Priority;
import io.tenet.controller.pipeline.RegField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A datapath feature for tests only: for each endpoint group named {@code poison...}, two flows on every switch, a
 * valid one and one that outputs to a group no one installs, which a switch refuses. It lets a test make one
 * change that a switch refuses in part, and see whether the part it would accept is applied.
 */
public final class PoisonTestFeature implements DatapathFeature<PoisonTestFeature.Shared> {
    public static final String NAME = "poisontest";
    public static final String PREFIX = "poison";
    /** OUT_PORT values these flows match, beyond every port and those of {@link GroupTestFeature}. */
    private static final long PORT_BASE = 0x40000;

    /** The parts of the poison groups. */
    public static final class Shared {
        final PersistentMap<ScopedKey, Part> parts;

        Shared(PersistentMap<ScopedKey, Part> parts) {
            this.parts = parts;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<PipelineTable> tables() {
        return EnumSet.of(PipelineTable.OUTPUT);
    }

    @Override
    public Shared prepare(ModelChange change, Shared previous, CookieIds cookies) {
        PersistentMap.Builder<ScopedKey, Part> b = PersistentMap.<ScopedKey, Part>empty().toBuilder();
        for (EndpointGroup g : change.next().get(GROUPS).values()) {
            if (g.key().name().startsWith(PREFIX)) {
                Part before = previous == null ? null : previous.parts.get(g.key());
                b.put(g.key(), Part.reuse(before, new PartKey(NAME, g.key()), g, in -> contents(in, cookies)));
            }
        }
        return new Shared(b.build());
    }

    private static Part.Contents contents(EndpointGroup g, CookieIds cookies) {
        Cookie cookie = cookies.cookie(Cookie.Category.POLICY, "poisontest " + g.key());
        FlowSpec valid = new FlowSpec(PipelineTable.OUTPUT, Priority.NORMAL,
                List.of(RegField.OUT_PORT.match(PORT_BASE + 2 * g.id())), List.of(), cookie);
        FlowSpec refused = new FlowSpec(PipelineTable.OUTPUT, Priority.NORMAL,
                List.of(RegField.OUT_PORT.match(PORT_BASE + 2 * g.id() + 1)),
                List.of(new Action.Group(GroupSpec.OWNER | 0xfff000 | g.id())), cookie);
        return new Part.Contents(List.of(valid, refused), List.of(), List.of(), List.of());
    }

    @Override
    public void compile(Shared shared, SwitchContext ctx, List<Part> out) {
        shared.parts.values().forEach(out::add);
    }

    /** A compiler of Tenet's features and this one. */
    public static DatapathCompiler compiler() {
        List<DatapathFeature<?>> features = new ArrayList<>(DatapathCompiler.defaultFeatures());
        features.add(new PoisonTestFeature());
        return new DatapathCompiler(features);
    }
}
