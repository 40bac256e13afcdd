package dev.bitflow.engine.api.bench;

import dev.bitflow.engine.api.NativeBackend;
import java.util.List;

/**
 * The result of a benchmark run, with what is needed to reproduce and judge it.
 *
 * @param javaVersion      {@code java.version} of the JVM that ran it
 * @param javaVm           {@code java.vm.name}
 * @param cpu              CPU model (from /proc/cpuinfo where available)
 * @param processors       {@code Runtime.availableProcessors()}
 * @param threads          threads of the binary kernels
 * @param nd4jThreads      ND4J's maximum OpenMP threads as it reports them ({@code OMP_NUM_THREADS} if set)
 * @param floatBackend     the native ND4J build the float side ran on ({@link dev.bitflow.engine.api.NativeBackend}),
 *                         with the library file it was loaded from
 * @param popcountLoop     which popcount loop the binary kernels used (depends on the JDK), with the reason when
 *                         the Vector API kernel is off
 * @param loadAverage      one-minute system load average at the start, or -1 if unknown
 * @param warmupRuns       untimed runs per path
 * @param cases            the timed cases, in order
 */
public record BenchReport(String javaVersion, String javaVm, String cpu, int processors, int threads,
                          int nd4jThreads, NativeBackend floatBackend, String popcountLoop, double loadAverage, int warmupRuns,
                          List<BenchCase> cases) {
    public BenchReport {
        cases = List.copyOf(cases);
    }
}
