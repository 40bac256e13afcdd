package dev.bitflow.engine.api.bench;

import dev.bitflow.engine.api.TaskMonitor;

/**
 * Times the fused binary path (packed bits, XNOR-popcount, BatchShift thresholds) against ND4J's own
 * float ops (conv2d, mmul, max-pool) on the same layer shapes, in the same JVM: warm-up runs, then
 * measured runs alternating float and binary, medians reported. Weights and inputs are random with a
 * seed; timing does not depend on their values.
 */
public interface BenchService {
    /**
     * Runs the cases of {@code request}: the one layer of {@link BenchRequest#layerSpec()}, every layer of a
     * definition file plus the whole network, or (neither given) the standard suite: a 3x3 256->256 conv at
     * 56x56, every layer of BitFlow-AlexNet and BitFlow-AlexNet end to end.
     *
     * @throws dev.bitflow.engine.api.BadInputException for a malformed spec or an unbenchable definition
     * @throws dev.bitflow.engine.api.CancelledException if the monitor cancels
     */
    BenchReport run(BenchRequest request, TaskMonitor monitor);

    /**
     * Times a trained model's fused network ({@link ModelBenchRequest#model()}, on
     * {@link ModelBenchRequest#threads()} threads) on the test images against a float network on ND4J, batch
     * {@link ModelBenchRequest#FLOAT_BATCH}: the model's own float network, or the twin given. Each side runs its
     * warm-up passes, then its timed passes; the input images are prepared before timing.
     *
     * @throws dev.bitflow.engine.api.BadInputException when the data does not fit the model, or no float network is
     *                                                   at hand (a fused model file without a twin)
     * @throws dev.bitflow.engine.api.CancelledException if the monitor cancels
     */
    ModelBenchReport runModel(ModelBenchRequest request, TaskMonitor monitor);
}
