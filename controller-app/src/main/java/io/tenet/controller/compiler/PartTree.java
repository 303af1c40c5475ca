package io.tenet.controller.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tree of composite parts over an ordered list of leaf parts (the slices of a network, one per host), shared by
 * every switch, each inner node covering up to {@link #FAN_OUT} consecutive ranges. A switch that needs all
 * leaves references the root; one that needs all leaves but its own ({@link #allExcept}) references at most
 * {@code FAN_OUT - 1} parts per level, so a switch's part for a network holds a few dozen references whatever
 * the number of hosts, and a diff descends only into the subtrees that changed.
 *
 * <pre>
 *                 [0,20)                   allExcept(5) = h0, h1, h2, h3, h4, h6, h7, [8,16), [16,20)
 *            /      |      \
 *        [0,8)   [8,16)   [16,20)
 *       /  ..  \
 *     h0  ...  h7
 * </pre>
 *
 * Rebuilt from the previous tree, every node whose children are the same objects as before is reused.
 */
final class PartTree {
    /** Children per inner node: a wider tree is cheaper to build, a narrower one gives fewer references. */
    static final int FAN_OUT = 8;
    private final String feature;
    private final List<Part> leaves;
    private final Map<Range, Part> nodes = new HashMap<>();
    private final Part root;

    /** What an inner node is built from: its range and its children (compared by identity). */
    record NodeInputs(Range range, List<Part> children) {
    }

    /** The range of leaves an inner node covers: its key among its siblings. */
    record Range(int from, int to) {
    }

    private PartTree(String feature, List<Part> leaves, PartTree previous) {
        this.feature = feature;
        this.leaves = List.copyOf(leaves);
        this.root = leaves.isEmpty() ? null : build(0, leaves.size(), previous);
    }

    /** The tree over {@code leaves}, reusing the nodes of {@code previous} (or null) that are unchanged. */
    static PartTree of(String feature, List<Part> leaves, PartTree previous) {
        return new PartTree(feature, leaves, previous);
    }

    /**
     * The width of the child ranges of a node covering {@code size} leaves: the largest power of FAN_OUT below
     * {@code size}, so every level but the top is full and nodes at the bottom hold FAN_OUT leaves each.
     */
    private static int step(int size) {
        int step = 1;
        while (step * FAN_OUT < size) {
            step *= FAN_OUT;
        }
        return step;
    }

    private Part build(int from, int to, PartTree previous) {
        if (to - from == 1) {
            return leaves.get(from);
        }
        int step = step(to - from);
        List<Part> children = new ArrayList<>(FAN_OUT);
        for (int lo = from; lo < to; lo += step) {
            children.add(build(lo, Math.min(to, lo + step), previous));
        }
        Range range = new Range(from, to);
        Part before = previous == null ? null : previous.nodes.get(range);
        Part p = Part.reuse(before, new PartKey(feature, range), new NodeInputs(range, List.copyOf(children)),
                in -> Part.Contents.children(in.children()));
        nodes.put(range, p);
        return p;
    }

    /** The part covering every leaf, or null when there is none. */
    Part root() {
        return root;
    }

    /** Adds to {@code out} parts that together cover every leaf but the one at {@code index}. */
    void allExcept(int index, List<Part> out) {
        if (root != null) {
            except(0, leaves.size(), index, out);
        }
    }

    private void except(int from, int to, int index, List<Part> out) {
        except(root, from, to, index, out);
    }

    /** Walks the parts themselves: the children of the node for [from, to) cover its ranges in order. */
    private static void except(Part node, int from, int to, int index, List<Part> out) {
        if (index < from || index >= to) {
            out.add(node);
            return;
        }
        if (to - from == 1) {
            return;
        }
        int step = step(to - from);
        List<Part> children = node.children();
        for (int c = 0, lo = from; lo < to; c++, lo += step) {
            except(children.get(c), lo, Math.min(to, lo + step), index, out);
        }
    }
}
