package io.tenet.controller.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One desired flow: where it sits (table, priority, match), what it does, and which model object owns it. The
 * match is kept in canonical order so that two specs of the same flow are equal. {@code (table, priority, match)}
 * identifies a flow on a switch; see {@link #key()}.
 */
public record FlowSpec(PipelineTable table, int priority, List<MatchField> match, List<Action> actions,
        Cookie cookie) {
    public FlowSpec(PipelineTable table, Priority priority, List<MatchField> match, List<Action> actions,
            Cookie cookie) {
        this(table, priority.value(), match, actions, cookie);
    }

    public FlowSpec {
        Objects.requireNonNull(table, "table");
        if (priority < 0 || priority > 0xffff) {
            throw new IllegalArgumentException("flow priority out of range: " + priority);
        }
        Objects.requireNonNull(cookie, "cookie");
        match = canonical(match);
        actions = List.copyOf(actions);
        boolean ipv4Checked = false;
        for (int i = 0; i < actions.size(); i++) {
            if (!ipv4Checked && actions.get(i).needsIpv4()) {
                if (!match.contains(MatchField.EthType.IPV4)) {
                    throw new IllegalArgumentException("an action on the IPv4 header needs a match on ip: " + match
                            + " " + actions);
                }
                ipv4Checked = true;
            }
            if (actions.get(i) instanceof Action.GotoTable && i != actions.size() - 1) {
                throw new IllegalArgumentException("goto_table must be the last action, at most once: " + actions);
            }
            if (actions.get(i) instanceof Action.Meter && i != 0) {
                throw new IllegalArgumentException("a meter must be the first action, at most once: " + actions);
            }
        }
    }

    /**
     * The match in canonical order. A match is a handful of fields and usually in order already: then an
     * immutable list is kept as it is; else it is sorted by insertion, as this runs for every flow compiled.
     */
    private static List<MatchField> canonical(List<MatchField> match) {
        int i = 1;
        while (i < match.size() && match.get(i - 1).order() <= match.get(i).order()) {
            i++;
        }
        if (i >= match.size()) {
            return List.copyOf(match);
        }
        MatchField[] a = match.toArray(new MatchField[0]);
        for (; i < a.length; i++) {
            MatchField f = a[i];
            int order = f.order();
            int j = i - 1;
            for (; j >= 0 && a[j].order() > order; j--) {
                a[j + 1] = a[j];
            }
            a[j + 1] = f;
        }
        return List.of(a);
    }

    /** What identifies this flow on a switch. */
    public record Key(PipelineTable table, int priority, List<MatchField> match) {
    }

    public Key key() {
        return new Key(table, priority, match);
    }

    /** ovs-ofctl syntax, accepted by {@code ovs-ofctl add-flow}. */
    public String ofctl() {
        StringBuilder b = new StringBuilder();
        b.append("cookie=0x").append(Long.toHexString(cookie.value()))
                .append(",table=").append(table.id())
                .append(",priority=").append(priority);
        for (MatchField m : match) {
            b.append(',').append(m.ofctl());
        }
        b.append(" actions=");
        b.append(actions.isEmpty() ? "drop" : actions.stream().map(Action::ofctl).collect(Collectors.joining(",")));
        return b.toString();
    }

    @Override
    public String toString() {
        return ofctl();
    }
}
