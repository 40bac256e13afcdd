package dev.bitflow.engine.fused;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fuse.FusionPipeline;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.spi.Split;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the fused network spends its time per image, one thread: the first layer with the scalar loop, the planes
 * loop and the fastest loop this JVM runs (the Vector API one on Java 21+ with {@code jdk.incubator.vector}), each
 * binary layer (in chunks of images, as {@link FusedBatchRunner} runs them), the output layer and the whole network,
 * each timed over the same images in turn, a few rounds, the median of the calling thread's CPU time per image
 * (robust on a shared machine). Not a test: a benchmark main (docs/benchmarks.md).
 *
 * <pre>java [--add-modules jdk.incubator.vector] -cp &lt;engine test classpath&gt; dev.bitflow.engine.fused.FusedLayerProfile
 *     sample-models/fashion-bcnn.bfm [IMAGES] [ROUNDS]</pre>
 */
public final class FusedLayerProfile {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FusedLayerProfile() {
    }

    public static void main(String[] args) throws Exception {
        var net = BfmReader.read(Path.of(args[0])).model();
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        LabeledData data = TestDatasets.service().load(net.definition().dataset(), DataLocation.parse("standard"),
                Split.TEST);
        images = Math.min(images, data.count());
        int size = (int) data.exampleShape().size();
        float[] x = new float[images * size];
        for (int e = 0; e < images; e++) {
            data.copyExample(e, x, e * size);
        }
        FusedNetwork fused = new FusionPipeline().run(net, TaskMonitor.NONE).network();
        FirstLayerKernel scalar = new FirstLayerKernel(fused.first(), FirstLayerKernel.Loop.SCALAR);
        List<FirstLayerKernel> firstLayers = new ArrayList<>(List.of(scalar,
                new FirstLayerKernel(fused.first(), FirstLayerKernel.Loop.PLANES)));
        FirstLayerKernel fastest = new FirstLayerKernel(fused.first());
        if (fastest.loop() != firstLayers.get(1).loop()) {
            firstLayers.add(fastest);
        }
        FusedKernels kernels = FusedKernels.singleThreaded();
        List<FusedBinaryLayer> binary = fused.binaryLayers();
        // each layer's inputs, computed once
        List<PackedBits[]> inputs = new ArrayList<>();
        PackedBits[] current = new PackedBits[images];
        for (int e = 0; e < images; e++) {
            current[e] = scalar.apply(x, e * size);
            for (FirstLayerKernel k : firstLayers) {
                if (!current[e].equals(k.apply(x, e * size))) {
                    throw new AssertionError("the " + k.loopStatus() + " differs from the scalar loop on image " + e);
                }
            }
        }
        for (FusedBinaryLayer b : binary) {
            inputs.add(current);
            PackedBits[] next = new PackedBits[images];
            for (int e = 0; e < images; e++) {
                next[e] = b.apply(current[e], kernels.conv(), kernels.dense());
            }
            current = next;
        }
        PackedBits[] outputInput = current;

        List<String> names = new ArrayList<>();
        firstLayers.forEach(k -> names.add("first layer, " + k.loop().label()));
        int first = firstLayers.size();
        binary.forEach(b -> names.add(b.name() + " (chunks of " + FusedBatchRunner.CHUNK + ")"));
        names.add("output layer");
        names.add("whole network (FusedBatchRunner, 1 thread)");
        FusedBatchRunner runner = new FusedBatchRunner(fused, 1, null);
        float[] scores = new float[images * fused.output().outputs()];
        double[][] perImage = new double[names.size()][rounds + 1];
        for (int r = 0; r <= rounds; r++) { // round 0 warms up
            int n = images;
            for (int i = 0; i < first; i++) {
                FirstLayerKernel k = firstLayers.get(i);
                perImage[i][r] = cpuMicrosPerImage(n, e -> k.apply(x, e * size));
            }
            for (int i = 0; i < binary.size(); i++) {
                FusedBinaryLayer b = binary.get(i);
                PackedBits[] in = inputs.get(i);
                perImage[first + i][r] = cpuMicrosPerChunkedImage(n, (e, count, out) -> {
                    System.arraycopy(in, e, out, 0, count);
                    b.apply(out, count, kernels.conv(), kernels.dense(), out);
                });
            }
            perImage[names.size() - 2][r] = cpuMicrosPerImage(n, e -> fused.output().apply(outputInput[e]));
            perImage[names.size() - 1][r] = cpuMicrosPerChunkedImage(n, (e, count, out) -> {
                if (e == 0) {
                    runner.logits(x, size, n, scores);
                }
            });
        }
        System.out.printf(Locale.ROOT, "java %s, %d images, %d rounds; the network runs the %s%n", Runtime.version(),
                images, rounds, fastest.loopStatus());
        for (int i = 0; i < names.size(); i++) {
            double[] t = Arrays.copyOfRange(perImage[i], 1, rounds + 1);
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "%-40s %8.2f us/image (fastest round %.2f)%n", names.get(i), t[rounds / 2], t[0]);
        }
    }

    private interface PerImage {
        Object run(int e);
    }

    private interface PerChunk {
        void run(int first, int count, PackedBits[] out);
    }

    /** Like {@link #cpuMicrosPerImage}, the images in chunks as {@link FusedBatchRunner} runs them. */
    private static double cpuMicrosPerChunkedImage(int n, PerChunk work) {
        PackedBits[] out = new PackedBits[FusedBatchRunner.CHUNK];
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int e = 0; e < n; e += FusedBatchRunner.CHUNK) {
            work.run(e, Math.min(FusedBatchRunner.CHUNK, n - e), out);
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    }

    private static double cpuMicrosPerImage(int n, PerImage work) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        Object sink = null;
        for (int e = 0; e < n; e++) {
            sink = work.run(e);
        }
        if (sink == null) {
            throw new AssertionError();
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    }
}
