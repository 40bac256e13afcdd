package dev.bitflow.app.viewmodel.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.Engine;
import dev.bitflow.engine.api.EngineProvider;
import dev.bitflow.engine.api.data.DataLocation;
import dev.bitflow.engine.api.training.EvaluationResult;
import dev.bitflow.engine.api.training.TrainedModel;
import dev.bitflow.plugins.host.PluginHost;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Accuracy view's state on the real engine: evaluation, per-class rows and the confusion matrix. */
class AccuracyViewModelTest {
    private static final Engine ENGINE = EngineProvider.load().create(PluginHost.discover(AccuracyViewModelTest.class
            .getClassLoader()));

    @TempDir
    Path dir;

    @Test
    void evaluatesTheAnalysedModelOnTheMiniTestSetWithPerClassAccuracyAndConfusion() throws Exception {
        SameThreadTaskExecutor inline = new SameThreadTaskExecutor();
        ModelSession session = new ModelSession(ENGINE.training(), ENGINE.fusion(), inline, getClass().getClassLoader());
        AccuracyViewModel vm = new AccuracyViewModel(session, ENGINE.training(), ENGINE.datasets(), inline);
        assertThat(vm.testSets()).isEmpty();
        vm.evaluate();
        assertThat(vm.resultProperty().get()).as("no model: nothing runs").isNull();

        TrainedModel model = ENGINE.training().load(RandomModelFiles.write(dir.resolve("m.bfm"),
                ENGINE.definitions().sample("fashion-bcnn"), 5));
        session.adopt(model, "m.bfm");
        assertThat(vm.testSets()).extracting(s -> s.location()).contains(DataLocation.mini());
        assertThat(vm.testSetProperty().get().location()).isEqualTo(DataLocation.mini());
        assertThat(vm.testSetProperty().get().label()).isEqualTo("embedded mini test set (1,000 images)");
        assertThat(vm.resultProperty().get()).isNull();
        vm.evaluate();
        EvaluationResult r = vm.resultProperty().get();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(r.examples()).isEqualTo(1000);
        ConfusionMatrix m = vm.matrixProperty().get();
        assertThat(m.size()).isEqualTo(10);
        assertThat(Arrays.stream(m.rowTotals()).sum()).isEqualTo(1000);
        assertThat(vm.classes()).hasSize(10).allSatisfy(c -> {
            assertThat(c.correct()).isEqualTo(m.counts()[c.index()][c.index()]);
            assertThat(c.accuracy()).isEqualTo(r.perClassAccuracy().get(c.index()));
        });
        // The data set's own name has brackets ("fashion-mnist test (mini)"): the note adds none around it.
        assertThat(vm.noteProperty().get()).isEqualTo("Evaluated on 1,000 test images of " + r.dataset() + ".");

        // A new model clears the result.
        session.adopt(ENGINE.training().load(RandomModelFiles.write(dir.resolve("o.bfm"),
                ENGINE.definitions().sample("fashion-bcnn"), 6)), "o.bfm");
        assertThat(vm.resultProperty().get()).isNull();
        assertThat(vm.classes()).isEmpty();
    }

    @Test
    void theMatrixGivesSharesHoverTextsAndTheClassMostOftenMistakenFor() {
        EvaluationResult r = new EvaluationResult("test", 10, 0.6, 1.0, List.of("Shirt", "T-shirt/top", "Coat"),
                List.of(0.5, 1.0, 1.0 / 3), List.of(List.of(2, 1, 1), List.of(0, 3, 0), List.of(0, 2, 1)));
        ConfusionMatrix m = ConfusionMatrix.of(r);
        assertThat(m.share(0, 0)).isEqualTo(0.5);
        assertThat(m.describe(2, 1)).isEqualTo("Coat: 2 of 3 test images taken for T-shirt/top (66.7%)");
        assertThat(m.describe(1, 1)).isEqualTo("T-shirt/top: 3 of 3 test images correct (100.0%)");
        List<ConfusionMatrix.ClassRow> rows = m.rows();
        assertThat(rows.get(0).mistakenText()).isEqualTo("T-shirt/top (1)"); // ties: the first such class
        assertThat(rows.get(1).mistakenText()).isEmpty();
        assertThat(rows.get(2).accuracyText()).isEqualTo("33.3%");
        assertThat(rows.get(2).mistakenFor()).isEqualTo("T-shirt/top");

        // The counts as a table (copy, CSV): true classes down, predictions across, each row's total last.
        var table = m.table();
        assertThat(table.headers()).containsExactly("true \\ predicted", "Shirt", "T-shirt/top", "Coat", "total");
        assertThat(table.rows()).containsExactly(List.of("Shirt", "2", "1", "1", "4"),
                List.of("T-shirt/top", "0", "3", "0", "3"), List.of("Coat", "0", "2", "1", "3"));
    }
}
