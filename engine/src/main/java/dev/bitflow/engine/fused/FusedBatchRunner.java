package dev.bitflow.engine.fused;

import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.RowParallel;
import dev.bitflow.engine.reference.FloatOps;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a fused network over many examples on several threads (the calling thread is one of them). The examples go in
 * chunks of {@link #CHUNK}, each chunk layer by layer, so a dense layer reads its weights for several examples at once.
 * Each thread claims the next chunk when it is done with one (an atomic counter, one update per chunk), so a thread
 * that runs slower (a core shared with another process) delays the end by one chunk at most, not by the rest of a
 * fixed share. Each thread has its own {@link FirstLayerKernel} (weights laid out once, scratch space) and
 * single-threaded bit kernels, so nothing else is shared but the read-only network and the counter, and nothing is
 * locked. Chunks start at multiples of {@link #CHUNK} and an example's result does not depend on the others in its
 * chunk, so results do not depend on the thread count.
 */
public final class FusedBatchRunner {
    /**
     * Examples per chunk: a multiple of the dense kernel's four examples per pass; a chunk's maps fit the L2 cache, and
     * a chunk is short enough (about half a millisecond) for an even split between threads.
     */
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
        AtomicInteger nextChunk = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, (count + CHUNK - 1) / CHUNK));
        RowParallel.run(executor, workers, workers, (from, to) -> {
            for (int w = from; w < to; w++) {
                run(x, exampleSize, count, nextChunk, scores, classes);
            }
        });
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

    /** One thread's work: chunks claimed from {@code nextChunk} until none is left, each layer by layer. */
    private void run(float[] x, int exampleSize, int count, AtomicInteger nextChunk, float[] scores, int classes) {
        FirstLayerKernel first = new FirstLayerKernel(network.first());
        FusedKernels kernels = FusedKernels.singleThreaded();
        List<FusedBinaryLayer> binary = network.binaryLayers();
        PackedBits[] bits = new PackedBits[CHUNK];
        while (true) {
            long claimed = (long) nextChunk.getAndIncrement() * CHUNK;
            if (claimed >= count) {
                return;
            }
            int start = (int) claimed;
            int n = Math.min(CHUNK, count - start);
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
