package dev.bitflow.app.viewmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.sf.SfReportViewModel;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.TaskMonitor;
import dev.bitflow.engine.api.data.DataSplit;
import dev.bitflow.engine.api.data.DataSummary;
import dev.bitflow.engine.api.data.DatasetInfo;
import dev.bitflow.engine.api.data.DatasetService;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.data.LocationStatus;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DatasetRef;
import dev.bitflow.engine.api.definition.NetworkDefinition;
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

    private TrainingViewModel newTraining(DatasetService datasets) {
        SameThreadTaskExecutor inline = new SameThreadTaskExecutor();
        return new TrainingViewModel(engine.training(), engine.definitions(), datasets,
                new RunsViewModel(engine.runs(), dir.resolve("runs"), inline, Runnable::run), inline);
    }

    private TrainingViewModel training() {
        TrainingViewModel vm = newTraining(engine.datasets());
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

        SameThreadTaskExecutor inline = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(engine.training(), engine.fusion(), inline, getClass().getClassLoader());
        BatchShiftViewModel fuse = new BatchShiftViewModel(session, engine.fusion(), engine.datasets(), inline, s -> { });
        session.adopt(vm.modelProperty().get(), "training run");
        fuse.fuse();
        assertThat(fuse.errorProperty().get()).isEmpty();
        assertThat(fuse.rows()).extracting(r -> r.layer()).contains("conv2", "conv3", "fc1");
        assertThat(fuse.rows()).filteredOn(r -> r.summary().kind().equals("binary"))
                .allSatisfy(r -> assertThat(r.summary().bitWidth()).isPositive());
        fuse.limitProperty().set(100);
        fuse.verify();
        assertThat(fuse.errorProperty().get()).isEmpty();
        var report = fuse.reportProperty().get();
        assertThat(report.examples()).isEqualTo(100);
        assertThat(report.mismatchesOutsideTies()).isZero();
        assertThat(fuse.heatMapProperty().get().rows()).hasSize(4);

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

        StepThroughViewModel step = new StepThroughViewModel(session, engine.fusion(), engine.definitions(),
                engine.datasets(), inline);
        assertThat(step.layers()).extracting(l -> l.name()).containsExactly("conv2", "conv3", "fc1");
        assertThat(step.layerProperty().get().channels()).isEqualTo(64);
        step.choose(step.layers().get(0), 5, 0, 0, 0);
        assertThat(step.errorProperty().get()).isEmpty();
        var r = step.resultProperty().get();
        assertThat(r.kEff()).as("a corner: 4 of 9 taps are inside").isEqualTo(4 * 32);
        assertThat(r.dotProduct()).isEqualTo(2 * r.popcount() - r.kEff());
        assertThat(step.cards()).hasSize(7);
        step.next();
        assertThat(step.stepIndexProperty().get()).isEqualTo(1);

        Path bff = dir.resolve("fashion-bcnn.bff");
        fuse.save(bff);
        assertThat(Files.size(bff)).isPositive();
        Path bfm = dir.resolve("fashion-bcnn.bfm");
        vm.saveModel(bfm);
        assertThat(Files.size(bfm)).isPositive();
        step.activeProperty().set(false); // the step-through is not on screen: nothing fuses the next model
        session.open(bfm);
        assertThat(session.model().definition()).isEqualTo(vm.modelProperty().get().definition());
        assertThat(fuse.phaseProperty().get()).as("a new model is not fused yet")
                .isEqualTo(BatchShiftViewModel.Phase.NOT_FUSED);

        // no save replaces a file of another kind, or the file the model was read from
        Path definition = dir.resolve("net.bfm");
        engine.definitions().save(engine.definitions().sample("fashion-bcnn"), definition);
        String before = Files.readString(definition);
        vm.saveModel(definition);
        assertThat(errors).singleElement().asString()
                .contains("net.bfm is a network definition; writing a trained model would destroy it");
        assertThat(Files.readString(definition)).isEqualTo(before);
        Path misnamed = Files.copy(bfm, dir.resolve("model.bff"));
        session.open(misnamed);
        fuse.fuse();
        fuse.save(misnamed);
        assertThat(fuse.errorProperty().get()).contains("is the same file as the file it was read from");
        assertThat(Files.readAllBytes(misnamed)).isEqualTo(Files.readAllBytes(bfm));
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

    @Test
    void offersEveryPluginDataSetWithItsTasksAndSaysWhyAChoiceCannotTrain() {
        DataLocation folder = DataLocation.standard();
        DatasetInfo digits = new DatasetInfo("test-digits", "Test digits", "a data set from a plugin",
                List.of("zero", "one", "two"), List.of(
                new LocationStatus(DataLocation.mini(), true, 300, 100, ""),
                new LocationStatus(folder, false, -1, -1, "Test digits are not installed: get them from the lab share.")));
        DatasetService withPlugin = new DatasetService() {
            @Override
            public List<DatasetInfo> available() {
                List<DatasetInfo> all = new ArrayList<>(engine.datasets().available());
                all.add(digits);
                return all;
            }

            @Override
            public LocationStatus status(String id, DataLocation location) {
                return engine.datasets().status(id, location);
            }

            @Override
            public int size(DatasetRef ref, DataLocation location, DataSplit split) {
                return engine.datasets().size(ref, location, split);
            }

            @Override
            public ImageSample sample(DatasetRef ref, DataLocation location, DataSplit split, int index) {
                return engine.datasets().sample(ref, location, split, index);
            }

            @Override
            public DataSummary describe(NetworkDefinition definition, DataLocation location, TaskMonitor monitor) {
                return engine.datasets().describe(definition, location, monitor);
            }

            @Override
            public List<ImageSample> preview(NetworkDefinition definition, DataLocation location, DataSplit split,
                                             int perClass, TaskMonitor monitor) {
                return engine.datasets().preview(definition, location, split, perClass, monitor);
            }
        };
        TrainingViewModel vm = newTraining(withPlugin);
        vm.setErrorSink(errors::add);
        assertThat(vm.dataChoices()).extracting(DataChoice::label).contains(
                "Fashion-MNIST, all 10 classes (mini set)",
                "Fashion-MNIST, Shirt vs T-shirt/top (mini set)",
                "Test digits, all 3 classes (mini set)", "Test digits, all 3 classes (full set)");

        vm.definitionProperty().set(engine.definitions().sample("fashion-bcnn-2class"));
        assertThat(vm.dataProperty().get().task()).as("the definition's own task is chosen")
                .isEqualTo("Shirt vs T-shirt/top");
        assertThat(vm.dataProperty().get().location()).isEqualTo(DataLocation.mini());
        assertThat(vm.dataProblemProperty().get()).isEmpty();
        assertThat(vm.runDefinition().dataset().classes()).containsExactly(6, 0);

        vm.definitionProperty().set(engine.definitions().sample("fashion-bcnn"));
        assertThat(vm.dataProperty().get().task()).isEqualTo("all 10 classes");
        DataChoice plugin = vm.dataChoices().stream()
                .filter(c -> c.datasetId().equals("test-digits") && c.available()).findFirst().orElseThrow();
        vm.dataProperty().set(plugin);
        assertThat(vm.dataProblemProperty().get()).contains("fashion-bcnn ends in 10 outputs (fc2)")
                .contains("Test digits").contains("has 3 classes");
        assertThat(vm.runDefinition().dataset().id()).isEqualTo("test-digits");
        vm.start();
        assertThat(vm.runs()).as("nothing starts").isEmpty();
        assertThat(errors).singleElement().asString().startsWith("Cannot train: fashion-bcnn ends in 10 outputs");

        DataChoice missing = vm.dataChoices().stream()
                .filter(c -> c.datasetId().equals("test-digits") && !c.available()).findFirst().orElseThrow();
        vm.dataProperty().set(missing);
        assertThat(vm.dataProblemProperty().get()).isEqualTo("Test digits are not installed: get them from the lab share.");
    }

    @Test
    void aDefinitionWithShapeErrorsDoesNotStartAndLeavesNoFailedRun() {
        TrainingViewModel vm = training();
        var sample = engine.definitions().sample("fashion-bcnn");
        List<dev.bitflow.engine.api.definition.LayerSpec> layers = new ArrayList<>(sample.layers());
        Conv2dSpec c = (Conv2dSpec) layers.get(0);
        // A 51x51 kernel on a 28x28 image: the editor shows the error (output 64x-23x-23).
        layers.set(0, new Conv2dSpec(c.name(), 64, 51, c.stride(), c.padding(), c.weights(), c.scaling(), c.bias()));
        vm.definitionProperty().set(sample.withLayers(layers));
        assertThat(vm.startProblemProperty().get()).startsWith("fashion-bcnn has").contains("conv1")
                .contains("Architecture view");
        vm.start();
        assertThat(vm.runs()).as("no run starts, so none fails").isEmpty();
        assertThat(errors).singleElement().asString().startsWith("Cannot train: fashion-bcnn has");
        // Fixed in the editor: it can start.
        vm.definitionProperty().set(sample);
        assertThat(vm.startProblemProperty().get()).isEmpty();
    }
}
