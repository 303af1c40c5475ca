package io.tenet.controller.bench;

import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.ModelService;
import io.tenet.controller.api.ModelSnapshot;
import io.tenet.controller.api.TraceService.TraceRequest;
import io.tenet.controller.api.TraceService.TraceResult;
import io.tenet.controller.collections.ModelCollections;
import io.tenet.controller.compiler.CompiledSwitch;
import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.trace.PacketTracer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How long a computed trace takes on the policy cluster of PolicyCompileBenchmark (10,000 endpoints, 1,000 groups,
 * 10,000 rules, 100 hosts; about 32,000 flows per switch): a TCP trace between two endpoints of one network on two
 * hosts, each trace indexing both switches' flows by table afresh, as {@code GET /api/v1/trace} does.
 */
public final class TraceBenchmark {
    private TraceBenchmark() {
    }

    public static void main(String[] args) {
        int traces = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        PolicyCompileBenchmark cluster = new PolicyCompileBenchmark();
        cluster.generate();
        ModelSnapshot model = cluster.model;
        Map<String, CompiledSwitch> switches = new HashMap<>();
        for (var view : cluster.views) {
            switches.put(view.node().name(), new CompiledSwitch(view, DatapathCompiler.compileFromScratch(model,
                    view)));
        }
        Endpoint a = null;
        Endpoint b = null;
        for (Endpoint e : model.get(ModelCollections.ENDPOINTS).values()) {
            if (a == null) {
                a = e;
            } else if (b == null && e.network().equals(a.network()) && !e.node().equals(a.node())) {
                b = e;
            }
        }
        ModelService service = new ModelService() {
            public ModelSnapshot snapshot() {
                return model;
            }

            public io.tenet.controller.api.Subscription subscribe(String name,
                    io.tenet.controller.api.ModelSubscriber subscriber) {
                throw new UnsupportedOperationException("a benchmark's model does not change");
            }
        };
        PacketTracer tracer = new PacketTracer(service, n -> Optional.ofNullable(switches.get(n)));
        TraceRequest r = new TraceRequest(a.id(), b.id(), "tcp", 80);
        TraceResult result = null;
        for (int i = 0; i < 10; i++) {
            result = tracer.trace(r);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < traces; i++) {
            result = tracer.trace(r);
        }
        System.out.printf("trace %s -> %s tcp/80 (%s, %d hops, %d flows on the source switch): %.2f ms per trace%n",
                a.id(), b.id(), result.verdict(), result.hops().size(), switches.get(a.node()).state().size(),
                (System.nanoTime() - t0) / 1e6 / traces);
    }
}
