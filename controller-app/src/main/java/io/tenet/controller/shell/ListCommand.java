package io.tenet.controller.shell;

import io.tenet.controller.api.ModelCollection;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.SwitchService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:list <collection>}: the objects of any model collection, as its descriptor tabulates them. */
@Service
@Command(scope = "tenet", name = "list", description = "Lists the objects of a model collection (tenants, policys...)")
public class ListCommand implements Action {
    @Reference
    ModelService model;

    @Reference(optional = true)
    SwitchService switches;

    @Argument(index = 0, name = "collection", description = "Collection name, as in the REST API", required = true)
    @Completion(NameCompleters.Collections.class)
    String collection;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        ModelCollection<?, ?, ?> c = model.schema().collection(collection).orElse(null);
        if (c == null) {
            System.out.println("No collection named '" + collection + "'; known: " + String.join(", ",
                    model.schema().collections().stream().map(ModelCollection::name).toList()));
            return null;
        }
        print(c);
        return null;
    }

    private <K, V> void print(ModelCollection<K, V, ?> c) {
        Output.listing(System.out, c, model.snapshot(), switches, v -> true, json);
    }
}
