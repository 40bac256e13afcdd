package dev.bitflow.engine.api.bench;

import dev.bitflow.engine.api.NativeBackend;

/**
 * A fused network's throughput on a test set against a float network's on ND4J, with what is needed to reproduce and
 * judge it.
 *
 * @param javaVersion      {@code java.version}
 * @param javaVm           {@code java.vm.name}
 * @param cpu              CPU model
 * @param processors       {@code Runtime.availableProcessors()}
 * @param threads          threads of the fused network
 * @param nd4jThreads      ND4J's maximum OpenMP threads as it reports them
 * @param floatBackend     the native ND4J build the float side ran on
 * @param kernels          the fused network's kernels on this JVM (conv loop, first layer, dense)
 * @param loadAverage      one-minute load average at the start, or -1
 * @param warmupRuns       untimed passes per side
 * @param measuredRuns     timed passes per side
 * @param model            the model's name
 * @param dataset          the test data's name
 * @param images           test images per pass
 * @param fused            the fused network's side
 * @param twin             the float side
 * @param twinIsOwnFloat   whether the float side is the model's own float network
 * @param agreement        test images on which the fused network predicts the class its own float network (on ND4J)
 *                         predicts, or -1 when no float network of the model is at hand (a fused model file); then
 *                         {@code twinAgreement} is the agreement with the twin
 * @param twinAgreement    test images on which the fused network and the twin predict the same class
 */
public record ModelBenchReport(String javaVersion, String javaVm, String cpu, int processors, int threads,
                               int nd4jThreads, NativeBackend floatBackend, String kernels, double loadAverage,
                               int warmupRuns, int measuredRuns, String model, String dataset, int images, Side fused,
                               Side twin, boolean twinIsOwnFloat, int agreement, int twinAgreement) {
    /** The speed-up: the fused network's images per second over the twin's. */
    public double speedup() {
        return fused.imagesPerSecond() / twin.imagesPerSecond();
    }

    /**
     * One side's figures.
     *
     * @param label           what ran ("fused (bits)", "float twin fashion-fp.bfm on ND4J, batch 100", ...)
     * @param medianMs        median wall time of one pass over the test images
     * @param minMs           fastest pass
     * @param imagesPerSecond images per second of the median pass
     * @param accuracy        fraction of the test images classified right
     */
    public record Side(String label, double medianMs, double minMs, double imagesPerSecond, double accuracy) {
    }
}
