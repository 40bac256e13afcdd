package dev.bitflow.engine.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitflow.engine.analysis.sf.DefaultAnalysisService;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.analysis.ActivationPath;
import dev.bitflow.engine.api.analysis.ActivationRateOptions;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedModel;
import dev.bitflow.engine.api.fusion.FusionSummary;
import dev.bitflow.engine.api.fusion.StepThrough;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.data.DefaultDatasetService;
import dev.bitflow.engine.data.TestDatasets;
import dev.bitflow.engine.fusion.DefaultFusionService;
import dev.bitflow.engine.io.BfmReader;
import dev.bitflow.engine.model.DefaultDefinitionService;
import dev.bitflow.engine.model.TrainedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused model as a value: fused once, then saved, evaluated, verified, stepped through and analysed without
 * another fusion. The pipeline's passes are counted.
 */
class FusedModelTest {
    private static final Path MODEL = Path.of("..", "sample-models", "fashion-bcnn.bfm");
    private static final DataLocation MINI = DataLocation.mini();
    private static TrainedNetwork net;
    private static DefaultDatasetService data;

    private final Map<String, AtomicInteger> passRuns = new ConcurrentHashMap<>();
    private final DefaultFusionService fusion = new DefaultFusionService(new DefaultDefinitionService(), data,
            new FusionPipeline(FusionPipeline.standardPasses().stream().map(this::counted).toList()));

    @BeforeAll
    static void load() throws Exception {
        net = BfmReader.read(MODEL).model();
        data = TestDatasets.service();
    }

    private FusionPass counted(FusionPass pass) {
        return new FusionPass() {
            @Override
            public String name() {
                return pass.name();
            }

            @Override
            public void apply(FusionState state) {
                passRuns.computeIfAbsent(pass.name(), k -> new AtomicInteger()).incrementAndGet();
                pass.apply(state);
            }
        };
    }

    private int passesRun() {
        return passRuns.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Test
    void aModelFusedOnceIsSteppedThroughVerifiedEvaluatedAndSavedWithoutFusingAgain(@TempDir Path tmp) {
        FusedModel fused = fusion.fuse(net, TaskMonitor.NONE);
        int passes = FusionPipeline.standardPasses().size();
        assertThat(passesRun()).isEqualTo(passes);
        assertThat(fused.definition()).isEqualTo(net.definition());
        assertThat(fused.summary().layers()).extracting(l -> l.name())
                .containsExactly("conv1", "conv2", "conv3", "fc1", "fc2");
        assertThat(fused.source()).contains("fashion-bcnn");

        // a step-through session: many clicks, every binary layer, several positions and images
        for (String layer : List.of("conv2", "conv3", "fc1")) {
            for (int click = 0; click < 4; click++) {
                int pos = layer.equals("fc1") ? 0 : click;
                StepThrough s = fusion.stepThrough(fused, MINI, click, layer, click * 3, pos, pos);
                assertThat(s.dotProduct()).isEqualTo(2 * s.popcount() - s.kEff());
            }
        }
        VerificationReport report = fusion.verify(fused, MINI, 40, TaskMonitor.NONE);
        assertThat(report.examples()).isEqualTo(40);
        assertThat(report.mismatchesOutsideTies()).isZero();
        EvaluationResult eval = fusion.evaluate(fused, MINI, TaskMonitor.NONE);
        assertThat(eval.accuracy()).isGreaterThan(0.8);
        Path bff = tmp.resolve("m.bff");
        FusionSummary saved = fusion.save(fused, bff, TaskMonitor.NONE);
        assertThat(saved.fileBytes()).isEqualTo(size(bff)).isPositive();
        assertThat(saved.layers()).isEqualTo(fused.summary().layers());

        assertThat(passesRun()).as("passes run in the whole session").isEqualTo(passes);
        assertThat(passRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void activationsOfTheFusedModelAreTheBitsOfTheTrainedModelsFusedPath() {
        FusedModel fused = fusion.fuse(net, TaskMonitor.NONE);
        DefaultAnalysisService analysis = new DefaultAnalysisService(data);
        ActivationTrace fromFused = analysis.activations(fused, MINI, 3, TaskMonitor.NONE);
        ActivationTrace fromTrained = analysis.activations(net, MINI, 3, TaskMonitor.NONE);
        assertThat(fromFused.path()).isEqualTo(ActivationPath.FUSED_BITS);
        assertThat(fromFused.prediction()).isEqualTo(fromTrained.prediction());
        assertThat(fromFused.layers()).extracting(ActivationMap::layer)
                .containsExactly("sign1", "sign2", "sign3", "sign4");
        assertThat(fromFused.layers()).isEqualTo(fromTrained.layers());
        ActivationRateOptions twenty = ActivationRateOptions.defaults().withExamples(20);
        var rates = analysis.activationRates(fused, MINI, twenty, TaskMonitor.NONE);
        var trainedRates = analysis.activationRates(net, MINI, twenty, TaskMonitor.NONE);
        assertThat(rates.layers()).hasSameSizeAs(trainedRates.layers());
        for (int i = 0; i < rates.layers().size(); i++) {
            assertThat(rates.layers().get(i).plusOneRates()).isEqualTo(trainedRates.layers().get(i).plusOneRates());
        }
    }

    @Test
    void aFusedModelFileEvaluatesLikeTheFusedModelButCannotBeComparedWithAFloatNetworkItDoesNotHold(
            @TempDir Path tmp) {
        FusedModel fused = fusion.fuse(net, TaskMonitor.NONE);
        Path bff = tmp.resolve("m.bff");
        fusion.save(fused, bff, TaskMonitor.NONE);
        FusedModel loaded = fusion.loadFused(bff);
        assertThat(loaded.source()).isEqualTo(bff.toString());
        assertThat(loaded.summary().layers()).isEqualTo(fused.summary().layers());
        assertThat(fusion.evaluate(loaded, MINI, TaskMonitor.NONE).accuracy())
                .isEqualTo(fusion.evaluate(fused, MINI, TaskMonitor.NONE).accuracy());
        assertThat(new DefaultAnalysisService(data).activations(loaded, MINI, 0, TaskMonitor.NONE).path())
                .isEqualTo(ActivationPath.FUSED_BITS);
        assertThatThrownBy(() -> fusion.verify(loaded, MINI, 10, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining(bff.toString()).hasMessageContaining("trained model (*.bfm)");
        assertThatThrownBy(() -> fusion.stepThrough(loaded, MINI, 0, "conv2", 0, 0, 0))
                .isInstanceOf(BadInputException.class).hasMessageContaining("step-through");
    }

    @Test
    void aFusedModelOfAnotherImplementationIsRefused() {
        FusedModel foreign = new FusedModel() {
            @Override
            public NetworkDefinition definition() {
                return net.definition();
            }

            @Override
            public FusionSummary summary() {
                return new FusionSummary("x", List.of(), 0);
            }

            @Override
            public String source() {
                return "elsewhere";
            }

            @Override
            public dev.bitflow.engine.api.fusion.FusedModelContent content() {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> fusion.evaluate(foreign, MINI, TaskMonitor.NONE))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not a fused model of this engine");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
