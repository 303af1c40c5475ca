package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.collections.ModelCollections;
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
        Output.listing(System.out, ModelCollections.NODES, model.snapshot(), switches, n -> true, json);
        return null;
    }
}
