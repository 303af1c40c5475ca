package io.tenet.controller.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.ViewContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.karaf.shell.support.table.ShellTable;

/** How every tenet: command prints: a table for people, or with --json the REST API's JSON. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** Any record or value as JSON, by its accessors. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    /** The items as a JSON array, each as {@code view} renders it (the REST API's views). */
    static <T> void json(PrintStream out, List<T> items, Function<T, ? extends JsonNode> view) {
        ArrayNode array = JSON.createArrayNode();
        items.forEach(item -> array.add(view.apply(item)));
        try {
            out.println(JSON.writeValueAsString(array));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The records of a collection that {@code include} accepts, in key order: the table of the collection's
     * descriptor columns, or with {@code json} the REST API's JSON of each.
     */
    static <K, V> void listing(PrintStream out, ModelCollection<K, V, ?> c,
            ModelSnapshot s, SwitchService switches, Predicate<V> include, boolean json) {
        List<V> records = new ArrayList<>(new TreeMap<>(s.get(c)).values());
        records.removeIf(include.negate());
        if (json) {
            json(out, records, v -> c.toJson(v, s));
            return;
        }
        ViewContext context = new ViewContext(s, switches);
        List<ModelCollection.Column<V>> columns = c.columns();
        List<List<Object>> rows = new ArrayList<>();
        for (V v : records) {
            List<Object> row = new ArrayList<>(columns.size());
            columns.forEach(col -> row.add(col.value().apply(v, context)));
            rows.add(row);
        }
        table(out, columns.stream().map(ModelCollection.Column::header).toList(), rows);
    }

    static void table(PrintStream out, List<String> headers, List<List<Object>> rows) {
        ShellTable t = new ShellTable();
        headers.forEach(t::column);
        rows.forEach(r -> t.addRow().addContent(r));
        t.print(out);
    }
}
