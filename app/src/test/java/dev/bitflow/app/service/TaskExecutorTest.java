package dev.bitflow.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.engine.api.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {
    private final SameThreadTaskExecutor executor = new SameThreadTaskExecutor();

    @Test
    void successRunsCallbacksAndReportsProgress() {
        List<String> events = new ArrayList<>();
        TaskHandle h = executor.execute(BackgroundTask.of("sum", m -> {
                    m.progress(0.5, "half way");
                    assertThat(executor.currentTaskProperty().get()).isNotNull();
                    return 42;
                })
                .onSuccess(r -> events.add("success " + r))
                .onFailure(e -> events.add("failure"))
                .onFinished(() -> events.add("finished")));
        assertThat(events).containsExactly("success 42", "finished");
        assertThat(h.progressProperty().get()).isEqualTo(0.5);
        assertThat(h.messageProperty().get()).isEqualTo("half way");
        assertThat(h.runningProperty().get()).isFalse();
        assertThat(executor.currentTaskProperty().get()).isNull();
    }

    @Test
    void failureReachesTheFailureHandlerWithTheEngineMessage() {
        List<String> events = new ArrayList<>();
        executor.execute(BackgroundTask.<Integer>of("load", m -> {
                    throw new BadInputException("model.bfm: not a BitFlow model");
                })
                .onSuccess(r -> events.add("success"))
                .onFailure(e -> events.add("failure " + e.getMessage()))
                .onFinished(() -> events.add("finished")));
        assertThat(events).containsExactly("failure model.bfm: not a BitFlow model", "finished");
    }

    @Test
    void cancelledWorkEndsInTheCancelledHandlerNotTheFailureHandler() {
        List<String> events = new ArrayList<>();
        executor.execute(BackgroundTask.<Integer>of("train", m -> {
                    ((TaskHandle) m).cancel();
                    for (int i = 0; i < 10; i++) {
                        m.checkCancelled();
                        events.add("step " + i);
                    }
                    return 1;
                })
                .onSuccess(r -> events.add("success"))
                .onFailure(e -> events.add("failure"))
                .onCancelled(() -> events.add("cancelled")));
        assertThat(events).containsExactly("cancelled");
    }

    @Test
    void progressAboveOneIsClampedAndBlankMessagesKeepTheLastOne() {
        TaskHandle h = executor.execute(BackgroundTask.of("x", m -> {
            m.progress(0.2, "reading");
            m.progress(1.7, " ");
            return null;
        }));
        assertThat(h.progressProperty().get()).isEqualTo(1.0);
        assertThat(h.messageProperty().get()).isEqualTo("reading");
    }

    @Test
    void whenANewerTaskEndsTheStatusBarFollowsTheOlderOneStillRunning() {
        ManualTaskExecutor held = new ManualTaskExecutor();
        TaskHandle training = held.execute(BackgroundTask.of("Training", m -> 1));
        // Visiting another view starts a short task; it ends first.
        TaskHandle counting = held.execute(BackgroundTask.of("Counting", m -> 2));
        assertThat(held.currentTaskProperty().get()).isSameAs(counting);
        held.runOne(1);
        assertThat(held.currentTaskProperty().get()).as("the training still runs").isSameAs(training);
        held.runAll();
        assertThat(held.currentTaskProperty().get()).isNull();
    }
}
