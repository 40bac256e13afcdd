package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.viewmodel.WorkbenchPage;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The navigation's keys and what the window says about a training run, whichever page is shown. */
class StatusAndNavigationFxTest extends WorkbenchWindowTest {
    @Test
    void arrowKeysInTheNavigationChangeThePage(FxRobot robot) {
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().pageProperty().get()).isEqualTo(WorkbenchPage.SF_BN);
        assertThat(robot.lookup("#nav-sf-bn").query().isFocused()).isTrue();
        robot.type(KeyCode.UP).type(KeyCode.UP).type(KeyCode.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.main().pageProperty().get()).as("stops at the first page").isEqualTo(WorkbenchPage.EDITOR);
        assertThat(robot.lookup("#network-list").tryQuery()).isPresent();
    }

    @Test
    void aRunStaysVisibleOnOtherPagesShowsItsPauseAndEscCancelsItPromptly(FxRobot robot) throws Exception {
        robot.clickOn("#nav-training");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !context.training().startProblemProperty().get()
                .startsWith("Looking"));
        robot.interact(() -> {
            context.training().epochsProperty().set(20);
            context.training().maxTrainExamplesProperty().set(200);
            context.training().batchSizeProperty().set(20);
        });
        robot.clickOn("#training-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !context.training().runs().isEmpty()
                && !context.training().runs().get(0).batches().isEmpty());

        // Other pages start and end their own work; the run stays in the navigation and the status bar.
        for (String page : new String[] {"#nav-inspector", "#nav-batchshift", "#nav-step-through", "#nav-sf-bn"}) {
            robot.clickOn(page);
            WaitForAsyncUtils.waitForFxEvents();
        }
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        Label activity = robot.lookup("#nav-training-activity").queryAs(Label.class);
        assertThat(activity.isVisible()).isTrue();
        assertThat(activity.getText()).endsWith("%");
        assertThat(robot.lookup("#task-progress").query().getParent().isVisible()).isTrue();

        robot.clickOn("#nav-training");
        robot.clickOn("#training-pause");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#training-paused").query().isVisible()).isTrue();
        assertThat(activity.getText()).isEqualTo("paused");
        assertThat(context.training().runs().get(0).statusText()).isEqualTo("paused");
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).startsWith("Training paused");

        // Esc cancels, even while paused, and the status line says when it has stopped.
        robot.type(KeyCode.ESCAPE);
        long start = System.nanoTime();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !context.training().runningProperty().get());
        System.out.printf("cancel took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(context.training().runs().get(0).statusText()).isEqualTo("cancelled");
        assertThat(robot.lookup("#status-message").queryAs(Label.class).getText()).contains("cancelled");
        assertThat(activity.isVisible()).isFalse();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> context.main().currentTaskProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        Node task = robot.lookup("#task-progress").query();
        assertThat(task.getParent().isVisible()).isFalse();
    }
}
