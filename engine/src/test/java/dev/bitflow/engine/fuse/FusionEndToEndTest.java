package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.definition.PaddingMode;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.data.LabeledData;
import dev.bitflow.engine.fused.FusedBinaryLayer;
import dev.bitflow.engine.fused.FusedKernels;
import dev.bitflow.engine.model.TrainedNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fused network == float path, bit for bit except counted ties, on random networks and random data. */
class FusionEndToEndTest {
    private static VerificationReport verify(TrainedNetwork net, LabeledData data) {
        FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        return new EquivalenceVerifier(FusedKernels.singleThreaded()).verify(net, fused, data, 0, TaskMonitor.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZERO", "PLUS_ONE", "MINUS_ONE"})
    void convNetworkFusedEqualsFloatPathExceptTies(String mode) {
        for (long seed = 1; seed <= 3; seed++) {
            NetworkDefinition def = RandomNetworks.convNet(PaddingMode.valueOf(mode));
            TrainedNetwork net = RandomNetworks.randomize(def, seed);
            LabeledData data = RandomNetworks.randomData(def.input(), 40, 10, seed + 100);
            VerificationReport report = verify(net, data);
            assertEquivalent(report, 40);
            assertThat(report.layers()).extracting(LayerAgreement::name)
                    .containsExactly("conv1", "conv2", "conv3", "fc4", "fc5");
        }
    }

    @Test
    void mlpWithBinaryOutputLayerFusedEqualsFloatPath() {
        NetworkDefinition def = RandomNetworks.mlp();
        for (long seed = 1; seed <= 3; seed++) {
            TrainedNetwork net = RandomNetworks.randomize(def, seed);
            VerificationReport report = verify(net, RandomNetworks.randomData(def.input(), 60, 7, seed));
            assertEquivalent(report, 60);
        }
    }

    @Test
    void aWrongShiftIsReportedAsMismatchOutsideTies() {
        NetworkDefinition def = RandomNetworks.convNet(PaddingMode.ZERO);
        TrainedNetwork net = RandomNetworks.randomize(def, 5);
        FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        // corrupt conv2: shift every non-constant channel by one (the rounding-to-nearest kind of bug)
        FusedBinaryLayer conv2 = fused.network().binaryLayers().get(0);
        short[] shift = conv2.conv().shift();
        for (int c = 0; c < shift.length; c++) {
            shift[c] += 2;
        }
        VerificationReport report = new EquivalenceVerifier(FusedKernels.singleThreaded()).verify(net, fused,
                RandomNetworks.randomData(def.input(), 10, 10, 9), 0, TaskMonitor.NONE);
        assertThat(report.mismatchesOutsideTies()).isPositive();
        assertThat(report.layers().get(1).mismatchesOutsideTies()).isPositive();
        assertThat(report.layers().get(0).mismatches()).isZero();
        assertThat(report.mismatches()).isNotEmpty().allSatisfy(m -> assertThat(m.layer()).isIn("conv2", "conv3",
                "fc4"));
    }

    private static void assertEquivalent(VerificationReport report, int examples) {
        assertThat(report.examples()).isEqualTo(examples);
        assertThat(report.mismatchesOutsideTies()).as("mismatches outside ties: %s", report.mismatches()).isZero();
        assertThat(report.outputScoreMismatches()).isZero();
        long ties = report.layers().stream().mapToLong(LayerAgreement::ties).sum();
        if (ties == 0) {
            assertThat(report.predictionAgreement()).isEqualTo(1.0);
            assertThat(report.fusedAccuracy()).isEqualTo(report.floatAccuracy());
        }
        for (LayerAgreement l : report.layers()) {
            assertThat(l.bits()).isPositive();
        }
    }

    @Test
    void verificationOnThreeThreadsGivesTheSameReportAsOnOne() {
        NetworkDefinition def = RandomNetworks.convNet(PaddingMode.ZERO);
        TrainedNetwork net = RandomNetworks.randomize(def, 8);
        FusionPipeline.Result fused = new FusionPipeline().run(net, TaskMonitor.NONE);
        // corrupt a shift so that there are mismatches to merge, in example order
        FusedBinaryLayer conv3 = fused.network().binaryLayers().get(1);
        for (int c = 0; c < conv3.conv().shift().length; c++) {
            conv3.conv().shift()[c] += 2;
        }
        LabeledData data = RandomNetworks.randomData(def.input(), 31, 10, 12);
        VerificationReport one = new EquivalenceVerifier(FusedKernels.singleThreaded(), 1).verify(net, fused, data, 0,
                TaskMonitor.NONE);
        VerificationReport three = new EquivalenceVerifier(FusedKernels.singleThreaded(), 3).verify(net, fused, data, 0,
                TaskMonitor.NONE);
        assertThat(one.mismatches()).isNotEmpty();
        assertThat(three).isEqualTo(one);
    }
}
