package dev.bitflow.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@link FxTaskExecutor#heldUntilReleased()}: work given before {@link FxTaskExecutor#release()} shows as a running
 * task at once but does not start; at the release it all runs, and work given afterwards runs at once.
 */
@ExtendWith(ApplicationExtension.class)
class HeldTaskExecutorFxTest {
    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 100, 100));
        stage.show();
    }

    @Test
    void heldWorkWaitsForTheReleaseAndIsShownMeanwhile() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch finished = new CountDownLatch(3);
        try (FxTaskExecutor tasks = FxTaskExecutor.heldUntilReleased()) {
            TaskHandle first = WaitForAsyncUtils.asyncFx(() -> tasks.execute(task("first", ran, finished))).get();
            WaitForAsyncUtils.asyncFx(() -> tasks.execute(task("second", ran, finished))).get();
            Thread.sleep(500);
            assertThat(ran).as("nothing starts before the release").isEmpty();
            assertThat(first.runningProperty().get()).isTrue();
            assertThat(first.messageProperty().get()).isEqualTo("first");
            assertThat(tasks.currentTaskProperty().get()).isNotNull();

            WaitForAsyncUtils.asyncFx(tasks::release).get();
            WaitForAsyncUtils.asyncFx(tasks::release).get(); // a second release changes nothing
            WaitForAsyncUtils.asyncFx(() -> tasks.execute(task("after", ran, finished))).get();
            assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactlyInAnyOrder("first", "second", "after");
        }
    }

    private static BackgroundTask<Void> task(String name, List<String> ran, CountDownLatch finished) {
        return BackgroundTask.<Void>of(name, m -> {
            ran.add(name);
            return null;
        }).onFinished(finished::countDown);
    }
}
