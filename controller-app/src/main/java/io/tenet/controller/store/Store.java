package io.tenet.controller.store;

import java.util.List;
import java.util.Map;

/**
 * Durable storage of the model as JSON documents in named collections. {@link #commit} is atomic: after a crash
 * the store holds either all of a commit or none of it. One writer at a time (the model manager).
 */
public interface Store extends AutoCloseable {
    /** Every document of a collection, by key. */
    Map<String, String> load(String collection);

    void commit(List<Write> writes);

    @Override
    void close();

    /** One document written ({@code json} non-null) or removed ({@code json} null). */
    record Write(String collection, String key, String json) {
        public static Write put(String collection, String key, String json) {
            return new Write(collection, key, json);
        }

        public static Write delete(String collection, String key) {
            return new Write(collection, key, null);
        }
    }
}
