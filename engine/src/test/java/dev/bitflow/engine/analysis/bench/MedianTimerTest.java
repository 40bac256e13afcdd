package dev.bitflow.engine.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class MedianTimerTest {
    /** A fake clock: the float form takes 3 ms, the binary form 1 ms. */
    private final long[] now = {0};

    private MedianTimer.Timing[] time(LongSupplier cpuClock) {
        MedianTimer timer = new MedianTimer(0, 5, () -> now[0], cpuClock);
        return timer.time(() -> now[0] += 3_000_000, () -> now[0] += 1_000_000, TaskMonitor.NONE);
    }

    @Test
    void measuresWallAndCpuTimeOfEachForm() {
        MedianTimer.Timing[] t = time(() -> now[0]);
        assertThat(t[0]).isEqualTo(new MedianTimer.Timing(3.0, 3.0, 3.0));
        assertThat(t[1]).isEqualTo(new MedianTimer.Timing(1.0, 1.0, 1.0));
    }

    @Test
    void cpuTimeIsZeroWhenTheJvmCannotMeasureIt() {
        MedianTimer.Timing[] t = time(() -> -1L);
        assertThat(t[0]).isEqualTo(new MedianTimer.Timing(3.0, 3.0, 0.0));
        assertThat(t[1]).isEqualTo(new MedianTimer.Timing(1.0, 1.0, 0.0));
    }

    @Test
    void cpuTimeIsZeroWhenMeasurementStopsDuringTheRuns() {
        int[] calls = {0};
        MedianTimer.Timing[] t = time(() -> calls[0]++ < 7 ? now[0] : -1L);
        assertThat(t[0].medianCpuMs()).isZero();
        assertThat(t[1].medianCpuMs()).isZero();
        assertThat(t[0].medianMs()).isEqualTo(3.0);
    }

    @Test
    void threadCpuClockIsAbsentWithoutSupport() {
        ThreadMXBean unsupported = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isCurrentThreadCpuTimeSupported")) {
                        return false;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThat(MedianTimer.threadCpuClock(unsupported).getAsLong()).isEqualTo(-1L);
    }
}
