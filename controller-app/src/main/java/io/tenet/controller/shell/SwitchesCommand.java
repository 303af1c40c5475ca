package io.tenet.controller.shell;

import io.tenet.controller.api.SwitchService;
import io.tenet.controller.api.SwitchStatus;
import io.tenet.controller.collections.SwitchView;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code tenet:switches}: connected OpenFlow switches, their role, flows and flow-mods. */
@Service
@Command(scope = "tenet", name = "switches", description = "Lists the connected OpenFlow switches")
public class SwitchesCommand implements Action {
    @Reference
    SwitchService switches;

    @Option(name = "--json", description = "Print JSON, as the REST API returns it")
    boolean json;

    @Override
    public Object execute() {
        List<SwitchStatus> all = switches.switches();
        if (json) {
            Output.json(System.out, all, SwitchView::of);
            return null;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (SwitchStatus s : all) {
            rows.add(List.of(s.datapathId(), s.node(), s.address(), s.version(), s.role(), s.flows(), s.groups(),
                    s.meters(), s.flowModsSent(), s.lastError()));
        }
        Output.table(System.out, List.of("Datapath", "Node", "Address", "Version", "Role", "Flows", "Groups",
                "Meters", "Flow-mods", "Last error"), rows);
        return null;
    }
}
