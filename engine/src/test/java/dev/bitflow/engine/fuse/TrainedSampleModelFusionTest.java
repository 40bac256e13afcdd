package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.TrainedNetwork;
import dev.bitflow.engine.spi.Split;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;

/**
 * The trained sample model (committed late by the training work; skipped while absent): fused equals float
 * on part of the embedded mini test set. The full 10k run is documented in docs/fusion.md.
 */
class TrainedSampleModelFusionTest {
    private static final Path MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm");

    @Test
    void trainedFashionBcnnFusesExactly() throws Exception {
        assertThat(MODEL).as("the committed sample model").exists();
        TrainedNetwork net = BfmReader.read(MODEL).model();
        FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        LabeledData test = TestDatasets.service().load(net.definition().dataset(), DataLocation.mini(),
                Split.TEST);
        VerificationReport r = new EquivalenceVerifier(FusedKernels.singleThreaded()).verify(net, fused, test, 300,
                TaskMonitor.NONE);
        assertThat(r.mismatchesOutsideTies()).isZero();
        assertThat(r.outputScoreMismatches()).isZero();
        if (r.layers().stream().mapToLong(LayerAgreement::ties).sum() == 0) {
            assertThat(r.predictionAgreement()).isEqualTo(1.0);
            assertThat(r.fusedAccuracy()).isEqualTo(r.floatAccuracy());
        }
        assertThat(r.fusedAccuracy()).as("a trained model, not chance").isGreaterThan(0.5);
    }
}
