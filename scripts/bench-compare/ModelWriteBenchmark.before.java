package io.tenet.controller.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenet.controller.api.Encap;
import io.tenet.controller.api.Endpoint;
import io.tenet.controller.api.EndpointRequest;
import io.tenet.controller.api.Ipv4;
import io.tenet.controller.api.Ipv4Prefix;
import io.tenet.controller.api.Mac;
import io.tenet.controller.api.Network;
import io.tenet.controller.api.NetworkKey;
import io.tenet.controller.api.NetworkSpec;
import io.tenet.controller.api.Tenant;
import io.tenet.controller.model.ModelManager;
import io.tenet.controller.store.MvStore;
import io.tenet.controller.store.Store.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ModelWriteBenchmark for the model before issue 8 (its Store and ModelManager API), copied into the old
 * checkout by scripts/bench-compare.sh: the same model, the same two writes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ModelWriteBenchmark {
    static final NetworkKey NET = new NetworkKey("t", "n");

    @Param({"10000", "100000"})
    public int endpoints;

    private MvStore store;
    private ModelManager model;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        store = MvStore.inMemory();
        ObjectMapper json = new ObjectMapper();
        Ipv4Prefix subnet = Ipv4Prefix.parse("10.0.0.0/14");
        List<Write> writes = new ArrayList<>();
        writes.add(Write.put("tenants", "t", json.writeValueAsString(new Tenant("t", ""))));
        writes.add(Write.put("networks", NET.toString(), json.writeValueAsString(new Network(new NetworkSpec(NET,
                Encap.VXLAN, subnet, null, 0, "data"), 1))));
        for (int i = 0; i < endpoints; i++) {
            Ipv4 ip = subnet.network().plus(i + 1);
            String id = "ep" + i;
            writes.add(Write.put("endpoints", id, json.writeValueAsString(new Endpoint(id, NET, "", ip,
                    Mac.forEndpoint(ip), "h" + i % 100, "tn" + Integer.toHexString(i), id, Map.of()))));
        }
        store.commit(writes);
        model = new ModelManager(store);
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Two writes: an endpoint created, then deleted. */
    @Benchmark
    public Object createAndDeleteEndpoint() {
        String id = "bench" + next++;
        Object created = model.createEndpoint(new EndpointRequest(id, NET, "", "h" + next % 100, "tb"
                + Integer.toHexString(next), id, Map.of(), null));
        model.deleteEndpoint(id);
        return created;
    }
}
