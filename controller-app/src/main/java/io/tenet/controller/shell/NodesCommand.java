package io.tenet.controller.shell;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Node;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.rest.Views;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:nodes}: the registered hosts, their tunnel address and whether their switch is connected. */
@Service
@Command(scope = "tenet", name = "nodes", description = "Lists the registered hosts")
public class NodesCommand implements Action {
    @Reference
    ModelService model;

    @Reference
    SwitchService switches;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        ModelSnapshot s = model.snapshot();
        List<Node> nodes = new ArrayList<>(s.nodes().values());
        nodes.sort(Comparator.comparing(Node::name));
        if (json) {
            Output.json(System.out, nodes, Views::node);
            return null;
        }
        Set<String> connected = switches.switches().stream().map(SwitchStatus::node).collect(Collectors.toSet());
        Map<String, Long> eps = s.endpoints().values().stream()
                .collect(Collectors.groupingBy(Endpoint::node, Collectors.counting()));
        List<List<Object>> rows = new ArrayList<>();
        for (Node n : nodes) {
            rows.add(List.of(n.name(), n.tunnelIp().toString(), String.format("%016x", n.datapathId()),
                    connected.contains(n.name()) ? "connected" : "disconnected", eps.getOrDefault(n.name(), 0L)));
        }
        Output.table(System.out, List.of("Node", "Tunnel IP", "Datapath", "Switch", "Endpoints"), rows);
        return null;
    }
}
