package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.view.stepthrough.BitTilesCanvas;
import dev.bitflow.app.viewmodel.stepthrough.StepCard.Step;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The step-through in the real window: a model arrives, Next and the arrow keys walk through the steps. */
class StepThroughFxTest extends WorkbenchWindowTest {
    @Test
    void nextAndArrowKeysWalkThroughTheStepsOfOneBit(FxRobot robot) throws Exception {
        robot.clickOn("#nav-step-through");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#step-empty").query().isVisible()).isTrue();
        adoptRandomModel(robot, 21);
        var vm = context.stepThrough();
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null
                || !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#step-empty").query().isVisible()).isFalse();
        assertThat(robot.lookup("#step-title").queryAs(Label.class).getText()).isEqualTo("Input bits");
        assertThat(robot.lookup("#step-image-caption").queryAs(Label.class).getText()).startsWith("Test image 0\n");
        BitTilesCanvas inputBits = robot.lookup("#step-input-bits").queryAs(BitTilesCanvas.class);
        assertThat(inputBits.getHeight()).as("32 slices of 3x3 tiles").isGreaterThan(20);
        assertThat(robot.lookup("#step-previous").query().isDisabled()).isTrue();

        robot.clickOn("#step-next");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.WEIGHTS);
        assertThat(robot.lookup("#step-title").queryAs(Label.class).getText()).isEqualTo("Weight bits");

        robot.clickOn("#step-title");
        robot.type(KeyCode.RIGHT, 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.DOT_PRODUCT);
        assertThat(robot.lookup("#step-formula").queryAs(Label.class).getText())
                .contains("= " + vm.resultProperty().get().dotProduct());
        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.cardProperty().get().step()).isEqualTo(Step.POPCOUNT);
    }
}
