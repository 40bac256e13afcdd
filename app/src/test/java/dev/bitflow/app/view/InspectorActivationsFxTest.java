package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.view.inspector.ActivationTilesCanvas;
import dev.bitflow.app.view.inspector.RateHeatMapCanvas;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector's Activations tab in the real window: empty state, a model arrives, tiles and heat map appear. */
class InspectorActivationsFxTest extends WorkbenchWindowTest {
    @Test
    void activationsTabShowsTilesAndTheRateHeatMap(FxRobot robot) throws Exception {
        robot.clickOn("#nav-inspector");
        robot.clickOn("Activations");
        WaitForAsyncUtils.waitForFxEvents();
        var vm = context.activations();
        assertThat(vm.selectedProperty().get()).isTrue();
        assertThat(robot.lookup("#activations-empty").query().isVisible()).isTrue();
        robot.interact(() -> vm.rateExamplesProperty().set(30));
        adoptRandomModel(robot, 21);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.ratesProperty().get() != null
                && vm.traceProperty().get() != null || !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#activations-empty").query().isVisible()).isFalse();
        assertThat(robot.lookup("#activations-image-caption").queryAs(Label.class).getText())
                .startsWith("Test image 0: ");
        ActivationTilesCanvas sign1 = robot.lookup("#activation-tiles-sign1").queryAs(ActivationTilesCanvas.class);
        assertThat(sign1.getHeight()).as("32 tiles of 14x14").isGreaterThan(40);
        assertThat(robot.lookup("#activation-tiles-sign4").tryQuery()).isPresent();
        assertThat(robot.lookup("#activation-dead-summary").queryAs(Label.class).getText())
                .contains("dead (constant)", "30 test images");

        RateHeatMapCanvas heat = robot.lookup("#activation-rate-heatmap").queryAs(RateHeatMapCanvas.class);
        Point2D cell = heat.localToScreen(RateHeatMapCanvas.LABEL_WIDTH_FOR_TESTS + 3, 12);
        robot.moveTo(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heat.hoveredProperty().get()).matches("sign1 channel [0-9]+: \\+1 rate .*");

        @SuppressWarnings("unchecked")
        Spinner<Integer> example = robot.lookup("#activations-example").queryAs(Spinner.class);
        robot.interact(() -> example.getValueFactory().setValue(7));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.traceProperty().get() != null
                && vm.traceProperty().get().image().index() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#activations-image-caption").queryAs(Label.class).getText())
                .startsWith("Test image 7: ");
    }
}
