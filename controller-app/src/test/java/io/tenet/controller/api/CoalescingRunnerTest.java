package io.tenet.controller.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The runner's contract: one run at a time, merged inputs, audits, back-off that doubles and resets. */
class CoalescingRunnerTest {
    /** An executor whose tasks run when the test says, so "during a run" can be arranged exactly. */
    private static final class StepExecutor implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runNext() {
            queued.remove(0).run();
        }
    }

    private final StepExecutor executor = new StepExecutor();
    private final ManualScheduler timer = new ManualScheduler();
    private final List<String> runs = new ArrayList<>();
    private int failNext;

    private CoalescingRunner<String> runner() {
        return new CoalescingRunner<>("test runner", executor, timer, (a, b) -> a + "+" + b,
                new CoalescingRunner.Backoff(Duration.ofMillis(100), Duration.ofMillis(350)), (input, audit) -> {
                    runs.add(input + (audit ? " (audit)" : ""));
                    if (failNext > 0) {
                        failNext--;
                        throw new IllegalStateException("refused " + input);
                    }
                });
    }

    @Test
    void inputsThatArriveWhileQueuedAreMergedIntoOneRun() {
        CoalescingRunner<String> r = runner();
        r.submit("a");
        r.submit("b");
        r.submit("c");
        assertEquals(1, executor.queued.size(), "one drain is started, not three");
        executor.runNext();
        assertEquals(List.of("a+b+c"), runs);
        assertEquals(new CoalescingRunner.Status(1, 0, ""), r.status());
    }

    @Test
    void aFailedRunIsRetriedAfterADoublingBackOffWithNewerInputMerged() {
        CoalescingRunner<String> r = runner();
        failNext = 3;
        r.submit("a");
        executor.runNext();
        assertEquals(1, timer.pending());
        r.submit("b");
        assertTrue(executor.queued.isEmpty(), "nothing runs during the back-off");
        timer.runAll();
        executor.runNext();
        timer.runAll();
        executor.runNext();
        timer.runAll();
        executor.runNext();
        assertEquals(List.of("a", "a+b", "a+b", "a+b"), runs);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350)), timer.delays(),
                "the delay doubles up to the maximum");
        assertEquals(new CoalescingRunner.Status(4, 3, ""), r.status(), "a success clears the last error");
        failNext = 1;
        r.submit("c");
        executor.runNext();
        assertEquals(Duration.ofMillis(100), timer.delays().get(3), "the back-off starts over after a success");
        assertEquals("refused c", r.status().lastError());
    }

    @Test
    void anAuditRunsOnTheLastInputWhenNothingIsPending() {
        CoalescingRunner<String> r = runner();
        r.requestAudit();
        assertTrue(executor.queued.isEmpty(), "no input yet: nothing to audit");
        r.submit("a");
        executor.runNext();
        r.requestAudit();
        executor.runNext();
        r.submit("b");
        r.requestAudit();
        executor.runNext();
        assertEquals(List.of("a", "a (audit)", "b (audit)"), runs);
    }

    @Test
    void aClosedRunnerRunsNothingMore() {
        CoalescingRunner<String> r = runner();
        r.submit("a");
        r.close();
        executor.runNext();
        r.submit("b");
        assertEquals(List.of(), runs);
        assertTrue(executor.queued.isEmpty());
    }
}
