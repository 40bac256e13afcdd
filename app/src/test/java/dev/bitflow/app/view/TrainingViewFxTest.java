package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Button;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The Training view in the real window under headless Monocle: what Start allows and why not. */
class TrainingViewFxTest extends WorkbenchWindowTest {
    @Test
    void startIsDisabledWithTheReasonWhileTheDefinitionHasErrors(FxRobot robot) throws Exception {
        robot.interact(() -> {
            context.editor().selectedIndexProperty().set(0);
            assertThat(context.editor().editField("kernel", "51")).isNull();
        });
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS,
                () -> !context.training().dataChoices().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-start").queryAs(Button.class).isDisabled()).isTrue();
        Label why = robot.lookup("#training-start-problem").queryAs(Label.class);
        assertThat(why.isVisible()).isTrue();
        assertThat(why.getText()).contains("conv1").contains("Architecture view");

        robot.interact(() -> context.editor().undo());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-start").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(why.isVisible()).isFalse();
    }

    @Test
    void quitWhileARunTrainsAsksAndCancelKeepsTheWindowAndTheRun(FxRobot robot) throws Exception {
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !context.training().startProblemProperty().get()
                .startsWith("Looking"));
        robot.interact(() -> {
            context.training().maxTrainExamplesProperty().set(100);
            context.training().start();
        });
        assertThat(context.training().runningProperty().get()).isTrue();
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("Quitting now loses work").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .content").queryAs(Label.class).getText()).contains("is still training");
        robot.clickOn(robot.lookup(".dialog-pane .button").match(n -> n instanceof Button b && "Cancel".equals(b.getText()))
                .queryAs(Button.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-view").query().getScene().getWindow().isShowing()).isTrue();
        assertThat(context.training().runningProperty().get()).isTrue();
        robot.interact(() -> context.training().cancel());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !context.training().runningProperty().get());
    }
}
