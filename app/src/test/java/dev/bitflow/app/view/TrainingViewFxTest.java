package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
}
