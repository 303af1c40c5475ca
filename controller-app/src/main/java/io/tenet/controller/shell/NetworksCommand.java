package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.collections.ModelCollections;
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
        Output.listing(System.out, ModelCollections.NETWORKS, model.snapshot(), null,
                n -> tenant == null || n.key().tenant().equals(tenant), json);
        return null;
    }
}
