package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.binary.BinaryConvLayer;
import dev.bitflow.engine.binary.BinaryDenseLayer;
import dev.bitflow.engine.binary.BitMaxPoolLayer;
import dev.bitflow.engine.binary.PackedBits;
import dev.bitflow.engine.binary.ReferenceBinaryDense;
import dev.bitflow.engine.binary.ReferenceBitMaxPool;
import dev.bitflow.engine.binary.ReferenceXnorConv2d;
import dev.bitflow.engine.binary.ThresholdPacker;
import dev.bitflow.engine.fused.FusedBatchRunner;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Many examples on several threads, in chunks, give exactly the scores of one example at a time on one thread, and
 * both those of the slow, obvious kernels (reference conv and dense on flattened copies, reference pools, the first
 * and output layers' reference forms).
 */
class FusedBatchRunnerTest {
    @Test
    void threadsChangeNoScore() {
        for (TrainedNetwork net : new TrainedNetwork[] {
                RandomNetworks.randomize(new DefaultDefinitionService().sample("fashion-bcnn"), 3),
                RandomNetworks.randomize(RandomNetworks.convNet(PaddingMode.PLUS_ONE), 4),
                RandomNetworks.randomize(RandomNetworks.mlp(), 5)}) {
            FusedNetwork fused = new FusionPipeline().run(net, TaskMonitor.NONE).network();
            int size = (int) net.definition().input().size();
            int n = 37;
            float[] x = new float[n * size];
            SplittableRandom r = new SplittableRandom(9);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            int classes = fused.output().outputs();
            float[] expected = new float[n * classes];
            for (int e = 0; e < n; e++) {
                float[] example = Arrays.copyOfRange(x, e * size, (e + 1) * size);
                float[] one = fused.logits(example, FusedKernels.singleThreaded());
                assertThat(one).as("example %d", e).containsExactly(referenceScores(fused, example));
                System.arraycopy(one, 0, expected, e * classes, classes);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int threads = 1; threads <= 3; threads++) {
                    float[] scores = new float[n * classes];
                    new FusedBatchRunner(fused, threads, pool).logits(x, size, n, scores);
                    assertThat(scores).as(net.definition().name() + ", " + threads + " threads").containsExactly(expected);
                }
                float[] first = new float[classes];
                new FusedBatchRunner(fused, 1, null).logits(x, size, 1, first);
                assertThat(first).containsExactly(Arrays.copyOf(expected, classes));
                int[] predicted = new FusedBatchRunner(fused, 2, pool).predict(x, size, n);
                for (int e = 0; e < n; e++) {
                    assertThat(predicted[e]).isEqualTo(fused.predict(Arrays.copyOfRange(x, e * size, (e + 1) * size),
                            FusedKernels.singleThreaded()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** The network's scores for one example by the slow, obvious kernels only. */
    static float[] referenceScores(FusedNetwork fused, float[] x) {
        PackedBits bits = fused.first().applyReference(x);
        for (FusedBinaryLayer b : fused.binaryLayers()) {
            if (b.conv() != null) {
                BinaryConvLayer c = b.conv();
                int[] s = new ReferenceXnorConv2d().apply(bits, c.weights(), c.geometry());
                bits = ThresholdPacker.pack(s, c.geometry().outH(), c.geometry().outW(), c.geometry().outChannels(),
                        c.shift(), c.constMask(), c.constValue());
            } else {
                BinaryDenseLayer d = b.dense();
                int[] s = new ReferenceBinaryDense().apply(b.flattenInput() ? bits.flattenChannelMajor() : bits,
                        d.weights());
                bits = ThresholdPacker.pack(s, 1, 1, d.weights().outputs(), d.shift(), d.constMask(), d.constValue());
            }
            for (BitMaxPoolLayer p : b.pools()) {
                bits = new ReferenceBitMaxPool().pool(bits, p.size(), p.stride(), p.andMask());
            }
        }
        return fused.output().applyReference(bits);
    }
}
