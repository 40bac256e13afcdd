package dev.bitflow.app.viewmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.sf.SfReportViewModel;
import dev.bitflow.app.viewmodel.step.StepThroughViewModel;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.ScalingFactor;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training on the embedded mini set (a small slice, one epoch) through the ViewModels without the FX
 * toolkit: metrics arrive, the model is evaluated, fused, verified and saved.
 */
class TrainingViewModelTest {
    @TempDir
    Path dir;
    private final Engine engine = EngineProvider.load().create(PluginHost.discover(getClass().getClassLoader()));
    private final List<String> errors = new ArrayList<>();

    private TrainingViewModel training() {
        TrainingViewModel vm = new TrainingViewModel(engine.training(), new SameThreadTaskExecutor());
        vm.setErrorSink(errors::add);
        vm.definitionProperty().set(engine.definitions().sample("fashion-bcnn"));
        vm.epochsProperty().set(1);
        vm.maxTrainExamplesProperty().set(300);
        vm.batchSizeProperty().set(50);
        return vm;
    }

    @Test
    void oneEpochOnTheMiniSetGivesMetricsAModelAndATestAccuracyThenFusesAndVerifies() throws Exception {
        TrainingViewModel vm = training();
        vm.start();
        assertThat(errors).isEmpty();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.runs()).hasSize(1);
        TrainingRun run = vm.runs().get(0);
        assertThat(run.batches()).isNotEmpty();
        assertThat(run.batches()).allSatisfy(p -> assertThat(p.loss()).isFinite().isPositive());
        assertThat(run.epochs()).hasSize(1);
        assertThat(run.outcomeProperty().get()).startsWith("finished: test accuracy");
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.modelProperty().get()).isNotNull();
        assertThat(vm.evaluationProperty().get().examples()).isEqualTo(1000);
        assertThat(vm.evaluationProperty().get().accuracy()).as("better than chance (10%)").isGreaterThan(0.2);
        assertThat(vm.layerRates()).extracting(LayerRate::layer).contains("sign2", "conv2");
        assertThat(vm.layerRates()).filteredOn(r -> r.layer().startsWith("sign"))
                .allSatisfy(r -> assertThat(r.plusOneRate()).isBetween(0.0, 1.0));

        BatchShiftViewModel fuse = new BatchShiftViewModel(engine.fusion(), engine.training(), new SameThreadTaskExecutor());
        fuse.setErrorSink(errors::add);
        fuse.definitionProperty().set(vm.modelProperty().get().definition());
        assertThat(fuse.problems()).isEmpty();
        fuse.modelProperty().set(vm.modelProperty().get());
        fuse.fuse();
        assertThat(errors).isEmpty();
        assertThat(fuse.shiftRows()).extracting(r -> r.name()).contains("conv2", "conv3", "fc1");
        assertThat(fuse.shiftRows()).filteredOn(r -> r.kind().equals("binary"))
                .allSatisfy(r -> assertThat(r.bitWidth()).isPositive());
        fuse.verifyLimitProperty().set(100);
        fuse.verify();
        assertThat(errors).isEmpty();
        var report = fuse.reportProperty().get();
        assertThat(report.examples()).isEqualTo(100);
        assertThat(report.mismatchesOutsideTies()).isZero();
        assertThat(BatchShiftViewModel.mismatchMap(report).length).isEqualTo(report.layers().size());

        SfReportViewModel sf = new SfReportViewModel(engine.analysis(), new SameThreadTaskExecutor());
        sf.setErrorSink(errors::add);
        sf.testExamplesProperty().set(100);
        sf.trainExamplesProperty().set(200);
        sf.modelProperty().set(vm.modelProperty().get());
        sf.analyse();
        assertThat(errors).isEmpty();
        assertThat(sf.layers()).extracting(l -> l.name()).contains("conv2", "conv3", "fc1");
        assertThat(sf.layerProperty().get().name()).isEqualTo("conv2");
        assertThat(sf.channels()).hasSize(64);
        assertThat(sf.channelProperty().get().histogram().total()).isPositive();
        assertThat(sf.layerProperty().get().agreement(SfVariant.RESCALED).disagreeingOutsideTies()).isZero();

        StepThroughViewModel step = new StepThroughViewModel(engine.fusion(), engine.definitions(), new SameThreadTaskExecutor());
        step.setErrorSink(errors::add);
        step.modelProperty().set(vm.modelProperty().get());
        assertThat(step.layers()).containsExactly("conv2", "conv3", "fc1");
        assertThat(step.outputShapeProperty().get().channels()).isEqualTo(64);
        step.channelProperty().set(5);
        step.yProperty().set(0);
        step.xProperty().set(0);
        step.compute();
        assertThat(errors).isEmpty();
        var r = step.resultProperty().get();
        assertThat(r.kEff()).as("a corner: 4 of 9 taps are inside").isEqualTo(4 * 32);
        assertThat(r.dotProduct()).isEqualTo(2 * r.popcount() - r.kEff());
        assertThat(StepThroughViewModel.explain(r)).hasSize(StepThroughViewModel.STEPS.size());
        step.next();
        step.showAll();
        assertThat(step.stepProperty().get()).isEqualTo(6);

        Path bff = dir.resolve("fashion-bcnn.bff");
        fuse.saveFused(bff);
        assertThat(Files.size(bff)).isPositive();
        Path bfm = dir.resolve("fashion-bcnn.bfm");
        vm.saveModel(bfm);
        assertThat(Files.size(bfm)).isPositive();
        fuse.openModel(bfm);
        assertThat(fuse.modelProperty().get().definition()).isEqualTo(vm.modelProperty().get().definition());
    }

    @Test
    void sfOffRemovesTheScalingFactorFromEveryBinaryLayerOnly() {
        TrainingViewModel vm = training();
        vm.scalingFactorProperty().set(false);
        var d = vm.runDefinition();
        assertThat(d.layers()).filteredOn(l -> l instanceof Conv2dSpec c && c.weights() == Precision.BINARY)
                .allSatisfy(l -> assertThat(((Conv2dSpec) l).scaling()).isEqualTo(ScalingFactor.NONE));
        assertThat(d.training().epochs()).isEqualTo(1);
        assertThat(d.training().batchSize()).isEqualTo(50);
        vm.scalingFactorProperty().set(true);
        assertThat(vm.runDefinition().layers()).isEqualTo(engine.definitions().sample("fashion-bcnn").layers());
    }

    @Test
    void cancellingEndsTheRunAsCancelled() {
        TrainingViewModel vm = training();
        vm.runs().addListener((javafx.collections.ListChangeListener<TrainingRun>) c -> { });
        // Cancel from the first batch event: the engine stops at its next safe point.
        vm.statusProperty().addListener((o, a, b) -> {
            if (b.startsWith("Epoch 1, batch")) {
                vm.cancel();
            }
        });
        vm.start();
        assertThat(vm.runs().get(0).outcomeProperty().get()).isEqualTo("cancelled");
        assertThat(vm.modelProperty().get()).isNull();
        assertThat(errors).isEmpty();
    }
}
