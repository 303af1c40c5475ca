package io.tenet.controller.api;

import java.util.List;
import java.util.Objects;

/**
 * A structure derived from the records of some collections (endpoints by network, the addresses in use, the
 * group ids taken), held by every snapshot and kept up to date record by record as snapshots are built. Because
 * an index is a function of the records alone, every controller that loads or watches the same records holds the
 * same index: allocations made from one never disagree between controllers.
 *
 * <p>{@link #update} must not change {@code index}: it returns a new value (sharing structure with the old one,
 * see {@link PersistentMap}) and must cost what the change touches, not the size of the model.
 */
public abstract class ModelIndex<T> {
    private final String name;
    private final List<ModelCollection<?, ?, ?>> inputs;

    protected ModelIndex(String name, List<ModelCollection<?, ?, ?>> inputs) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = List.copyOf(inputs);
    }

    /** The value over no records. */
    public abstract T empty();

    /**
     * The index after one record of {@code collection} (one of {@link #inputs}) went from {@code before} to
     * {@code after}; either is null when the record is absent on that side.
     */
    public abstract T update(T index, ModelCollection<?, ?, ?> collection, Object before, Object after);

    public String name() {
        return name;
    }

    /** The collections whose records this index is derived from. */
    public List<ModelCollection<?, ?, ?>> inputs() {
        return inputs;
    }

    /** How a one-collection index changes with one record. */
    @FunctionalInterface
    public interface Update<T, V> {
        T apply(T index, V before, V after);
    }

    /** An index over the records of one collection. */
    public static <V, T> ModelIndex<T> over(String name, ModelCollection<?, V, ?> input, T empty, Update<T, V> update) {
        return new ModelIndex<>(name, List.of(input)) {
            @Override
            public T empty() {
                return empty;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T update(T index, ModelCollection<?, ?, ?> collection, Object before, Object after) {
                return update.apply(index, (V) before, (V) after);
            }
        };
    }

    @Override
    public String toString() {
        return "index " + name;
    }
}
