package dev.bitflow.engine.fuse;

import dev.bitflow.engine.fusion.DefaultFusionService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.fusion.BinaryLayerContent;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusedModelContent;
import dev.bitflow.engine.api.training.ModelParameter;
import dev.bitflow.engine.api.training.Predictions;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.io.ParameterAssembler;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API's view of a fused model: shapes between the layers, bits and shifts as the fused network holds them,
 * per-example predictions equal to the evaluation; and parameters from outside checked with every problem named.
 */
class FusedModelContentTest {
    private static final Path BFF = Path.of("..", "sample-models", "fashion-bcnn.bff");
    private final DefaultFusionService fusion = new DefaultFusionService(new DefaultDefinitionService(),
            TestDatasets.service());

    @Test
    void sampleModelContentHasTheShapesAndIntegersOfTheFusedNetwork() {
        FusedModel model = fusion.loadFused(BFF);
        FusedModelContent c = model.content();
        assertThat(c.first().output()).isEqualTo(Shape.spatial(32, 14, 14));
        assertThat(c.binary()).extracting(BinaryLayerContent::name).containsExactly("conv2", "conv3", "fc1");
        assertThat(c.binary().get(0).output()).isEqualTo(Shape.spatial(64, 7, 7));
        assertThat(c.binary().get(2).flattenInput()).isTrue();
        assertThat(c.binary().get(2).input()).isEqualTo(Shape.spatial(128, 7, 7));
        assertThat(c.output().inputs()).isEqualTo(256);
        assertThat(c.classes()).isEqualTo(10);
        List<FusedLayerSummary> summary = model.summary().layers();
        for (int i = 0; i < c.binary().size(); i++) {
            BinaryLayerContent b = c.binary().get(i);
            FusedLayerSummary s = summary.get(i + 1);
            assertThat(b.shiftBits()).isEqualTo(s.bitWidth());
            assertThat(b.dotLength()).isEqualTo(s.dotLength());
            int flipped = 0;
            for (boolean f : b.flipped()) {
                flipped += f ? 1 : 0;
            }
            assertThat(flipped).isEqualTo(s.flipped());
        }
        // the content is a copy: changing what an accessor returned changes nothing
        long[] bits = c.binary().get(0).weightBits();
        bits[0] = ~bits[0];
        assertThat(c.binary().get(0).weightBits()[0]).isNotEqualTo(bits[0]);
    }

    @Test
    void predictionsAgreeWithTheEvaluation() {
        FusedModel model = fusion.loadFused(BFF);
        Predictions p = fusion.predict(model, DataLocation.mini(), 200, true, TaskMonitor.NONE);
        assertThat(p.examples()).isEqualTo(200);
        assertThat(p.layerBits()).hasSize(200);
        assertThat(p.layerBits().get(0)).hasSize(4);
        int correct = 0;
        for (int e = 0; e < 200; e++) {
            int best = 0;
            for (int k = 1; k < p.classes(); k++) {
                best = p.score(e, k) > p.score(e, best) ? k : best;
            }
            assertThat(best).isEqualTo(p.predicted(e));
            correct += p.predicted(e) == p.labels()[e] ? 1 : 0;
        }
        assertThat(correct / 200.0).as("a trained model").isGreaterThan(0.8);
    }

    @Test
    void foreignParametersAreCheckedWithEveryProblemNamed() {
        TrainedNetwork net = RandomNetworks.randomize(new DefaultDefinitionService().sample("fashion-bcnn"), 3);
        List<ModelParameter> params = new ArrayList<>(net.parameterValues());
        ModelParameter w = params.remove(0); // conv1/W missing
        params.add(new ModelParameter("conv9", "W", w.shape(), w.values())); // no such layer
        params.add(new ModelParameter("bn1", "beta", new int[] {3}, new float[3])); // wrong shape
        assertThatThrownBy(() -> ParameterAssembler.assemble(net.definition(), params, "w.npz"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("w.npz: 3 problems")
                .hasMessageContaining("'conv9/W' is not a parameter of the definition")
                .hasMessageContaining("'bn1/beta' is given twice")
                .hasMessageContaining("'conv1/W' (shape [32, 1, 3, 3]) is missing");
        assertThat(ParameterAssembler.assemble(net.definition(), net.parameterValues(), "ok").asMap())
                .isEqualTo(net.parameters().asMap());
    }
}
