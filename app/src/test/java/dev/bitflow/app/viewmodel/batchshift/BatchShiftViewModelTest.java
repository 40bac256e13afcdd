package dev.bitflow.app.viewmodel.batchshift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.service.TaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel.Phase;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.definition.AvgPoolSpec;
import dev.bitflow.engine.api.definition.LayerSpec;
import dev.bitflow.engine.api.definition.NetworkDefinition;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.Verdict;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BatchShift view's state on the real engine, without the FX toolkit (tasks run inline). */
class BatchShiftViewModelTest {
    private static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(BatchShiftViewModelTest.class.getClassLoader()));
    private static TrainedModel model;
    private static TrainedModel other;

    @TempDir
    Path dir;

    private final List<String> status = new ArrayList<>();

    @BeforeAll
    static void models(@TempDir Path tmp) throws Exception {
        NetworkDefinition def = ENGINE.definitions().sample("fashion-bcnn");
        model = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("a.bfm"), def, 7));
        other = ENGINE.training().load(RandomModelFiles.write(tmp.resolve("b.bfm"), def, 8));
    }

    private BatchShiftViewModel vm(TaskExecutor tasks, ModelSession session) {
        return new BatchShiftViewModel(session, ENGINE.fusion(), ENGINE.datasets(), tasks, status::add);
    }

    private static ModelSession session(TaskExecutor tasks) {
        return new ModelSession(ENGINE.training(), ENGINE.fusion(), tasks, BatchShiftViewModelTest.class.getClassLoader());
    }

    @Test
    void withoutAModelNothingCanRun() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        BatchShiftViewModel vm = vm(tasks, session(tasks));
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NO_MODEL);
        assertThat(vm.canFuseProperty().get()).isFalse();
        assertThat(vm.canVerifyProperty().get()).isFalse();
        vm.fuse();
        vm.verify();
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.reportProperty().get()).isNull();
    }

    @Test
    void fuseFillsTheTableWithTheEngineSummaryAndTellsTheSession() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = session(tasks);
        BatchShiftViewModel vm = vm(tasks, session);
        session.adopt(model, "test");
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NOT_FUSED);
        assertThat(vm.canFuseProperty().get()).isTrue();
        assertThat(vm.canVerifyProperty().get()).as("verify needs a fused model").isFalse();
        boolean fullSet = ENGINE.datasets().status("fashion-mnist", DataLocation.standard()).available();
        assertThat(vm.dataChoices()).as("the full test set is offered exactly when it is installed")
                .containsExactlyElementsOf(fullSet
                        ? List.of(BatchShiftViewModel.VerificationData.MINI, BatchShiftViewModel.VerificationData.STANDARD)
                        : List.of(BatchShiftViewModel.VerificationData.MINI));

        vm.fuse();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.FUSED);
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(session.fusedProperty().get().summary()).isSameAs(vm.summaryProperty().get());
        List<FusedLayerSummary> layers = vm.summaryProperty().get().layers();
        assertThat(vm.rows()).extracting(ShiftRow::layer).containsExactly("conv1", "conv2", "conv3", "fc1", "fc2");
        assertThat(vm.rows().get(0).becomes()).contains("threshold");
        assertThat(vm.rows().get(4).becomes()).contains("additions");
        for (int i = 1; i <= 3; i++) {
            FusedLayerSummary s = layers.get(i);
            ShiftRow row = vm.rows().get(i);
            assertThat(s.kind()).isEqualTo("binary");
            assertThat(row.flipped()).isEqualTo(s.flipped() + " / " + s.channels());
            assertThat(row.constant()).isEqualTo(s.constant() + " / " + s.channels());
            assertThat(row.bitWidth()).isEqualTo(Integer.toString(s.bitWidth()));
            assertThat(row.dotLength()).isEqualTo(Integer.toString(s.dotLength()));
        }
        assertThat(layers.get(1).flipped()).as("random gammas: about 30% negative").isPositive();
        assertThat(vm.rows().get(1).dotLength()).isEqualTo("288"); // 3 x 3 x 32
        assertThat(vm.rows().get(1).pools()).contains("1 before BN");
        assertThat(status).anyMatch(s -> s.startsWith("Fused fashion-bcnn"));
    }

    @Test
    void verifyBuildsTheHeatMapAndTheAgreementThenSaveWritesTheBff() throws Exception {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = session(tasks);
        BatchShiftViewModel vm = vm(tasks, session);
        session.adopt(model, "test");
        vm.fuse();
        vm.limitProperty().set(24);
        vm.verify();
        assertThat(vm.errorProperty().get()).isEmpty();
        var report = vm.reportProperty().get();
        assertThat(report.examples()).isEqualTo(24);
        assertThat(report.verdict()).isNotEqualTo(Verdict.DIFFERENT);
        MismatchHeatMap map = vm.heatMapProperty().get();
        assertThat(map.rows()).extracting(MismatchHeatMap.Row::layer).containsExactly("conv1", "conv2", "conv3", "fc1");
        assertThat(map.rows()).extracting(r -> r.cells().size()).containsExactly(32, 64, 128, 256);
        assertThat(map.maxChannels()).isEqualTo(256);
        assertThat(map.rows()).allSatisfy(r -> assertThat(r.channelsWithMismatches()).isZero());
        // conv2: 14x14 positions after its pool... per channel the bits are positions x examples
        assertThat(map.cell(1, 0).bits()).isEqualTo(report.layers().get(1).channels().get(0).bits()).isPositive();
        assertThat(vm.agreementText()).startsWith("Predictions agree on 24 of 24 images (100.00%).");
        assertThat(vm.verdictText()).startsWith("Equal").isEqualTo(report.verdictSentence());

        vm.save(dir.resolve("fused"));
        Path bff = dir.resolve("fused.bff");
        assertThat(bff).exists();
        assertThat(vm.savedFileProperty().get()).isEqualTo(bff);
        assertThat(vm.summaryProperty().get().fileBytes()).isEqualTo(Files.size(bff));
        assertThat(ENGINE.fusion().loadFused(bff).summary().layers()).isEqualTo(vm.summaryProperty().get().layers());
        assertThat(status).anyMatch(s -> s.startsWith("Saved the fused model to " + bff));
    }

    @Test
    void aNewModelClearsFusionAndVerification() {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = session(tasks);
        BatchShiftViewModel vm = vm(tasks, session);
        session.adopt(model, "a");
        vm.fuse();
        vm.limitProperty().set(4);
        vm.verify();
        assertThat(vm.heatMapProperty().get()).isNotNull();
        session.adopt(other, "b");
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NOT_FUSED);
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.reportProperty().get()).isNull();
        assertThat(vm.heatMapProperty().get()).isNull();
        assertThat(session.fusedProperty().get()).isNull();
    }

    /** A view model on {@code tasks} (work runs when the test says) whose session has adopted the model. */
    private BatchShiftViewModel withModel(ManualTaskExecutor tasks) {
        ModelSession session = session(tasks);
        BatchShiftViewModel vm = vm(tasks, session);
        session.adopt(model, "test");
        tasks.runAll(); // the data-set status lookup
        return vm;
    }

    @Test
    void cancellingAFusionLeavesTheModelUnfusedAndSaysSo() {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        BatchShiftViewModel vm = withModel(tasks);
        vm.fuse();
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.busyTextProperty().get()).startsWith("Fusing fashion-bcnn");
        assertThat(vm.canFuseProperty().get()).isFalse();
        vm.cancel();
        tasks.runAll();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NOT_FUSED);
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(status).contains("Fusion cancelled");
        assertThat(vm.canFuseProperty().get()).isTrue();
    }

    @Test
    void theVerifyingLineNamesTheTestSetOnce() {
        ManualTaskExecutor tasks = new ManualTaskExecutor();
        BatchShiftViewModel vm = withModel(tasks);
        vm.fuse();
        tasks.runAll();
        vm.dataProperty().set(BatchShiftViewModel.VerificationData.OWN);
        vm.verify();
        assertThat(vm.busyTextProperty().get()).isEqualTo("Verifying on the model's own test set\u2026");
        vm.cancel();
        tasks.runAll();
        vm.dataProperty().set(BatchShiftViewModel.VerificationData.MINI);
        vm.verify();
        assertThat(vm.busyTextProperty().get()).isEqualTo("Verifying on the embedded mini set\u2026");
        vm.cancel();
        tasks.runAll();
    }

    @Test
    void aModelThatCannotBeFusedExactlyGivesAnInlineErrorNamingTheLayer() throws Exception {
        NetworkDefinition def = ENGINE.definitions().sample("fashion-bcnn");
        List<LayerSpec> layers = new ArrayList<>(def.layers());
        int pool2 = layers.indexOf(layers.stream().filter(l -> l.name().equals("pool2")).findFirst().orElseThrow());
        layers.set(pool2, new AvgPoolSpec("pool2", 2, 2));
        NetworkDefinition avg = def.withLayers(layers);
        TrainedModel bad = ENGINE.training().load(RandomModelFiles.write(dir.resolve("avg.bfm"), avg, 3));
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = session(tasks);
        BatchShiftViewModel vm = vm(tasks, session);
        session.adopt(bad, "avg");
        vm.fuse();
        assertThat(vm.errorProperty().get()).startsWith("This model cannot be fused exactly: ").contains("pool2");
        assertThat(vm.phaseProperty().get()).isEqualTo(Phase.NOT_FUSED);
    }

    @Test
    void aBadModelFileKeepsTheCurrentModelAndExplains() throws Exception {
        SameThreadTaskExecutor tasks = new SameThreadTaskExecutor();
        ModelSession session = session(tasks);
        session.adopt(model, "good");
        Path junk = Files.writeString(dir.resolve("junk.bfm"), "not a model");
        session.open(junk);
        assertThat(session.model()).isSameAs(model);
        assertThat(session.problemProperty().get()).startsWith("Cannot open junk.bfm: ");
        assertThat(session.loadingProperty().get()).isFalse();
    }
}
