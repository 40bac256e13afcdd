package dev.bitflow.app.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.BackgroundTask;
import dev.bitflow.app.service.ManualTaskExecutor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's state without the FX toolkit: the status line after a cancel. */
class MainViewModelTest {
    @TempDir
    Path dir;

    @Test
    void theStatusLineSaysWhenACancelledTaskHasStopped() {
        ManualTaskExecutor held = new ManualTaskExecutor();
        MainViewModel main = new MainViewModel(new AppPreferences(dir), held);
        held.execute(BackgroundTask.of("Training fashion-bcnn", m -> {
            m.checkCancelled();
            return 1;
        }));
        main.cancelCurrentTask();
        assertThat(main.statusProperty().get()).isEqualTo("Cancelling Training fashion-bcnn...");
        held.runAll();
        assertThat(main.statusProperty().get()).isEqualTo("Cancelled: Training fashion-bcnn");
    }
}
