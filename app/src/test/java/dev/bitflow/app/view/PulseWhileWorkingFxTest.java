package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
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
        AtomicLong last = new AtomicLong();
        AtomicLong maxGap = new AtomicLong();
        AtomicLong pulses = new AtomicLong();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                long prev = last.getAndSet(t);
                if (prev != 0) {
                    maxGap.accumulateAndGet(t - prev, Math::max);
                }
                pulses.incrementAndGet();
            }
        };
        CountDownLatch done = new CountDownLatch(1);
        try (FxTaskExecutor executor = new FxTaskExecutor()) {
            robot.interact(timer::start);
            Thread.sleep(200);
            maxGap.set(0);
            long pulsesBefore = pulses.get();
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
            robot.interact(timer::stop);
            System.out.printf("pulse watch: %d pulses, longest gap %d ms%n", pulses.get() - pulsesBefore,
                    TimeUnit.NANOSECONDS.toMillis(maxGap.get()));
            assertThat(pulses.get() - pulsesBefore).as("pulses during the work").isGreaterThan(30);
            assertThat(TimeUnit.NANOSECONDS.toMillis(maxGap.get())).as("longest gap between pulses, ms").isLessThan(100);
        }
    }
}
