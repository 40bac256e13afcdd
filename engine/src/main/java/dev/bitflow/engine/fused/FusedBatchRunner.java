package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.RowParallel;
import dev.bitflow.engine.reference.FloatOps;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Runs a fused network over many examples on several threads: the examples are split into one contiguous range per
 * thread (the calling thread takes the first), and each thread has its own {@link FirstLayerKernel} (weights laid
 * out once, scratch space) and single-threaded bit kernels, so nothing is shared but the read-only network.
 * Results do not depend on the thread count.
 */
public final class FusedBatchRunner {
    /** Examples per chunk: a multiple of the dense kernel's four examples per pass, small enough for the L2 cache. */
    static final int CHUNK = 16;

    private final FusedNetwork network;
    private final int threads;
    private final ExecutorService executor;

    /** @param executor runs the other {@code threads - 1} ranges; may be null when {@code threads == 1} */
    public FusedBatchRunner(FusedNetwork network, int threads, ExecutorService executor) {
        if (threads < 1 || (threads > 1 && executor == null)) {
            throw new IllegalArgumentException("threads must be >= 1, with an executor when more than 1");
        }
        this.network = network;
        this.threads = threads;
        this.executor = executor;
    }

    /**
     * The class scores of examples {@code 0..count)}, stored one after another in {@code x} (each
     * {@code exampleSize} floats), into {@code scores[e * classes ..]}.
     */
    public void logits(float[] x, int exampleSize, int count, float[] scores) {
        int classes = network.output().outputs();
        RowParallel.run(executor, threads, count, (from, to) -> run(x, exampleSize, from, to, scores, classes));
    }

    /** The predicted class of each example (argmax of {@link #logits}). */
    public int[] predict(float[] x, int exampleSize, int count) {
        int classes = network.output().outputs();
        float[] scores = new float[count * classes];
        logits(x, exampleSize, count, scores);
        int[] predicted = new int[count];
        float[] one = new float[classes];
        for (int e = 0; e < count; e++) {
            System.arraycopy(scores, e * classes, one, 0, classes);
            predicted[e] = FloatOps.argmax(one);
        }
        return predicted;
    }

    /**
     * Examples {@code [from, to)} in chunks of {@link #CHUNK}, layer by layer, so a dense layer reads its weights once
     * per chunk's passes of several examples instead of once per example.
     */
    private void run(float[] x, int exampleSize, int from, int to, float[] scores, int classes) {
        FirstLayerKernel first = new FirstLayerKernel(network.first());
        FusedKernels kernels = FusedKernels.singleThreaded();
        List<FusedBinaryLayer> binary = network.binaryLayers();
        PackedBits[] bits = new PackedBits[CHUNK];
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            for (int i = 0; i < n; i++) {
                bits[i] = first.apply(x, (start + i) * exampleSize);
            }
            for (FusedBinaryLayer b : binary) {
                b.apply(bits, n, kernels.conv(), kernels.dense(), bits);
            }
            for (int i = 0; i < n; i++) {
                network.output().apply(bits[i], scores, (start + i) * classes);
            }
        }
    }
}
