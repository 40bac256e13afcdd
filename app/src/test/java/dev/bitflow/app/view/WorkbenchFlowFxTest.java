package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.viewmodel.ModelSession;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.editor.NetworkProperties;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.engine.api.runs.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole flow in the real window: build a network from the palette, train it twice on a few hundred mini-set
 * images (SF on, then SF off), close the window's context and open a new one over the same settings and runs
 * workspace (a restart), and find both runs there with their settings, curves and models, side by side in the
 * comparison and on the charts, and one of them opened in the analysis views.
 */
class RunsAcrossRestartFxTest extends WorkbenchWindowTest {
    private static void waitFor(java.util.concurrent.Callable<Boolean> done) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.MINUTES, () -> WaitForAsyncUtils.asyncFx(done).get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void buildTrainTwiceRestartAndCompare(FxRobot robot) throws Exception {
        // Build: a new, empty definition, layers from the palette, a name.
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).isEmpty();
        for (String kind : List.of("conv-float", "maxpool", "batchnorm", "sign", "conv-binary", "maxpool", "batchnorm",
                "sign", "flatten", "dense-float", "softmax")) {
            robot.clickOn("#palette-" + kind);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().rows()).hasSize(11);
        robot.interact(() -> context.editor().selectedIndexProperty().set(-1));
        TextField name = robot.lookup("#field-" + NetworkProperties.NAME).queryAs(TextField.class);
        robot.doubleClickOn(name).eraseText(name.getText().length()).write("tiny-bcnn").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.editor().definition().name()).isEqualTo("tiny-bcnn");
        assertThat(context.editor().checkProperty().get().count(dev.bitflow.app.service.DefinitionCheck.Severity.ERROR))
                .isZero();

        // Train twice: SF on, then SF off.
        robot.clickOn("#nav-training");
        waitFor(() -> context.training().startProblemProperty().get().isEmpty());
        robot.interact(() -> {
            context.training().maxTrainExamplesProperty().set(200);
            context.training().batchSizeProperty().set(50);
        });
        robot.clickOn("#training-start");
        waitFor(() -> !context.training().runs().isEmpty() && !context.training().runningProperty().get());
        robot.clickOn("#training-sf");
        assertThat(context.training().scalingFactorProperty().get()).isFalse();
        robot.clickOn("#training-start");
        waitFor(() -> context.training().runs().size() == 2 && !context.training().runningProperty().get());
        assertThat(context.training().runs()).allSatisfy(r -> assertThat(r.record().status()).isEqualTo(RunStatus.FINISHED));
        Path workspace = context.runs().folder();
        waitFor(() -> context.training().runs().stream().allMatch(r -> r.record().hasModel()));
        try (Stream<Path> runs = Files.list(workspace)) {
            assertThat(runs.filter(d -> Files.isRegularFile(d.resolve("model.bfm"))
                    && Files.isRegularFile(d.resolve("run.json"))).count()).isEqualTo(2);
        }

        // Restart: a new context and window over the same settings and workspace.
        Path preferences = context.preferences().directory();
        robot.interact(() -> context.close());
        FxToolkit.setupStage(stage -> {
            context = new AppContext(preferences, new FxTaskExecutor());
            Workbench workbench = new Workbench(context, stage);
            stage.setScene(workbench.scene());
        });
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(() -> context.runs().loadedProperty().get());
        assertThat(context.runs().folder()).isEqualTo(workspace);
        List<TrainingRun> runs = List.copyOf(context.runs().runs());
        assertThat(runs).hasSize(2);
        assertThat(runs).extracting(TrainingRun::name).containsExactly("tiny-bcnn \u00b7 SF on \u00b7 1 ep",
                "tiny-bcnn \u00b7 SF off \u00b7 1 ep");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.statusText()).isEqualTo("finished");
            assertThat(r.record().definition().name()).isEqualTo("tiny-bcnn");
            assertThat(r.record().settings().trainingExamples()).isEqualTo(200);
            assertThat(r.batches()).isNotEmpty();
            assertThat(r.hasModel()).isTrue();
        });

        // Comparable: both rows selected, the comparison marks the SF row, the charts show both runs.
        robot.clickOn("#nav-training");
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        Node first = robot.lookup("#runs-table .table-row-cell").nth(0).query();
        Node second = robot.lookup("#runs-table .table-row-cell").nth(1).query();
        robot.clickOn(first);
        robot.press(KeyCode.CONTROL).clickOn(second, MouseButton.PRIMARY).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.getSelectionModel().getSelectedItems()).hasSize(2);
        assertThat(context.runs().charted()).hasSize(2);
        assertThat(robot.lookup("#training-legend").queryAs(javafx.scene.Parent.class).getChildrenUnmodifiable())
                .extracting(n -> ((Labeled) n).getText()).contains("#1 tiny-bcnn \u00b7 SF on \u00b7 1 ep",
                        "#2 tiny-bcnn \u00b7 SF off \u00b7 1 ep");
        robot.clickOn("Compare");
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> comparison = robot.lookup("#runs-comparison").queryAs(TableView.class);
        assertThat(comparison.getColumns()).hasSize(3);
        var rows = context.runs().compare(List.of(runs.get(0), runs.get(1))).rows();
        assertThat(rows).filteredOn(r -> r.attribute().equals("Scaling factor")).singleElement()
                .satisfies(r -> {
                    assertThat(r.values()).containsExactly("on", "off");
                    assertThat(r.differs()).isTrue();
                });
        assertThat(comparison.getItems()).hasSize(rows.size());

        // Either run's model opens in the analysis views, named in the model bar.
        robot.clickOn("Runs (2)");
        robot.clickOn(second);
        robot.clickOn("#runs-analyse");
        waitFor(() -> context.session().model() != null && !context.session().loadingProperty().get());
        assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.BATCHSHIFT);
        assertThat(context.session().originProperty().get().kind()).isEqualTo(ModelSession.Kind.RUN);
        assertThat(context.session().originProperty().get().run().name()).isEqualTo("tiny-bcnn \u00b7 SF off \u00b7 1 ep");
        assertThat(context.session().model().definition().name()).isEqualTo("tiny-bcnn");
    }
}
