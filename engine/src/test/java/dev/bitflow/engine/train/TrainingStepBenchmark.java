package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): full training steps (forward, loss, backward, Adam update with clipping) of two
 * definitions in one JVM, interleaved so both see the same machine load; prints the median step time of each
 * and their ratio. Args: DEF_A DEF_B [STEPS] [BATCH].
 */
public final class TrainingStepBenchmark {
    public static void main(String[] args) {
        DefaultDefinitionService defs = new DefaultDefinitionService();
        NetworkDefinition a = defs.load(Path.of(args[0]));
        NetworkDefinition b = defs.load(Path.of(args[1]));
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        Runner ra = new Runner(a, batch);
        Runner rb = new Runner(b, batch);
        double[] ta = new double[steps];
        double[] tb = new double[steps];
        for (int i = -3; i < steps; i++) { // 3 warm-up steps each
            double x = ra.step(i);
            double y = rb.step(i);
            if (i >= 0) {
                ta[i] = x;
                tb[i] = y;
            }
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        double ma = ta[steps / 2];
        double mb = tb[steps / 2];
        System.out.printf("%s: median %.1f ms/step (min %.1f)%n", a.name(), ma, ta[0]);
        System.out.printf("%s: median %.1f ms/step (min %.1f)%n", b.name(), mb, tb[0]);
        System.out.printf("ratio %s / %s = %.2f (median), %.2f (min)%n", a.name(), b.name(), ma / mb, ta[0] / tb[0]);
    }

    private static final class Runner {
        private final TrainableNetwork network;
        private final AdamOptimizer adam = new AdamOptimizer();
        private final INDArray x;
        private final int[] labels;
        private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        Runner(NetworkDefinition def, int batch) {
            network = new TrainableNetwork(def, DataType.FLOAT, 1);
            var s = def.input();
            x = Nd4j.rand(DataType.FLOAT, batch, s.channels(), s.height(), s.width()).muli(2).subi(1);
            SplittableRandom r = new SplittableRandom(2);
            labels = new int[batch];
            Arrays.setAll(labels, i -> r.nextInt(10));
        }

        double step(int i) {
            long t = System.nanoTime();
            var result = loss.compute(network.forward(x, new Pass(true, i)), labels);
            network.backward(result.gradient());
            adam.step(network.parameters(), 1e-3);
            double ms = (System.nanoTime() - t) / 1e6;
            NativeMemory.release(i + 10);
            return ms;
        }
    }
}
