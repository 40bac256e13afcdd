package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Heavy work through the {@link FxTaskExecutor} must not stall the JavaFX thread: while a CPU-bound task
 * runs and floods its monitor with progress updates, no gap between two pulses exceeds 100 ms.
 */
@ExtendWith(ApplicationExtension.class)
class PulseWhileWorkingFxTest {
    private ProgressBar bar;

    @Start
    void start(Stage stage) {
        bar = new ProgressBar();
        stage.setScene(new Scene(new StackPane(bar), 300, 100));
        stage.show();
    }

    @Test
    void thePulseKeepsRunningWhileABackgroundTaskComputes(FxRobot robot) throws Exception {
        PulseWatch watch = new PulseWatch();
        CountDownLatch done = new CountDownLatch(1);
        try (FxTaskExecutor executor = new FxTaskExecutor()) {
            robot.interact(watch::start);
            Thread.sleep(200);
            robot.interact(() -> {
                TaskHandle h = executor.execute(BackgroundTask.of("hashing", m -> {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] block = new byte[4096];
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                    long n = 0;
                    while (System.nanoTime() < end) {
                        block = java.util.Arrays.copyOf(sha.digest(block), 4096);
                        m.progress((n++ % 1000) / 1000.0, "block " + n);
                        m.checkCancelled();
                    }
                    return n;
                }).onFinished(done::countDown));
                bar.progressProperty().bind(h.progressProperty());
            });
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
            robot.interact(watch::stop);
            double load = PulseWatch.loadPerCore();
            System.out.printf("pulse watch: %d pulses, longest gap %d ms, longest FX-thread work/blocking %d ms, "
                    + "load per core %.1f%n", watch.pulses(), watch.maxGapMillis(), watch.maxOwnStallMillis(), load);
            assertThat(watch.pulses()).as("pulses during the work").isGreaterThan(30);
            assertThat(watch.maxOwnStallMillis()).as("longest FX-thread work or blocking, ms").isLessThan(100);
            if (load < 1.5) {
                assertThat(watch.maxGapMillis()).as("longest gap between pulses, ms").isLessThan(100);
            }
        }
    }
}
