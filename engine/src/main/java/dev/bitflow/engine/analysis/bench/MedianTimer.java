package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.TaskMonitor;
import java.util.Arrays;

/**
 * Times two forms of the same work: at least {@code warmup} untimed runs of each, continued until both
 * forms have run for {@link #MIN_WARMUP_NANOS} (so that C2 has compiled a kernel of a few milliseconds
 * before timing starts; at most {@link #MAX_WARMUP_RUNS} runs; none if {@code warmup} is 0), then {@code runs} timed runs alternating float and binary, so that a change in machine load
 * hits both. Reports the median and the minimum of each, in milliseconds.
 */
final class MedianTimer {
    /**
     * Median and fastest wall time of one form, and the median CPU time of the calling thread, milliseconds.
     * With one thread on both sides (ND4J with {@code OMP_NUM_THREADS=1} runs its ops on the calling
     * thread) the CPU time is the work itself, much less disturbed by other processes than wall time.
     */
    record Timing(double medianMs, double minMs, double medianCpuMs) {
    }

    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();

    static final long MIN_WARMUP_NANOS = 1_500_000_000L;
    static final int MAX_WARMUP_RUNS = 5000;

    private final int warmup;
    private final int runs;
    private Object sink;

    MedianTimer(int warmup, int runs) {
        this.warmup = warmup;
        this.runs = runs;
    }

    Timing[] time(Runnable floatForm, java.util.function.Supplier<Object> binaryForm, TaskMonitor monitor) {
        long start = System.nanoTime();
        for (int i = 0; i < warmup || (warmup > 0 && i < MAX_WARMUP_RUNS
                && System.nanoTime() - start < MIN_WARMUP_NANOS); i++) {
            monitor.checkCancelled();
            floatForm.run();
            sink = binaryForm.get();
        }
        double[] f = new double[runs];
        double[] b = new double[runs];
        double[] fc = new double[runs];
        double[] bc = new double[runs];
        for (int i = 0; i < runs; i++) {
            monitor.checkCancelled();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            floatForm.run();
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            sink = binaryForm.get();
            long t2 = System.nanoTime();
            long c2 = cpuNanos();
            f[i] = (t1 - t0) / 1e6;
            b[i] = (t2 - t1) / 1e6;
            fc[i] = (c1 - c0) / 1e6;
            bc[i] = (c2 - c1) / 1e6;
        }
        return new Timing[] {summarise(f, fc), summarise(b, bc)};
    }

    /** The last binary result, kept so the JIT cannot drop the work. */
    Object sink() {
        return sink;
    }

    private long cpuNanos() {
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0L;
    }

    private static Timing summarise(double[] wallMs, double[] cpuMs) {
        double[] sorted = wallMs.clone();
        Arrays.sort(sorted);
        return new Timing(median(wallMs), sorted[0], median(cpuMs));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
