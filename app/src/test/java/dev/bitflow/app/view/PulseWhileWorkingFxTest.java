package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.service.TaskHandle;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
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
 * Heavy work through the {@link FxTaskExecutor} runs on a worker thread and never holds up the JavaFX thread,
 * even while it floods its monitor with progress updates. The check is causal, not timed: the work itself
 * keeps computing and reporting until the JavaFX thread has drawn 30 pulses since the work began. Were the
 * work on the JavaFX thread, or did its progress flood the JavaFX queue, those pulses would never come and the
 * work would give up (after a minute, a hang guard, not a speed bound).
 */
@ExtendWith(ApplicationExtension.class)
class PulseWhileWorkingFxTest {
    private static final int PULSES_WHILE_WORKING = 30;
    private ProgressBar bar;

    @Start
    void start(Stage stage) {
        bar = new ProgressBar();
        stage.setScene(new Scene(new StackPane(bar), 300, 100));
        stage.show();
    }

    @Test
    void theJavaFxThreadKeepsDrawingWhileABackgroundTaskComputes(FxRobot robot) throws Exception {
        PulseWatch watch = new PulseWatch();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicReference<TaskHandle> handle = new AtomicReference<>();
        try (FxTaskExecutor executor = new FxTaskExecutor()) {
            robot.interact(watch::start);
            robot.interact(() -> {
                TaskHandle h = executor.execute(BackgroundTask.of("hashing", m -> {
                    worker.set(Thread.currentThread());
                    long pulsesAtStart = watch.pulses();
                    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    byte[] block = new byte[4096];
                    long n = 0;
                    while (watch.pulses() - pulsesAtStart < PULSES_WHILE_WORKING) {
                        if (System.nanoTime() > giveUp) {
                            throw new IllegalStateException("the JavaFX thread drew " + (watch.pulses() - pulsesAtStart)
                                    + " pulses in a minute of background work");
                        }
                        block = java.util.Arrays.copyOf(sha.digest(block), 4096);
                        m.progress((n++ % 1000) / 1000.0, "block " + n);
                        m.checkCancelled();
                    }
                    m.progress(1, "done after " + n + " blocks");
                    return n;
                }).onFinished(done::countDown));
                bar.progressProperty().bind(h.progressProperty());
                handle.set(h);
            });
            assertThat(done.await(2, TimeUnit.MINUTES)).as("the work ended").isTrue();
            robot.interact(watch::stop);
            System.out.printf("pulse watch: %d pulses, longest gap %d ms, longest FX-thread work/blocking %d ms%n",
                    watch.pulses(), watch.maxGapMillis(), watch.maxOwnStallMillis());

            assertThat(worker.get()).as("the thread that ran the work").isNotNull();
            assertThat(worker.get().getName()).startsWith("bitflow-task-");
            assertThat(handle.get().outcome()).as("the work saw its pulses and returned").isEqualTo(TaskHandle.Outcome.SUCCEEDED);
            // The last progress update reached the bar through the coalescing monitor.
            robot.interact(() -> {
                assertThat(Platform.isFxApplicationThread()).isTrue();
                assertThat(bar.getProgress()).isEqualTo(1.0);
                assertThat(handle.get().messageProperty().get()).startsWith("done after ");
            });
        }
    }

    /** The stack sampler {@code MainFlowFxTest} relies on does see work done on the JavaFX thread. */
    @Test
    void theStackSamplerCatchesWorkOnTheJavaFxThread(FxRobot robot) throws Exception {
        try (WorkThreadSampler sampler = new WorkThreadSampler(FxThreadWork.class.getName())) {
            robot.interact(() -> FxThreadWork.spinUntilSeen(sampler));
            assertThat(sampler.fxThreadInWork()).isNotEmpty()
                    .allSatisfy(stack -> assertThat(stack).contains("spinUntilSeen"));
            assertThat(sampler.threadsInWork()).containsExactly("JavaFX Application Thread");
        }
    }

    /** Work the FX thread must never do, done on it on purpose. */
    static final class FxThreadWork {
        static void spinUntilSeen(WorkThreadSampler sampler) {
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (sampler.fxThreadInWork().isEmpty() && System.nanoTime() < giveUp) {
                Thread.onSpinWait();
            }
        }
    }
}
