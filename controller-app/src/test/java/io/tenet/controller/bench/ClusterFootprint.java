package io.tenet.controller.bench;

import io.tenet.controller.compiler.DatapathCompiler;
import io.tenet.controller.compiler.SwitchState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap that the compiled flows of every switch of {@link PolicyCompileBenchmark}'s cluster keep, as the
 * reconcilers keep them (each switch's last result): used heap after a full GC with the results held, minus used
 * heap after a full GC with only the model. Run: {@code java -cp <test classpath> io.tenet.controller.bench.ClusterFootprint}.
 */
public final class ClusterFootprint {
    private ClusterFootprint() {
    }

    public static void main(String[] args) {
        PolicyCompileBenchmark b = new PolicyCompileBenchmark();
        b.generate();
        long model = usedAfterGc();
        SwitchState[] all = ClusterCompileBenchmark.compileAll(new DatapathCompiler(), b.model, b.views, null);
        long compiled = usedAfterGc();
        long flows = 0;
        for (SwitchState s : all) {
            flows += s.size();
        }
        System.out.printf("switches %d, flows %d, retained by the compiled flows %.1f MiB (model alone %.1f MiB)%n",
                all.length, flows, (compiled - model) / 1048576.0, model / 1048576.0);
    }

    private static long usedAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
