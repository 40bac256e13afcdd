package dev.bitflow.engine.api.bench;

/**
 * One timed case.
 *
 * @param name        short name, e.g. {@code conv3x3-256-56} or {@code alexnet/conv2} or {@code alexnet/network}
 * @param description the work, e.g. {@code conv 96x27x27 -> 256, k5 s1 zero(2)}
 * @param floatPath   what the float side runs (ND4J ops)
 * @param binaryPath  what the binary side runs (kernels)
 * @param floatMs     median wall time of the float path, milliseconds
 * @param binaryMs    median wall time of the binary path, milliseconds
 * @param speedup     {@code floatMs / binaryMs}
 * @param floatMinMs  fastest float run
 * @param binaryMinMs fastest binary run
 * @param floatCpuMs  median CPU time of the calling thread on the float path; equals the float work only
 *                    when ND4J runs single-threaded ({@code OMP_NUM_THREADS=1})
 * @param binaryCpuMs median CPU time of the calling thread on the binary path; the binary work only with
 *                    one kernel thread
 * @param runs        measured runs of each path
 */
public record BenchCase(String name, String description, String floatPath, String binaryPath, double floatMs,
                        double binaryMs, double speedup, double floatMinMs, double binaryMinMs, double floatCpuMs,
                        double binaryCpuMs, int runs) {
    /** Whether both CPU times were measured (the JVM may not support thread CPU time; then both are 0). */
    public boolean hasCpuTimes() {
        return floatCpuMs > 0 && binaryCpuMs > 0;
    }

    /**
     * {@code floatCpuMs / binaryCpuMs}: the single-thread ratio least disturbed by other processes; 0 when
     * {@link #hasCpuTimes()} is false.
     */
    public double cpuSpeedup() {
        return hasCpuTimes() ? floatCpuMs / binaryCpuMs : 0;
    }
}
