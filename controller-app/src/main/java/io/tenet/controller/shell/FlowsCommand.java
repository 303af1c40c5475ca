package io.tenet.controller.shell;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchService.InstalledFlow;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:flows <node>}: the flows Tenet keeps on a node's switch, each with the object that produced it. */
@Service
@Command(scope = "tenet", name = "flows", description = "Lists a node's flows with the model object behind each")
public class FlowsCommand implements Action {
    @Reference
    SwitchService switches;

    @Argument(index = 0, name = "node", description = "Node name", required = true)
    @Completion(NameCompleters.Nodes.class)
    String node;

    @Option(name = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Object execute() {
        List<InstalledFlow> flows = switches.flows(node);
        if (json) {
            Output.json(System.out, flows, f -> JsonNodeFactory.instance.objectNode().put("owner", f.owner())
                    .put("flow", f.flow()));
            return null;
        }
        if (flows.isEmpty()) {
            System.out.println("No flows known for node '" + node + "' (not registered, or its switch is not connected).");
            return null;
        }
        List<List<Object>> rows = new ArrayList<>();
        flows.forEach(f -> rows.add(List.of(f.owner(), f.flow())));
        Output.table(System.out, List.of("Owner", "Flow"), rows);
        return null;
    }
}
