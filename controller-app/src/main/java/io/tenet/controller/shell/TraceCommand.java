package io.tenet.controller.shell;

import io.tenet.controller.api.TraceService;
import io.tenet.controller.api.TraceService.TraceRequest;
import io.tenet.controller.api.TraceService.TraceResult;
import io.tenet.controller.api.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code tenet:trace <from> <to> [protocol] [port]}: whether the first packet of a connection from an endpoint
 * to an endpoint or address gets through, and the tables it passed, from the compiled flows (docs/trace.md).
 */
@Service
@Command(scope = "tenet", name = "trace", description = "Traces a packet from an endpoint through the compiled flows")
public class TraceCommand implements Action {
    @Reference
    TraceService tracer;

    @Argument(index = 0, name = "from", description = "Endpoint id the packet leaves", required = true)
    @Completion(NameCompleters.Endpoints.class)
    String from;

    @Argument(index = 1, name = "to", description = "Endpoint id or IPv4 address", required = true)
    @Completion(NameCompleters.Endpoints.class)
    String to;

    @Argument(index = 2, name = "protocol", description = "tcp, udp or icmp (default icmp)", required = false)
    String protocol = "icmp";

    @Argument(index = 3, name = "port", description = "Destination port, for tcp and udp", required = false)
    int port;

    @Option(name = "--json", description = "Print JSON, as GET /api/v1/trace returns it")
    boolean json;

    @Override
    public Object execute() {
        TraceResult r;
        try {
            r = tracer.trace(new TraceRequest(from, to, protocol, port));
        } catch (ValidationException e) {
            System.out.println("Cannot trace (" + e.field() + "): " + e.getMessage());
            return null;
        }
        if (json) {
            Output.json(System.out, List.of(r), Output::tree);
            return null;
        }
        System.out.println("Verdict: " + r.verdict() + (r.rule() == null ? "" : " (rule " + r.rule() + ")"));
        System.out.println("Why:     " + r.reason());
        if (r.output() != null) {
            System.out.println("Output:  node " + r.output().node() + " port " + r.output().port() + " ("
                    + r.output().portName() + ") to " + r.output().reaches());
        }
        List<List<Object>> rows = new ArrayList<>();
        r.hops().forEach(h -> rows.add(List.of(h.node(), h.table(), h.priority() < 0 ? "miss"
                : Integer.toString(h.priority()), h.owner(), h.note())));
        Output.table(System.out, List.of("Node", "Table", "Priority", "Owner", "Note"), rows);
        return null;
    }
}
