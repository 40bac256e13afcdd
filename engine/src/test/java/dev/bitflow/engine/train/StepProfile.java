package dev.bitflow.engine.train;

import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Benchmark helper (not a test): wall time per layer of forward and backward at batch 128. Args: DEF. */
public final class StepProfile {
    public static void main(String[] args) {
        NetworkDefinition def = new DefaultDefinitionService().load(Path.of(args[0]));
        TrainableNetwork net = new TrainableNetwork(def, DataType.FLOAT, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 1, 28, 28);
        List<TrainLayer> layers = net.layers();
        long[] f = new long[layers.size()];
        long[] b = new long[layers.size()];
        int reps = Integer.parseInt(args.length > 1 ? args[1] : "5");
        for (int r = 0; r < reps + 1; r++) {
            INDArray a = x;
            for (int i = 0; i < layers.size(); i++) {
                long t = System.nanoTime();
                a = layers.get(i).forward(a, new Pass(true, r));
                if (r > 0) {
                    f[i] += System.nanoTime() - t;
                }
            }
            INDArray g = a.ulike().assign(0.01);
            for (int i = layers.size() - 1; i >= 0; i--) {
                long t = System.nanoTime();
                g = layers.get(i).backward(g);
                if (r > 0) {
                    b[i] += System.nanoTime() - t;
                }
            }
        }
        long tf = 0;
        long tb = 0;
        for (int i = 0; i < layers.size(); i++) {
            System.out.printf("%-10s fwd %7.1f ms  bwd %7.1f ms%n", layers.get(i).name(), f[i] / 1e6 / reps, b[i] / 1e6 / reps);
            tf += f[i];
            tb += b[i];
        }
        System.out.printf("total fwd %.1f ms bwd %.1f ms%n", tf / 1e6 / reps, tb / 1e6 / reps);
    }
}
