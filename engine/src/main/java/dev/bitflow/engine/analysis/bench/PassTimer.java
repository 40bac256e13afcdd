package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.ModelBenchRequest;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times passes of one side of {@code bench MODEL} (the fused network or the float network over the test images): at
 * least {@code warmup} untimed passes, continued until the side has run for {@link ModelBenchRequest#MIN_WARMUP_NANOS} (at most
 * {@link MedianTimer#MAX_WARMUP_RUNS} passes; none if {@code warmup} is 0), then {@code runs} timed passes.
 *
 * <p>Why a warm-up in seconds: a fused pass over 10,000 images takes a tenth of a second on two threads, less than C2
 * needs to compile its kernels, and while both cores run the network the compiler threads get little of them. With
 * one warm-up pass, five JVMs gave 58,000-112,000 images/s on two threads (`fashion-bcnn`, JDK 25, two cores); with
 * the layer bench's 1.5 s still 51,000-72,000 in three JVMs; with 30 passes (about 3.5 s) 101,000-124,000, the speed
 * the same network keeps after a long warm-up in a loop of its own.
 */
final class PassTimer {

    private final int warmup;
    private final int runs;
    private final LongSupplier wallClock;

    PassTimer(int warmup, int runs) {
        this(warmup, runs, System::nanoTime);
    }

    /** @param wallClock nanoseconds, as {@link System#nanoTime} */
    PassTimer(int warmup, int runs, LongSupplier wallClock) {
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("warm-up passes must be >= 0, timed passes >= 1");
        }
        this.warmup = warmup;
        this.runs = runs;
        this.wallClock = wallClock;
    }

    /**
     * Wall milliseconds of each timed pass of {@code pass}, sorted; progress from {@code from} to {@code to} (the
     * warm-up the first half, the timed passes the second), named after {@code what}.
     */
    double[] time(Runnable pass, String what, TaskMonitor monitor, double from, double to) {
        double half = (to - from) / 2;
        long start = wallClock.getAsLong();
        for (int p = 0; p < warmup || (warmup > 0 && p < MedianTimer.MAX_WARMUP_RUNS
                && wallClock.getAsLong() - start < ModelBenchRequest.MIN_WARMUP_NANOS); p++) {
            monitor.checkCancelled();
            double byPasses = Math.min(1, (double) p / warmup);
            double byTime = Math.min(1,
                    (double) (wallClock.getAsLong() - start) / ModelBenchRequest.MIN_WARMUP_NANOS);
            monitor.progress(from + half * Math.min(byPasses, byTime), "warming up the " + what + " (pass " + (p + 1)
                    + ")");
            pass.run();
        }
        double[] ms = new double[runs];
        for (int p = 0; p < runs; p++) {
            monitor.checkCancelled();
            monitor.progress(from + half + half * p / runs, "timing the " + what + " (pass " + (p + 1) + " of "
                    + runs + ")");
            long t0 = wallClock.getAsLong();
            pass.run();
            ms[p] = (wallClock.getAsLong() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }
}
