package io.tenet.controller.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tenet.controller.api.JsonBody;
import io.tenet.controller.api.ModelAdminService;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.ValidationException;
import io.tenet.controller.api.ValidationException.Kind;
import io.tenet.controller.api.ViewContext;
import io.tenet.controller.api.WriteResult;
import java.util.TreeMap;

/** The REST resource of one model collection, made entirely from its descriptor. */
final class CollectionResource<K, V, R> implements Resource {
    private final ModelCollection<K, V, R> collection;
    private final ModelAdminService model;
    private final RestApi.ViewSources sources;

    CollectionResource(ModelCollection<K, V, R> collection, ModelAdminService model, RestApi.ViewSources sources) {
        this.collection = collection;
        this.model = model;
        this.sources = sources;
    }

    @Override
    public int maxBody() {
        return collection.maxBody();
    }

    @Override
    public String name() {
        return collection.name();
    }

    @Override
    public JsonNode list() {
        ModelSnapshot s = model.snapshot();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        new TreeMap<>(s.get(collection)).values().forEach(v -> out.add(collection.toJson(v, s)));
        return out;
    }

    private V find(ModelSnapshot s, String key) {
        V v = s.get(collection).get(collection.parseKey(key));
        if (v == null) {
            throw notFound(key);
        }
        return v;
    }

    private ValidationException notFound(String key) {
        return new ValidationException(Kind.NOT_FOUND, "key", collection.noun() + " '" + key + "' does not exist");
    }

    @Override
    public JsonNode get(String key) {
        ModelSnapshot s = model.snapshot();
        return collection.toJson(find(s, key), s);
    }

    @Override
    public ApiResponse put(String key, JsonNode body) {
        K k = collection.parseKey(key);
        R request = collection.fromJson(k, new JsonBody(body));
        if (!k.equals(collection.requestKey(request))) {
            throw new ValidationException("key", "the body describes " + collection.describe(collection
                    .requestKey(request)) + ", not " + key);
        }
        WriteResult<V> result = model.put(collection, request);
        return new ApiResponse(result.created() ? collection.createdStatus() : 200,
                collection.toJson(result.value(), model.snapshot()));
    }

    @Override
    public void delete(String key) {
        if (!model.delete(collection, collection.parseKey(key))) {
            throw notFound(key);
        }
    }

    @Override
    public JsonNode inspect(String key) {
        ModelSnapshot s = model.snapshot();
        return collection.inspect(find(s, key), new ViewContext(s, sources.switches(), sources.status()));
    }
}
