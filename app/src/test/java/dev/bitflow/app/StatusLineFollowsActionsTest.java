package dev.bitflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.ManualTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.engine.api.training.TrainedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's status line (without the FX toolkit, work held until the test lets it run): each long action says
 * when it starts and how it ended, and a new action replaces what the previous one said. Two training runs on a
 * few mini-set images, then an evaluation. What the workbench loads by itself at start (the bundled model) is not
 * an action of the user and leaves the line alone.
 */
class StatusLineFollowsActionsTest {
    @TempDir
    Path dir;
    private AppContext context;
    private ManualTaskExecutor tasks;

    @BeforeEach
    void open() {
        tasks = new ManualTaskExecutor();
        context = new AppContext(dir.resolve("settings"), tasks);
        tasks.runAll(); // the engine's warm-up, the data sets, the runs list
    }

    @AfterEach
    void close() {
        context.close();
    }

    private String status() {
        return context.main().statusProperty().get();
    }

    @Test
    void theModelLoadedAtStartLeavesTheStatusLineAtReadyAndChoosingItLaterIsAnAction() throws Exception {
        context.loadStartModel(null);
        tasks.runAll();
        assertThat(context.session().model()).as("the bundled model is open").isNotNull();
        assertThat(context.session().originProperty().get().kind()).isEqualTo(ModelSession.Kind.BUNDLED);
        assertThat(status()).isEqualTo("Ready");

        // The same model chosen by the user later is an action the line follows.
        Path file = RandomModelFiles.write(dir.resolve("a.bfm"), context.engine().definitions().sample("fashion-bcnn"),
                3);
        context.session().open(file);
        assertThat(status()).isEqualTo("Opening a.bfm\u2026");
        tasks.runAll();
        context.session().choose(context.session().choices().get(0));
        assertThat(status()).isEqualTo("Loading the pretrained fashion-bcnn\u2026");
        tasks.runAll();
        assertThat(context.session().originProperty().get().kind()).isEqualTo(ModelSession.Kind.BUNDLED);
    }

    @Test
    void aModelFileNamedAtStartLeavesTheStatusLineAtReady() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("start.bfm"),
                context.engine().definitions().sample("fashion-bcnn"), 4);
        context.loadStartModel(file);
        tasks.runAll();
        assertThat(context.session().file()).isEqualTo(file);
        assertThat(status()).isEqualTo("Ready");
    }

    @Test
    void aSecondRunAndAnEvaluationReplaceTheFirstRunsMessage() throws Exception {
        Path file = RandomModelFiles.write(dir.resolve("a.bfm"), context.engine().definitions().sample("fashion-bcnn"), 3);
        TrainedModel a = context.engine().training().load(file);
        context.session().adopt(a, "a.bfm");
        tasks.runAll();
        context.training().epochsProperty().set(1);
        context.training().maxTrainExamplesProperty().set(100);
        context.training().batchSizeProperty().set(50);

        context.training().start();
        assertThat(status()).startsWith("Training fashion-bcnn");
        tasks.runAll();
        assertThat(status()).startsWith("Run #1 finished");

        context.training().start();
        assertThat(status()).as("run #2 trains: run #1's message is gone").startsWith("Training fashion-bcnn")
                .doesNotContain("Run #1");
        tasks.runAll();
        assertThat(status()).startsWith("Run #2 finished");

        context.accuracy().evaluate();
        assertThat(status()).startsWith("Evaluating fashion-bcnn on the embedded mini test set");
        tasks.runAll();
        var result = context.accuracy().resultProperty().get();
        assertThat(result).isNotNull();
        assertThat(status()).isEqualTo(String.format(java.util.Locale.ROOT,
                "Evaluated fashion-bcnn: %.2f%% correct on %,d test images of %s", 100 * result.accuracy(),
                result.examples(), result.dataset()));

        // A cancelled action says so, and a later one replaces that too.
        context.accuracy().evaluate();
        context.accuracy().cancel();
        tasks.runAll();
        assertThat(status()).isEqualTo("Evaluation of fashion-bcnn cancelled");
    }
}
