package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.Network;
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

/** {@code tenet:networks [tenant]}: the networks, with subnet, tag and endpoint count. */
@Service
@Command(scope = "tenet", name = "networks", description = "Lists the networks, of one tenant or of all")
public class NetworksCommand implements Action {
    @Reference
    ModelService model;

    @Argument(index = 0, name = "tenant", description = "Only this tenant's networks", required = false)
    @Completion(NameCompleters.Tenants.class)
    String tenant;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        ModelSnapshot s = model.snapshot();
        List<Network> nets = new ArrayList<>(s.networks().values());
        nets.removeIf(n -> tenant != null && !n.key().tenant().equals(tenant));
        nets.sort(Comparator.comparing(Network::key));
        if (json) {
            Output.json(System.out, nets, Views::network);
            return null;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Network n : nets) {
            rows.add(List.of(n.key().toString(), n.spec().encap().wire(), n.tag(), n.spec().subnet().toString(),
                    n.spec().gateway() == null ? "" : n.spec().gateway().toString(),
                    s.endpointsOf(n.key()).size()));
        }
        Output.table(System.out, List.of("Network", "Encap", "Tag", "Subnet", "Gateway", "Endpoints"), rows);
        return null;
    }
}
