package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.NativeBackend;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.ModelBenchReport;
import dev.bitflow.engine.api.bench.ModelBenchRequest;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.PopcountLoop;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fuse.FusedModelHandle;
import dev.bitflow.engine.fused.FirstLayerKernel;
import dev.bitflow.engine.fused.FusedBatchRunner;
import dev.bitflow.engine.fused.FusedFirstLayer;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.fused.FusedOutputLayer;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code bench MODEL}: a trained model's fused network against a float network on ND4J, on the test images. The
 * images are normalised into one array before any timing; each side then runs its warm-up passes and its timed passes
 * over all of them (the fused side on {@link FusedBatchRunner} with the request's threads, the float side batched by
 * {@link ModelBenchRequest#FLOAT_BATCH} on {@link Nd4jFloatNetwork}). The sides are not interleaved, so ND4J's OpenMP
 * threads, which spin for a while after each op, do not run beside the fused network's threads. Reports the median
 * pass as images per second, the accuracy of each side and how many predictions of the fused network agree with its
 * own float network's.
 */
public final class ModelBench {
    /** The test split of the model's data (or of {@code location}), checked to fit the model. */
    public interface TestData {
        LabeledData load(NetworkDefinition model, DataLocation location, Split split);
    }

    private final TestData data;
    private final Supplier<NativeBackend> floatBackend;
    private final IntSupplier nd4jThreads;

    ModelBench(TestData data, Supplier<NativeBackend> floatBackend, IntSupplier nd4jThreads) {
        this.data = data;
        this.floatBackend = floatBackend;
        this.nd4jThreads = nd4jThreads;
    }

    ModelBenchReport run(ModelBenchRequest request, double loadAverage, String cpu, TaskMonitor monitor) {
        FusedModelHandle model = FusedModelHandle.of(request.model());
        FusedNetwork fused = model.network();
        TrainedNetwork own = model.trained();
        TrainedNetwork twin = request.twin() == null ? own : trained(request.twin());
        if (twin == null) {
            throw new BadInputException(model.source() + ": a fused model file holds no float parameters; give the "
                    + "float network to compare with (--twin FILE.bfm)");
        }
        monitor.progress(0, "loading the test data");
        LabeledData test = data.load(fused.definition(), request.data(), Split.TEST);
        test.checkFits(fused.definition());
        if (request.twin() != null) {
            test.checkFits(twin.definition());
        }
        int n = request.limit() > 0 ? Math.min(request.limit(), test.count()) : test.count();
        if (n == 0) {
            throw new BadInputException(test.name() + ": no test images");
        }
        int size = test.exampleSize();
        float[] x = new float[Math.multiplyExact(n, size)];
        for (int e = 0; e < n; e++) {
            test.copyExample(e, x, e * size);
        }

        ExecutorService executor = request.threads() > 1 ? Executors.newFixedThreadPool(request.threads() - 1, r -> {
            Thread t = new Thread(r, "bench-fused");
            t.setDaemon(true);
            return t;
        }) : null;
        int[] fusedPredictions;
        double[] fusedMs;
        try {
            FusedBatchRunner runner = new FusedBatchRunner(fused, request.threads(), executor);
            int[][] out = new int[1][];
            fusedMs = timePasses(request, monitor, 0.05, 0.25, "fused network", () -> out[0] = runner.predict(x, size, n));
            fusedPredictions = out[0];
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
        }

        Nd4jFloatNetwork floatTwin = new Nd4jFloatNetwork(twin);
        List<INDArray> batches = floatTwin.batches(test, n, ModelBenchRequest.FLOAT_BATCH);
        int[][] out = new int[1][];
        double[] twinMs = timePasses(request, monitor, 0.3, 0.95, "float network on ND4J",
                () -> out[0] = floatTwin.predict(batches));
        int[] twinPredictions = out[0];
        int agreement = -1;
        if (own != null) {
            int[] ownPredictions = twin == own ? twinPredictions
                    : new Nd4jFloatNetwork(own).predict(batches);
            agreement = agreeing(fusedPredictions, ownPredictions, n);
        }
        monitor.progress(1, "done");

        String twinLabel = request.twin() == null ? "the model's own float network"
                : "float twin " + (request.twinLabel() == null ? twin.definition().name() : request.twinLabel());
        return new ModelBenchReport(System.getProperty("java.version"), System.getProperty("java.vm.name"), cpu,
                Runtime.getRuntime().availableProcessors(), request.threads(), nd4jThreads.getAsInt(),
                floatBackend.get(), kernels(fused.first()), loadAverage, request.warmupRuns(), request.measuredRuns(),
                fused.definition().name(), test.name(), n,
                side("fused network (bits), " + request.threads() + " thread(s)", fusedMs, n, fusedPredictions, test),
                side(twinLabel + " on ND4J, batch " + ModelBenchRequest.FLOAT_BATCH, twinMs, n, twinPredictions, test),
                request.twin() == null, agreement, agreeing(fusedPredictions, twinPredictions, n));
    }

    private static TrainedNetwork trained(TrainedModel model) {
        if (model instanceof TrainedNetwork t) {
            return t;
        }
        throw new BadInputException("not a trained model of this engine: " + model);
    }

    /** Wall milliseconds of each timed pass of {@code pass} (after the warm-up, {@link PassTimer}), sorted. */
    private static double[] timePasses(ModelBenchRequest request, TaskMonitor monitor, double from, double to,
                                       String what, Runnable pass) {
        return new PassTimer(request.warmupRuns(), request.measuredRuns()).time(pass, what, monitor, from, to);
    }

    private static ModelBenchReport.Side side(String label, double[] sortedMs, int n, int[] predictions,
                                              LabeledData test) {
        double median = sortedMs[sortedMs.length / 2];
        int right = 0;
        for (int e = 0; e < n; e++) {
            right += predictions[e] == test.label(e) ? 1 : 0;
        }
        return new ModelBenchReport.Side(label, median, sortedMs[0], n / (median / 1e3), (double) right / n);
    }

    private static int agreeing(int[] a, int[] b, int n) {
        int same = 0;
        for (int e = 0; e < n; e++) {
            same += a[e] == b[e] ? 1 : 0;
        }
        return same;
    }

    /** The fused network's kernels on this JVM, with the reason where a Vector API kernel is off. */
    static String kernels(FusedFirstLayer first) {
        PopcountLoop loop = PopcountLoop.forRunningJvm();
        return "conv " + (loop == PopcountLoop.VECTOR_INT_BLOCKS ? loop.name()
                : loop.name() + " (" + PopcountLoop.vectorKernelStatus() + ")")
                + "; first layer " + new FirstLayerKernel(first).loopStatus() + "; " + BinaryDense.vectorKernelStatus()
                + "; " + FusedOutputLayer.vectorKernelStatus();
    }
}
