package io.tenet.controller.shell;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.rest.Views;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:endpoints [tenant:network]}: the containers' interfaces with address, MAC and host. */
@Service
@Command(scope = "tenet", name = "endpoints", description = "Lists the endpoints, of one network or of all")
public class EndpointsCommand implements Action {
    @Reference
    ModelService model;

    @Argument(index = 0, name = "network", description = "Only this network's endpoints (tenant:network)",
            required = false)
    @Completion(NameCompleters.Networks.class)
    String network;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        ModelSnapshot s = model.snapshot();
        List<Endpoint> eps = new ArrayList<>(s.endpoints().values());
        eps.removeIf(e -> network != null && !e.network().toString().equals(network));
        eps.sort(Comparator.comparing(Endpoint::network).thenComparing(Endpoint::ip));
        if (json) {
            Output.json(System.out, eps, e -> Views.endpointOper(e, s));
            return null;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Endpoint e : eps) {
            rows.add(List.of(e.id(), e.network().toString(), e.ip().toString(), e.mac().toString(), e.node(),
                    e.intfName()));
        }
        Output.table(System.out, List.of("Endpoint", "Network", "IP", "MAC", "Host", "Port"), rows);
        return null;
    }
}
