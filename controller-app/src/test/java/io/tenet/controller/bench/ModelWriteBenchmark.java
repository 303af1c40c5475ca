package io.tenet.controller.bench;

import static io.tenet.controller.collections.ModelCollections.ENDPOINTS;

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
import io.tenet.controller.store.ModelStore.Write;
import io.tenet.controller.store.embedded.MvStore;
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
 * The cost of one model write as the model grows: a model of {@code endpoints} endpoints (one network, 100 hosts,
 * loaded from an in-memory store), and per operation one endpoint created through the model (address allocation,
 * checks, commit, publication) and deleted again: two writes. scripts/bench-compare/ModelWriteBenchmark.before.java
 * is the same benchmark for the model before its restructuring, for the side-by-side run.
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
        store.commit(0, writes);
        model = new ModelManager(store);
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
        store.close();
    }

    /** Two writes: an endpoint created, then deleted. */
    @Benchmark
    public Object createAndDeleteEndpoint() {
        String id = "bench" + next++;
        Object created = model.put(ENDPOINTS, new EndpointRequest(id, NET, "", "h" + next % 100, "tb"
                + Integer.toHexString(next), id, Map.of(), null)).value();
        model.delete(ENDPOINTS, id);
        return created;
    }
}
