package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.rest.Views;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:tenants}: the tenants, with their networks and endpoints counted. */
@Service
@Command(scope = "tenet", name = "tenants", description = "Lists the tenants")
public class TenantsCommand implements Action {
    @Reference
    ModelService model;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        ModelSnapshot s = model.snapshot();
        List<Tenant> tenants = new ArrayList<>(s.tenants().values());
        tenants.sort(Comparator.comparing(Tenant::name));
        if (json) {
            Output.json(System.out, tenants, Views::tenant);
            return null;
        }
        Map<String, Long> nets = s.networks().keySet().stream()
                .collect(Collectors.groupingBy(NetworkKey::tenant, Collectors.counting()));
        Map<String, Long> eps = s.endpoints().values().stream()
                .collect(Collectors.groupingBy(e -> e.network().tenant(), Collectors.counting()));
        List<List<Object>> rows = new ArrayList<>();
        for (Tenant t : tenants) {
            rows.add(List.of(t.name(), nets.getOrDefault(t.name(), 0L), eps.getOrDefault(t.name(), 0L)));
        }
        Output.table(System.out, List.of("Tenant", "Networks", "Endpoints"), rows);
        return null;
    }
}
