package dev.bitflow.engine.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassTimerTest {
    /** A fake clock and a pass that takes {@code passNanos} of it. */
    private final long[] now = {0};
    private int passes;

    private double[] time(int warmup, int runs, long passNanos, TaskMonitor monitor) {
        passes = 0;
        return new PassTimer(warmup, runs, () -> now[0]).time(() -> {
            now[0] += passNanos;
            passes++;
        }, "fused network", monitor, 0, 1);
    }

    @Test
    void shortPassesWarmUpUntilTheMinimumTimeHasPassed() {
        double[] ms = time(1, 3, 100_000_000L, TaskMonitor.NONE); // 100 ms a pass: 50 warm-up passes
        assertThat(passes).isEqualTo(50 + 3);
        assertThat(ms).containsExactly(100.0, 100.0, 100.0);
    }

    @Test
    void longPassesWarmUpTheGivenNumberOfTimes() {
        time(3, 3, 2_000_000_000L, TaskMonitor.NONE);
        assertThat(passes).isEqualTo(3 + 3);
    }

    @Test
    void noWarmUpWhenNoneIsAskedFor() {
        time(0, 3, 1_000_000L, TaskMonitor.NONE);
        assertThat(passes).isEqualTo(3);
    }

    @Test
    void progressRisesFromTheWarmUpToTheLastTimedPass() {
        List<Double> fractions = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        time(1, 3, 2_000_000_000L, new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
                fractions.add(fraction);
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        });
        assertThat(fractions).isSorted().allSatisfy(f -> assertThat(f).isBetween(0.0, 1.0));
        assertThat(messages).first().isEqualTo("warming up the fused network (pass 1)");
        assertThat(messages).last().isEqualTo("timing the fused network (pass 3 of 3)");
        assertThat(messages).filteredOn(m -> m.startsWith("warming up")).hasSize(3);
    }
}
