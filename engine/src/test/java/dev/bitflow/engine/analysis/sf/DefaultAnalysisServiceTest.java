package dev.bitflow.engine.analysis.sf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfReport;
import dev.bitflow.engine.api.analysis.SfReportOptions;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.FlattenSpec;
import dev.bitflow.engine.api.definition.MaxPoolSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.Padding;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.definition.SignSpec;
import dev.bitflow.engine.api.definition.SoftmaxSpec;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.reference.FloatReferenceForward;
import dev.bitflow.engine.spi.Split;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.util.Arrays;
import java.util.List;

/** The report through the service, on the embedded mini Fashion-MNIST set. */
class DefaultAnalysisServiceTest {
    private static DefaultDatasetService datasets;
    private static TrainedNetwork net;

    @BeforeAll
    static void model() {
        datasets = TestDatasets.service();
        NetworkDefinition def = TrainedLikeNetworks.definition("mini-bcnn", Shape.spatial(1, 28, 28), List.of(
                new Conv2dSpec("conv1", 8, 3, 1, Padding.zero(1), Precision.FLOAT, ScalingFactor.NONE, false),
                new MaxPoolSpec("pool1", 2, 2), TrainedLikeNetworks.bn("bn1"), new SignSpec("sign1"),
                new Conv2dSpec("conv2", 16, 3, 1, Padding.zero(1), Precision.BINARY, ScalingFactor.MEAN_ABS, false),
                new MaxPoolSpec("pool2", 2, 2), TrainedLikeNetworks.bn("bn2"), new SignSpec("sign2"),
                new FlattenSpec("flatten"),
                new DenseSpec("fc1", 32, Precision.BINARY, ScalingFactor.MEAN_ABS, true), TrainedLikeNetworks.bn("bn3"),
                new SignSpec("sign3"),
                new DenseSpec("fc2", 10, Precision.FLOAT, ScalingFactor.NONE, true), new SoftmaxSpec("softmax")));
        LabeledData calibration = datasets.load(def.dataset(), DataLocation.mini(), Split.TRAIN).head(100);
        net = TrainedLikeNetworks.create(def, calibration, 17);
    }

    @Test
    void reportOnTheMiniSet() {
        SfReport r = new DefaultAnalysisService(datasets).sfReport(net, DataLocation.mini(),
                new SfReportOptions(60, 120, 5), TaskMonitor.NONE);
        assertThat(r.model()).isEqualTo("mini-bcnn");
        assertThat(r.testExamples()).isEqualTo(60);
        assertThat(r.trainExamples()).isEqualTo(120);
        assertThat(r.testData()).contains("mini", "60 examples");
        assertThat(r.trainData()).contains("random 120 (seed 5)");
        assertThat(r.variants()).extracting(v -> v.variant()).containsExactly(SfVariant.values());

        // (a) is the float reference path: same accuracy as running it directly
        LabeledData test = datasets.load(net.definition().dataset(), DataLocation.mini(), Split.TEST);
        FloatReferenceForward ref = new FloatReferenceForward(net);
        int correct = 0;
        for (int e = 0; e < 60; e++) {
            float[] x = test.example(e);
            correct += ref.forward(x).prediction() == test.y()[e] ? 1 : 0;
        }
        assertThat(r.variant(SfVariant.TRAINED).correct()).isEqualTo(correct);
        assertThat(r.variant(SfVariant.TRAINED).predictionAgreement()).isEqualTo(1.0);

        for (SfLayerReport l : r.layers()) {
            assertThat(l.agreement(SfVariant.RESCALED).disagreeingOutsideTies()).isZero();
            assertThat(l.agreement(SfVariant.REESTIMATED).agreement()).isGreaterThan(0.9);
            for (SfChannelReport c : l.channels()) {
                assertThat(c.histogram().total()).isEqualTo(60L * l.positions());
                assertThat(c.alpha()).isPositive();
            }
        }
        assertThat(r.layers()).extracting(SfLayerReport::name).containsExactly("conv2", "fc1");
    }

    @Test
    void theSameSeedPicksTheSameTrainingSubset() {
        LabeledData train = datasets.load(net.definition().dataset(), DataLocation.mini(), Split.TRAIN);
        LabeledData a = DefaultAnalysisService.trainingSubset(train, new SfReportOptions(0, 50, 9));
        LabeledData b = DefaultAnalysisService.trainingSubset(train, new SfReportOptions(0, 50, 9));
        LabeledData c = DefaultAnalysisService.trainingSubset(train, new SfReportOptions(0, 50, 10));
        assertThat(a.count()).isEqualTo(50);
        assertThat(a.y()).isEqualTo(b.y());
        assertThat(TestDatasets.values(a)).isEqualTo(TestDatasets.values(b));
        assertThat(TestDatasets.values(a)).isNotEqualTo(TestDatasets.values(c));
        assertThat(DefaultAnalysisService.trainingSubset(train, new SfReportOptions(0, 0, 9)).count()).isEqualTo(train.count());
    }

    @Test
    void badOptionsAndModelsAreUserErrors() {
        assertThatThrownBy(() -> new SfReportOptions(-1, 10, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("test examples");
        assertThatThrownBy(() -> new SfReportOptions(1, -10, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("training examples");
        assertThatThrownBy(() -> new DefaultAnalysisService(datasets).sfReport(foreignModel(), DataLocation.mini(),
                SfReportOptions.defaults(), TaskMonitor.NONE)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a trained model");
    }

    /** A trained model that is not the engine's own. */
    private dev.bitflow.engine.api.training.TrainedModel foreignModel() {
        return new dev.bitflow.engine.api.training.TrainedModel() {
            @Override
            public dev.bitflow.engine.api.definition.NetworkDefinition definition() {
                return net.definition();
            }

            @Override
            public java.util.List<dev.bitflow.engine.api.training.ModelParameter> parameterValues() {
                return java.util.List.of();
            }

            @Override
            public dev.bitflow.engine.api.training.Provenance provenance() {
                return null;
            }
        };
    }
}
