package dev.bitflow.engine.api.bench;

import java.nio.file.Path;

/**
 * What to benchmark.
 *
 * @param layerSpec    one layer, e.g. {@code conv:256x56x56:k3:s1:p1:o256} (see
 *                     {@link BenchService#layerSpecSyntax()}), or null
 * @param definition   a network definition file ({@code *.bitflow.json}) to bench layer by layer and end to end
 *                     with random weights, or null; at most one of layerSpec and definition
 * @param threads      threads of the binary kernels (output rows split); ND4J uses its own OpenMP threads
 *                     ({@code OMP_NUM_THREADS})
 * @param warmupRuns   untimed runs of each path before measuring (at least; warm-up continues until both
 *                     paths ran for 1.5 s, unless this is 0)
 * @param measuredRuns timed runs of each path; the median is reported
 * @param seed         seed of the random weights and inputs
 */
public record BenchRequest(String layerSpec, Path definition, int threads, int warmupRuns, int measuredRuns,
                           long seed) {
    public static final int DEFAULT_WARMUP_RUNS = 3;
    public static final int DEFAULT_MEASURED_RUNS = 7;
    /** The least time both paths run before timing starts (unless {@code warmupRuns} is 0). */
    public static final long MIN_WARMUP_NANOS = 1_500_000_000L;
    public static final long DEFAULT_SEED = 42L;

    public BenchRequest {
        if (layerSpec != null && definition != null) {
            throw new IllegalArgumentException("give a layer spec or a definition, not both");
        }
        if (threads < 1 || warmupRuns < 0 || measuredRuns < 1) {
            throw new IllegalArgumentException("threads and measured runs must be >= 1, warm-up runs >= 0");
        }
    }

    /** The standard suite with default runs. */
    public static BenchRequest standard(int threads) {
        return new BenchRequest(null, null, threads, DEFAULT_WARMUP_RUNS, DEFAULT_MEASURED_RUNS, DEFAULT_SEED);
    }
}
