package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.view.accuracy.ConfusionMatrixCanvas;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Accuracy view in the real window under headless Monocle: evaluate, per-class table, confusion matrix. */
class AccuracyFxTest extends WorkbenchWindowTest {
    @Test
    void evaluateFillsThePerClassTableAndTheMatrixNamesTheHoveredCell(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT7).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.ACCURACY);
        assertThat(robot.lookup("#accuracy-empty").query().isVisible()).isTrue();
        adoptRandomModel(robot, 3);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#accuracy-evaluate");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> context.accuracy().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#accuracy-classes").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(10);
        assertThat(robot.lookup("#accuracy-value").queryAs(Label.class).getText()).endsWith("%");
        ConfusionMatrixCanvas matrix = robot.lookup("#accuracy-matrix").queryAs(ConfusionMatrixCanvas.class);
        Point2D cell = matrix.localToScreen(118 + 5, 96 + 5);
        robot.moveTo(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#accuracy-hover").queryAs(Label.class).getText()).startsWith("T-shirt/top: ")
                .contains("of 100 test images correct");
    }
}
