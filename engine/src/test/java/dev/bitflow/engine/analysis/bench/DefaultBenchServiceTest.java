package dev.bitflow.engine.analysis.bench;

import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.train.Nd4jNativeBuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.CancelledException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchCase;
import dev.bitflow.engine.api.bench.BenchReport;
import dev.bitflow.engine.api.bench.BenchRequest;
import dev.bitflow.engine.api.definition.BatchNormSpec;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.binary.BinaryDense;
import dev.bitflow.engine.binary.XnorConv2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultBenchServiceTest {
    private static final List<LayerSpec> SMALL_BCNN = List.of(
            new Conv2dSpec("conv1", 8, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
            new MaxPoolSpec("pool1", 2, 2), new BatchNormSpec("bn1", 1e-5, 0.9, true), new SignSpec("sign1"),
            new Conv2dSpec("conv2", 70, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
            new MaxPoolSpec("pool2", 2, 2), new BatchNormSpec("bn2", 1e-5, 0.9, true), new SignSpec("sign2"),
            new FlattenSpec("flatten"),
            new DenseSpec("fc1", 65, Precision.BINARY, ScalingFactor.MEAN_ABS, false),
            new BatchNormSpec("bn3", 1e-5, 0.9, true), new SignSpec("sign3"),
            new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax"));

    private final DefaultBenchService service = new DefaultBenchService(p -> {
        throw new BadInputException(p + ": unreadable");
    }, new DefaultMemoryService(dev.bitflow.engine.train.TrainingMemory::estimate), Nd4jNativeBuild.select()::backend);

    @Test
    void oneLayerSpecGivesOneTimedCase() {
        BenchReport report = service.run(new BenchRequest("conv:3x8x8:k3:s1:p1:o5", null, 2, 1, 3, 1), TaskMonitor.NONE);
        assertThat(report.cases()).hasSize(1);
        BenchCase c = report.cases().get(0);
        assertThat(c.name()).isEqualTo("conv 3x8x8 k3 s1 zero(1) o5");
        assertThat(c.description()).isEqualTo("binary conv 3x8x8 -> 5, k3 s1 zero(1)");
        assertThat(c.floatMs()).isPositive();
        assertThat(c.binaryMs()).isPositive();
        assertThat(c.speedup()).isEqualTo(c.floatMs() / c.binaryMs());
        assertThat(c.floatMinMs()).isLessThanOrEqualTo(c.floatMs());
        assertThat(c.runs()).isEqualTo(3);
        assertThat(report.threads()).isEqualTo(2);
        assertThat(report.javaVersion()).isEqualTo(System.getProperty("java.version"));
    }

    @Test
    void everyLayerKindOfTheSpecSyntaxRuns() {
        for (String spec : List.of("firstconv:3x9x9:k3:s2:p0:o4", "pool:70x6x6:k3:s2", "dense:130:o65",
                "lastdense:65:o10", "conv:65x5x5:k3:p+1:o3", "conv:65x5x5:k3:p-2")) {
            BenchReport report = service.run(new BenchRequest(spec, null, 1, 0, 1, 3), TaskMonitor.NONE);
            assertThat(report.cases()).as(spec).hasSize(1);
            assertThat(report.cases().get(0).binaryMs()).as(spec).isPositive();
        }
    }

    @Test
    void malformedSpecsAreRejectedNamingTheProblem() {
        assertBad("conv:3x8:k3", "must be CxHxW");
        assertBad("conv:3x8x8", "kernel size kK is required");
        assertBad("conv:3x8x8:k3:q1", "unknown option 'q1'");
        assertBad("conv:3x2x2:k5", "larger than the padded input");
        assertBad("conv:3x8x8:k0", "must be >= 1");
        assertBad("conv:3xAx8:k3", "height is not a number");
        assertBad("sconv:3x8x8:k3", "unknown layer kind 'sconv'");
        assertBad("dense:10", "expected dense:N:oM");
        assertBad("pool:3x2x2:k3", "pool 3 larger than its input 2x2");
    }

    @Test
    void definitionIsPlannedAsTheFusedNetworkRunsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.bitflow.json");
        Files.writeString(file, "{}");
        NetworkDefinition def = new NetworkDefinition(1, "small", "", Shape.spatial(1, 12, 12), SMALL_BCNN, null, null);
        DefaultBenchService withLoader = new DefaultBenchService(p -> def, new DefaultMemoryService(dev.bitflow.engine.train.TrainingMemory::estimate),
                Nd4jNativeBuild.select()::backend);
        BenchReport report = withLoader.run(new BenchRequest(null, file, 1, 0, 1, 5), TaskMonitor.NONE);
        assertThat(report.cases()).extracting(BenchCase::name).containsExactly("small/conv1", "small/pool1",
                "small/conv2", "small/pool2", "small/fc1", "small/fc2", "small/network");
        assertThat(report.cases()).extracting(BenchCase::binaryPath).startsWith(
                "nd4j conv2d + per-channel threshold -> packed bits", "BitMaxPool OR/AND on packed bits");
        assertThat(report.cases().get(2).description()).isEqualTo("binary conv 8x6x6 -> 70, k3 s1 zero(1)");
        assertThat(report.cases().get(4).description()).isEqualTo("binary dense 630 -> 65");
        assertThat(report.cases().get(5).description()).isEqualTo("float dense 65 -> 10 on +-1 inputs");
    }

    @Test
    void unbenchableDefinitionsNameTheLayer() {
        BenchPlanner planner = new BenchPlanner(new XnorConv2d(), new BinaryDense(), 1,
                new dev.bitflow.engine.memory.DefaultMemoryService(dev.bitflow.engine.train.TrainingMemory::estimate));
        List<LayerSpec> floatMiddle = List.of(
                new Conv2dSpec("c1", 4, 3, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false),
                new Conv2dSpec("c2", 4, 3, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false));
        assertThatThrownBy(() -> planner.plan("net.json", Shape.spatial(1, 9, 9), floatMiddle))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("net.json, layer c2: a float conv after the first layer");
        List<LayerSpec> tooBigPool = List.of(
                new Conv2dSpec("c1", 4, 3, 1, Padding.VALID, Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("p1", 5, 2));
        assertThatThrownBy(() -> planner.plan("net.json", Shape.spatial(1, 5, 5), tooBigPool))
                .hasMessageContaining("layer p1: pool 5 larger than its input 3x3");
    }

    @Test
    void missingDefinitionFileAndCancellationAreReported(@TempDir Path dir) {
        assertThatThrownBy(() -> service.run(new BenchRequest(null, dir.resolve("nope.json"), 1, 0, 1, 1), TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nope.json: no such definition file");
        TaskMonitor cancelled = new TaskMonitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> service.run(new BenchRequest("dense:64:o64", null, 1, 0, 1, 1), cancelled))
                .isInstanceOf(CancelledException.class);
    }

    private void assertBad(String spec, String message) {
        assertThatThrownBy(() -> service.run(new BenchRequest(spec, null, 1, 0, 1, 1), TaskMonitor.NONE))
                .as(spec).isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer spec '" + spec + "'").hasMessageContaining(message);
    }
}
