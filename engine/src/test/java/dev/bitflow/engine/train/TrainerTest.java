package dev.bitflow.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LrSchedule;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Optimizer;
import dev.bitflow.engine.api.definition.ScheduleKind;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.TrainingSpec;
import dev.bitflow.engine.api.training.TrainingFailedException;
import dev.bitflow.engine.api.training.TrainingListener;
import dev.bitflow.engine.data.LabeledData;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The training loop on synthetic data: divergence reports, clipping, schedules, data order. */
class TrainerTest {
    @BeforeAll
    static void oneThread() {
        ComputeThreads.set(1); // reproducible, and fast on a busy machine (decision 0022)
    }

    static LabeledData synthetic(int n, long seed) {
        return synthetic(n, seed, -1);
    }

    /** As {@link #synthetic(int, long)}, with value {@code nanAt} (if >= 0) replaced by NaN. */
    static LabeledData synthetic(int n, long seed, int nanAt) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int k = 0; k < 784; k++) {
                x[i * 784 + k] = (float) (r.nextDouble() * 2 - 1 + (k % 10 == y[i] ? 1 : 0));
            }
        }
        if (nanAt >= 0) {
            x[nanAt] = Float.NaN;
        }
        return new LabeledData("synthetic", x, y, n, Shape.spatial(1, 28, 28),
                Collections.nCopies(10, "c"), "none");
    }

    @Test
    void nanInTheInputIsReportedWithTheLayerWhereItAppears() {
        LabeledData data = synthetic(64, 1, 5 * 784 + 300);
        // a float network: NaN reaches the loss, and the report names the first layer whose output has it
        NetworkDefinition floatNet = new NetworkDefinition(1, "float", "", Shape.spatial(1, 28, 28), List.of(
                new Conv2dSpec("convA", 4, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new FlattenSpec("flat"), new DenseSpec("out", 10, Precision.FLOAT, ScalingFactor.NONE, true),
                new SoftmaxSpec("softmax")), TinyNets.miniBcnn(1, 1).training(), null);
        Trainer trainer = new Trainer(new TrainableNetwork(floatNet, DataType.FLOAT, 1), floatNet.training(), 0);
        assertThatThrownBy(() -> trainer.train(data, null, null, TrainingListener.NONE, TaskMonitor.NONE,
                Trainer.CheckpointSink.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("epoch 1 batch 1/1 (optimiser step 1): layer 'convA' produced NaN or Inf")
                .hasMessageContaining("lower the learning rate")
                .satisfies(e -> assertThat(((TrainingFailedException) e).layer()).isEqualTo("convA"));
        // in a BCNN, sign maps NaN to -1, so the loss stays finite; the NaN gradient then poisons conv1's weights
        NetworkDefinition bcnn = TinyNets.miniBcnn(1, 1);
        Trainer bcnnTrainer = new Trainer(new TrainableNetwork(bcnn, DataType.FLOAT, 1), bcnn.training(), 0);
        assertThatThrownBy(() -> bcnnTrainer.train(data, null, null, TrainingListener.NONE, TaskMonitor.NONE,
                Trainer.CheckpointSink.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("parameter 'W' of layer 'conv1' became NaN or Inf");
    }

    @Test
    void nanInAParameterIsReportedWithLayerAndParameter() {
        NetworkDefinition def = TinyNets.miniBcnn(1, 1);
        TrainingSpec t = def.training();
        NetworkDefinition infinite = def.withTraining(new TrainingSpec(Optimizer.SGD_MOMENTUM, Double.POSITIVE_INFINITY,
                0.9, LrSchedule.CONSTANT, 1, 64, t.seed(), 0));
        Trainer trainer = new Trainer(new TrainableNetwork(infinite, DataType.FLOAT, 1), infinite.training(), 0);
        assertThatThrownBy(() -> trainer.train(synthetic(64, 2), null, null, TrainingListener.NONE, TaskMonitor.NONE,
                Trainer.CheckpointSink.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("parameter 'W' of layer 'conv1' became NaN or Inf");
    }

    @Test
    void latentBinaryWeightsStayClippedAndFloatWeightsDoNot() {
        NetworkDefinition def = TinyNets.miniBcnn(1, 1);
        NetworkDefinition hot = def.withTraining(new TrainingSpec(Optimizer.SGD_MOMENTUM, 50, 0.9, LrSchedule.CONSTANT,
                1, 64, 1, 0));
        TrainableNetwork net = new TrainableNetwork(hot, DataType.FLOAT, 1);
        new Trainer(net, hot.training(), 0).train(synthetic(128, 3), null, null, TrainingListener.NONE,
                TaskMonitor.NONE, Trainer.CheckpointSink.NONE);
        var params = net.exportParameters();
        float maxBinary = 0;
        for (float v : params.get("conv2", "W").data()) {
            maxBinary = Math.max(maxBinary, Math.abs(v));
        }
        float maxFloat = 0;
        for (float v : params.get("conv1", "W").data()) {
            maxFloat = Math.max(maxFloat, Math.abs(v));
        }
        assertThat(maxBinary).isEqualTo(1.0f);
        assertThat(maxFloat).isGreaterThan(1.0f);
    }

    @Test
    void schedules() {
        var constant = new LearningRateSchedule(LrSchedule.CONSTANT, 0.1, 10, 100);
        assertThat(constant.at(0)).isEqualTo(0.1);
        assertThat(constant.at(99)).isEqualTo(0.1);
        var step = new LearningRateSchedule(new LrSchedule(ScheduleKind.STEP, 2, 0.5, 0), 0.1, 10, 100);
        assertThat(step.at(19)).isEqualTo(0.1);
        assertThat(step.at(20)).isEqualTo(0.05);
        assertThat(step.at(45)).isCloseTo(0.025, Offset.offset(1e-15));
        var cosine = new LearningRateSchedule(new LrSchedule(ScheduleKind.COSINE, 0, 1, 0), 0.1, 10, 100);
        assertThat(cosine.at(0)).isEqualTo(0.1);
        assertThat(cosine.at(50)).isCloseTo(0.05, Offset.offset(1e-12));
        assertThat(cosine.at(100)).isCloseTo(0.0, Offset.offset(1e-12));
        var oneCycle = new LearningRateSchedule(new LrSchedule(ScheduleKind.ONE_CYCLE, 0, 1, 0.3), 0.1, 10, 100);
        assertThat(oneCycle.at(0)).isCloseTo(0.1 / 25, Offset.offset(1e-15));
        assertThat(oneCycle.at(15)).isCloseTo(0.1 / 25 + (0.1 - 0.1 / 25) / 2, Offset.offset(1e-12));
        assertThat(oneCycle.at(30)).isCloseTo(0.1, Offset.offset(1e-15));
        assertThat(oneCycle.at(65)).isCloseTo(0.05, Offset.offset(1e-12));
        assertThat(oneCycle.at(99)).isLessThan(0.001);
    }

    @Test
    void dataOrderIsASeededPermutationPerEpoch() {
        int[] a = Trainer.shuffledOrder(1000, 42, 0);
        assertThat(a).isEqualTo(Trainer.shuffledOrder(1000, 42, 0));
        assertThat(a).isNotEqualTo(Trainer.shuffledOrder(1000, 42, 1));
        assertThat(java.util.Arrays.stream(a).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1000).toArray());
    }
}
