package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times two forms of the same work: at least {@code warmup} untimed runs of each, continued until both
 * forms have run for {@link BenchRequest#MIN_WARMUP_NANOS} (so that C2 has compiled a kernel of a few milliseconds
 * before timing starts; at most {@link #MAX_WARMUP_RUNS} runs; none if {@code warmup} is 0), then {@code runs} timed runs alternating float and binary, so that a change in machine load
 * hits both. Reports the median and the minimum of each, in milliseconds.
 */
final class MedianTimer {
    /**
     * Median and fastest wall time of one form, and the median CPU time of the calling thread, milliseconds.
     * With one thread on both sides (ND4J with {@code OMP_NUM_THREADS=1} runs its ops on the calling
     * thread) the CPU time is the work itself, much less disturbed by other processes than wall time.
     * {@code medianCpuMs} is 0 when the JVM cannot measure thread CPU time.
     */
    record Timing(double medianMs, double minMs, double medianCpuMs) {
    }

    static final int MAX_WARMUP_RUNS = 5000;

    private final int warmup;
    private final int runs;
    private final LongSupplier wallClock;
    private final LongSupplier cpuClock;
    private Object sink;

    MedianTimer(int warmup, int runs) {
        this(warmup, runs, System::nanoTime, threadCpuClock(ManagementFactory.getThreadMXBean()));
    }

    /**
     * @param wallClock nanoseconds, as {@link System#nanoTime}
     * @param cpuClock  the calling thread's CPU nanoseconds, negative when not available
     */
    MedianTimer(int warmup, int runs, LongSupplier wallClock, LongSupplier cpuClock) {
        this.warmup = warmup;
        this.runs = runs;
        this.wallClock = wallClock;
        this.cpuClock = cpuClock;
    }

    /** The calling thread's CPU time from {@code threads}; -1 where unsupported or disabled. */
    static LongSupplier threadCpuClock(ThreadMXBean threads) {
        return threads.isCurrentThreadCpuTimeSupported() ? threads::getCurrentThreadCpuTime : () -> -1L;
    }

    Timing[] time(Runnable floatForm, java.util.function.Supplier<Object> binaryForm, TaskMonitor monitor) {
        long start = wallClock.getAsLong();
        for (int i = 0; i < warmup || (warmup > 0 && i < MAX_WARMUP_RUNS
                && wallClock.getAsLong() - start < BenchRequest.MIN_WARMUP_NANOS); i++) {
            monitor.checkCancelled();
            floatForm.run();
            sink = binaryForm.get();
        }
        double[] f = new double[runs];
        double[] b = new double[runs];
        double[] fc = new double[runs];
        double[] bc = new double[runs];
        boolean cpuMeasured = true;
        for (int i = 0; i < runs; i++) {
            monitor.checkCancelled();
            long c0 = cpuClock.getAsLong();
            long t0 = wallClock.getAsLong();
            floatForm.run();
            long t1 = wallClock.getAsLong();
            long c1 = cpuClock.getAsLong();
            sink = binaryForm.get();
            long t2 = wallClock.getAsLong();
            long c2 = cpuClock.getAsLong();
            cpuMeasured &= c0 >= 0 && c1 >= 0 && c2 >= 0;
            f[i] = (t1 - t0) / 1e6;
            b[i] = (t2 - t1) / 1e6;
            fc[i] = (c1 - c0) / 1e6;
            bc[i] = (c2 - c1) / 1e6;
        }
        return new Timing[] {summarise(f, cpuMeasured ? fc : null), summarise(b, cpuMeasured ? bc : null)};
    }

    /** The last binary result, kept so the JIT cannot drop the work. */
    Object sink() {
        return sink;
    }

    /** {@code cpuMs} null: CPU time not measured (reported as 0). */
    private static Timing summarise(double[] wallMs, double[] cpuMs) {
        double[] sorted = wallMs.clone();
        Arrays.sort(sorted);
        return new Timing(median(wallMs), sorted[0], cpuMs == null ? 0 : median(cpuMs));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
