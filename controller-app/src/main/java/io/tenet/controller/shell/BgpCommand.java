package io.tenet.controller.shell;

import io.tenet.controller.api.BgpReport;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.SwitchService;
import io.tenet.controller.collections.ModelCollections;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code tenet:bgp}: each BGP host with its neighbour, session state and route counts; with {@code --routes}, the
 * routes the hosts learned and their next hops, as their agents reported them.
 */
@Service
@Command(scope = "tenet", name = "bgp", description = "Lists the BGP hosts, their neighbours and routes")
public class BgpCommand implements Action {
    @Reference
    ModelService model;

    @Reference
    SwitchService switches;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Option(name = "--routes", description = "Also list the routes learned")
    boolean routes;

    @Argument(index = 0, name = "host", description = "Only this host", required = false)
    String host;

    @Override
    public Object execute() {
        ModelSnapshot s = model.snapshot();
        Output.listing(System.out, ModelCollections.BGPS, s, switches, b -> host == null || b.host().equals(host),
                json);
        if (routes && !json) {
            List<List<Object>> rows = new ArrayList<>();
            for (BgpReport r : s.get(ModelCollections.BGP_REPORTS).values()) {
                if (host != null && !r.host().equals(host)) {
                    continue;
                }
                for (BgpReport.LearnedRoute route : r.routes()) {
                    for (BgpReport.NextHop h : route.nextHops()) {
                        rows.add(List.of(r.host(), route.prefix(), h.ip(), h.mac() == null ? "(unresolved)" : h.mac()));
                    }
                }
            }
            System.out.println();
            Output.table(System.out, List.of("Host", "Prefix", "Next hop", "Next hop MAC"), rows);
        }
        return null;
    }
}
