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
        Output.listing(System.out, ModelCollections.ENDPOINTS, model.snapshot(), null,
                e -> network == null || e.network().toString().equals(network), json);
        return null;
    }
}
