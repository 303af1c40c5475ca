package io.tenet.controller.shell;

import io.tenet.controller.api.ModelService;
import io.tenet.controller.collections.ModelCollections;
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
        Output.listing(System.out, ModelCollections.TENANTS, model.snapshot(), null, t -> true, json);
        return null;
    }
}
