package dev.bitflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.service.SameThreadTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's composition (without the FX toolkit, work inline): a training run that finishes does not replace
 * the model the analysis views show, nor throw away its fusion; the run is kept and offered by name; switching asks
 * when a result would be lost; quitting while a run trains is asked about.
 */
class TrainingKeepsAnalysisModelTest {
    @TempDir
    Path dir;
    private AppContext context;

    @BeforeEach
    void open() {
        context = new AppContext(dir.resolve("settings"), new SameThreadTaskExecutor());
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aFinishedRunLeavesTheAnalysisModelAndItsFusionAlone() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("a.bfm"), context.engine().definitions().sample("fashion-bcnn"), 7);
        TrainedModel a = context.engine().training().load(file);
        context.session().adopt(a, "a.bfm");
        context.batchShift().fuse();
        assertThat(context.session().fusedProperty().get()).isNotNull();

        context.training().epochsProperty().set(1);
        context.training().maxTrainExamplesProperty().set(200);
        context.training().batchSizeProperty().set(50);
        context.training().start();
        assertThat(context.training().runs()).singleElement()
                .satisfies(r -> assertThat(r.outcomeProperty().get()).startsWith("finished"));

        assertThat(context.session().model()).as("the analysis views keep their model").isSameAs(a);
        assertThat(context.session().fusedProperty().get()).as("and its fusion").isNotNull();
        assertThat(context.batchShift().rows()).isNotEmpty();

        // The run is kept with its model and offered in the analysis views' model list, by its name.
        TrainingRun run = context.runs().runs().get(0);
        assertThat(run.record().hasModel()).isTrue();
        ModelSession.Origin offered = context.session().choices().stream()
                .filter(o -> o.kind() == ModelSession.Kind.RUN).findFirst().orElseThrow();
        assertThat(offered.run()).isSameAs(run);
        assertThat(offered.label()).startsWith("run #1 fashion-bcnn \u00b7 SF on \u00b7 1 ep (");

        // Switching would lose the fusion of a.bfm, which is in no file: the user is asked; declining keeps it.
        assertThat(context.unsavedWork()).singleElement().asString().contains("fusion of fashion-bcnn")
                .contains("not saved");
        List<String> asked = new ArrayList<>();
        context.session().setConfirmDiscard(w -> asked.add(w) && false);
        context.session().choose(offered);
        assertThat(asked).hasSize(1);
        assertThat(context.session().model()).isSameAs(a);
        context.session().setConfirmDiscard(w -> true);
        context.session().choose(offered);
        assertThat(context.session().model()).isNotSameAs(a);
        assertThat(context.session().originProperty().get().run()).isSameAs(run);
        assertThat(context.session().sourceProperty().get()).startsWith("run #1");

        // A run's fusion is kept in the run's folder: nothing is lost by switching or quitting.
        context.batchShift().fuse();
        assertThat(context.session().fusionSavedProperty().get()).isTrue();
        assertThat(run.record().hasFusedModel()).isTrue();
        assertThat(context.unsavedWork()).isEmpty();
        assertThat(context.session().discardWarning()).isEmpty();
    }

    @Test
    void quittingWhileARunTrainsIsAskedAbout() {
        ManualTaskExecutor held = new ManualTaskExecutor();
        try (AppContext ctx = new AppContext(dir.resolve("s2"), held)) {
            held.runAll(); // engine preparation and the data sets
            ctx.training().maxTrainExamplesProperty().set(100);
            ctx.training().start();
            assertThat(ctx.unsavedWork()).singleElement().asString().contains("is still training");
        }
    }
}
