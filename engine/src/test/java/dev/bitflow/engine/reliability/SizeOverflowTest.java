package dev.bitflow.engine.reliability;

import dev.bitflow.engine.memory.DefaultMemoryService;
import dev.bitflow.engine.train.Nd4jNativeBuild;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.analysis.LedgerBuilder;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.bench.BenchRequest;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.DesignIssue;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Normalization;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Severity;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.analysis.bench.DefaultBenchService;
import dev.bitflow.engine.reference.FloatOps;
import dev.bitflow.engine.model.DesignChecker;
import dev.bitflow.engine.model.DefaultDefinitionService;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sizes no kernel can index are refused with their exact value, never wrapped around: shape inference, the
 * ledger, the float reference conv and bench layer specs (each case once produced a zero, negative or
 * wrapped count).
 */
class SizeOverflowTest {
    private static NetworkDefinition net(Shape input, LayerSpec... layers) {
        return new NetworkDefinition(1, "big", "", input, List.of(layers),
                new DefaultDefinitionService().defaultTraining(),
                new DatasetRef("fashion-mnist", List.of(), Normalization.UNIT));
    }

    private static Conv2dSpec conv(String name, int filters, int kernel, Padding padding) {
        return new Conv2dSpec(name, filters, kernel, 1, padding, Precision.FLOAT, ScalingFactor.NONE, false);
    }

    private static List<DesignIssue> errors(NetworkDefinition d) {
        return DesignChecker.check(d).issues().stream().filter(i -> i.severity() == Severity.ERROR).toList();
    }

    @Test
    void aLayerWithTwoToTheEightyWeightsIsRefusedWithItsTrueCount() {
        // 2^20 filters of 2^20 x 2^20 over 2^20 channels: 2^80 weights (once reported as 0 parameters)
        NetworkDefinition huge = net(Shape.spatial(1 << 20, 1 << 20, 1 << 20), conv("c1", 1 << 20, 1 << 20, Padding.VALID),
                new FlattenSpec("f"), new DenseSpec("d", 10, Precision.FLOAT, ScalingFactor.NONE, false),
                new SoftmaxSpec("s"));
        assertThat(errors(huge)).extracting(DesignIssue::code).contains("INPUT_TOO_LARGE");
        assertThatThrownBy(() -> LedgerBuilder.build(huge, false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("1,152,921,504,606,846,976 values"); // the 2^60-value input, exactly

        NetworkDefinition wide = net(Shape.spatial(1 << 20, 1024, 1), conv("c1", 1 << 20, 1024, Padding.VALID),
                new FlattenSpec("f"), new DenseSpec("d", 10, Precision.FLOAT, ScalingFactor.NONE, false),
                new SoftmaxSpec("s"));
        assertThat(errors(wide)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("WEIGHTS_TOO_LARGE");
            assertThat(e.layer()).isEqualTo("c1");
            // 2^20 x 2^20 x 1024 x 1024 = 2^60 weights
            assertThat(e.message()).contains("1048576 x 1048576 x 1024 x 1024 = 1,152,921,504,606,846,976 values");
        });
        assertThatThrownBy(() -> LedgerBuilder.build(wide, false)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("conv2d 'c1' weights");
    }

    @Test
    void aHugePaddingIsAShapeErrorNotANegativeIndex() {
        NetworkDefinition padded = net(Shape.spatial(1, 28, 28), conv("c1", 64, 3, Padding.zero(1 << 20)),
                new FlattenSpec("f"), new DenseSpec("d", 10, Precision.FLOAT, ScalingFactor.NONE, false),
                new SoftmaxSpec("s"));
        assertThat(errors(padded)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("SHAPE_TOO_LARGE");
            assertThat(e.layer()).isEqualTo("c1");
            assertThat(e.message()).contains("64 x 2097178 x 2097178");
        });
        // the float reference kernel refuses the same geometry instead of indexing with a wrapped int
        assertThatThrownBy(() -> FloatOps.conv2d(new float[28 * 28], 1, 28, 28, new float[64 * 9], 64, 3, 1,
                Padding.zero(1 << 20), null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the 2,147,483,639 one tensor can hold");
    }

    @Test
    void benchRefusesLayerSpecsNoKernelCanIndex() {
        DefaultBenchService bench = new DefaultBenchService(p -> {
            throw new BadInputException("unused");
        }, new DefaultMemoryService(dev.bitflow.engine.train.TrainingMemory::estimate), Nd4jNativeBuild.select()::backend);
        for (String spec : List.of("conv:1048576x1048576x8:k3:o8", "conv:8x8x8:k3:p1048576:o1048576",
                "conv:65536x16x16:k3:o65536", "dense:1048576:o1048576", "pool:65536x65536x8:k2")) {
            assertThatThrownBy(() -> bench.run(new BenchRequest(spec, null, 1, 0, 1, 1), TaskMonitor.NONE))
                    .as(spec).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("layer spec '" + spec + "'")
                    .hasMessageContaining("one tensor can hold");
        }
    }
}
