package io.tenet.controller.collections;

import io.tenet.controller.api.RecordCollection;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;

/**
 * A collection of one record under one fixed key, as Contiv has them ({@code global}, {@code aciGw}): any other key
 * is a 404 naming {@code name}.
 */
abstract class SingleRecordCollection<V> extends RecordCollection<String, V> {
    private final String key;

    SingleRecordCollection(String name, String noun, String key, Class<V> recordType) {
        super(name, noun, "name", recordType);
        this.key = key;
    }

    @Override
    public final String keyOf(V value) {
        return key;
    }

    @Override
    public final String parseKey(String text) {
        if (!key.equals(text)) {
            throw new ValidationException(Kind.NOT_FOUND, "name", "there is one " + noun() + ", named '" + key
                    + "', not '" + text + "'");
        }
        return key;
    }
}
