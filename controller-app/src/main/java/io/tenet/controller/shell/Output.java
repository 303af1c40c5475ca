package io.tenet.controller.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.apache.karaf.shell.support.table.ShellTable;

/** How every tenet: command prints: a table for people, or with --json the REST API's JSON. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
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

    static void table(PrintStream out, List<String> headers, List<List<Object>> rows) {
        ShellTable t = new ShellTable();
        headers.forEach(t::column);
        rows.forEach(r -> t.addRow().addContent(r));
        t.print(out);
    }
}
