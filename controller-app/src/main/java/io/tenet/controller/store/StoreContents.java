package io.tenet.controller.store;

import java.util.Map;

/**
 * Everything a store held at one revision: documents by key, by collection. Immutable.
 *
 * @param revision the revision these documents are at (0 for an empty store)
 */
public record StoreContents(long revision, Map<String, Map<String, String>> collections) {
    public StoreContents {
        collections = Map.copyOf(collections);
    }

    /** The documents of one collection, by key; empty when it has none. */
    public Map<String, String> collection(String name) {
        return collections.getOrDefault(name, Map.of());
    }
}
