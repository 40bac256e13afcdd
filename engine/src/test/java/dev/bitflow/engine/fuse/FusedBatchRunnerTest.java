package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.fused.FusedBatchRunner;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.fused.FusedNetwork;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Many examples on several threads give exactly the scores of one example at a time on one thread. */
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
                float[] one = fused.logits(Arrays.copyOfRange(x, e * size, (e + 1) * size),
                        FusedKernels.singleThreaded());
                System.arraycopy(one, 0, expected, e * classes, classes);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int threads = 1; threads <= 3; threads++) {
                    float[] scores = new float[n * classes];
                    new FusedBatchRunner(fused, threads, pool).logits(x, size, n, scores);
                    assertThat(scores).as(net.definition().name() + ", " + threads + " threads").containsExactly(expected);
                }
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
}
