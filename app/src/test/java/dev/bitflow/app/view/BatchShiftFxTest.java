package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.view.batchshift.MismatchHeatMapCanvas;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel.Phase;
import dev.bitflow.app.viewmodel.batchshift.ShiftRow;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The BatchShift view in the real window: empty state, then Fuse and Verify clicked, table and heat map shown. */
class BatchShiftFxTest extends WorkbenchWindowTest {
    @Test
    @SuppressWarnings("unchecked")
    void fuseThenVerifyShowsTheShiftsAndTheHeatMap(FxRobot robot) throws Exception {
        robot.clickOn("#nav-batchshift");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !context.session().loadingProperty().get());
        assertThat(context.session().model()).as("a test window starts without a model").isNull();
        assertThat(robot.lookup("#batchshift-empty").query().isVisible()).isTrue();
        assertThat(robot.lookup("#batchshift-fuse").query().isDisabled()).isTrue();
        adoptRandomModel(robot, 11);
        robot.interact(() -> context.batchShift().limitProperty().set(16));
        assertThat(robot.lookup("#batchshift-empty").query().isVisible()).isFalse();
        assertThat(robot.lookup("#batchshift-not-fused").query().isVisible()).isTrue();

        robot.clickOn("#batchshift-fuse");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> context.batchShift().phaseProperty().get() == Phase.FUSED);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ShiftRow> table = robot.lookup("#batchshift-table").queryAs(TableView.class);
        assertThat(table.isVisible()).isTrue();
        assertThat(table.getItems()).extracting(ShiftRow::layer).containsExactly("conv1", "conv2", "conv3", "fc1", "fc2");

        robot.clickOn("#batchshift-verify");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> context.batchShift().reportProperty().get() != null
                || !context.batchShift().errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.batchShift().errorProperty().get()).isEmpty();
        Label verdict = robot.lookup("#batchshift-verdict").queryAs(Label.class);
        var report = context.batchShift().reportProperty().get();
        assertThat(report.verdict()).isNotEqualTo(dev.bitflow.engine.api.fusion.Verdict.DIFFERENT);
        assertThat(verdict.getText()).startsWith("Equal").isEqualTo(report.verdictSentence());
        assertThat(verdict.getStyleClass())
                .contains(report.verdict() == dev.bitflow.engine.api.fusion.Verdict.EQUAL ? "success" : "warning");
        assertThat(robot.lookup("#batchshift-agreement").queryAs(Label.class).getText())
                .startsWith("Predictions agree on 16 of 16 images");
        MismatchHeatMapCanvas heat = robot.lookup("#batchshift-heatmap").queryAs(MismatchHeatMapCanvas.class);
        assertThat(heat.isVisible()).isTrue();
        assertThat(heat.getHeight()).isGreaterThan(4 * 20);
        // Hovering the first cell of conv2 names it.
        var bounds = heat.localToScreen(heat.getBoundsInLocal());
        robot.moveTo(new javafx.geometry.Point2D(bounds.getMinX() + 96 + 2, bounds.getMinY() + 8 + 28 + 10));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#batchshift-cell").queryAs(Label.class).getText()).startsWith("conv2, channel 0:");
    }
}
