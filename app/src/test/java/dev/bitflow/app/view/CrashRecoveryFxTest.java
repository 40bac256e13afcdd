package dev.bitflow.app.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.engine.api.definition.LayerSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Crash recovery for real: a workbench in a child JVM gets an unsaved edit and is killed (SIGKILL, no shutdown
 * hooks); the next workbench on the same settings folder offers the edit back, and recovering it restores it.
 */
@ExtendWith(ApplicationExtension.class)
class CrashRecoveryFxTest {
    static {
        System.setProperty("testfx.setup.timeout", "120000");
    }

    @TempDir
    Path scratch;

    private AppContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void editsOfAKilledWorkbenchAreOfferedBackAtTheNextStart(FxRobot robot) throws Exception {
        Path settings = Files.createDirectories(scratch.resolve("settings"));
        killWorkbenchWithUnsavedEdit(settings);
        Path autosaved = settings.resolve("autosave").resolve("unsaved.bitflow.json");
        assertThat(autosaved).exists();

        Workbench[] workbench = new Workbench[1];
        FxToolkit.setupStage(stage -> {
            context = new AppContext(settings, new FxTaskExecutor());
            workbench[0] = new Workbench(context, stage);
            stage.setScene(workbench[0].scene());
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        // A user takes a moment to read the window; whatever the start-up does in the background has run by then.
        Thread.sleep(2000);
        assertThat(autosaved).as("the autosave of the killed session is kept until the user decides").exists();

        Platform.runLater(() -> workbench[0].actions().offerRecovery(context.autosave().pending()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".button").queryAll().stream()
                .anyMatch(b -> b instanceof Button button && "Recover".equals(button.getText())
                        && button.getScene().getWindow().isShowing() && button.getWidth() > 0));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup(".button").queryAll().stream()
                .filter(b -> b instanceof Button button && "Recover".equals(button.getText())).findFirst().orElseThrow());
        WaitForAsyncUtils.waitForFxEvents();
        List<LayerSpec> layers = context.editor().definition().layers();
        assertThat(layers.get(layers.size() - 1).type()).isEqualTo("dropout");
        assertThat(context.editor().isDirty()).isTrue();
        assertThat(context.editor().titleProperty().get()).contains("modified");
    }

    /** Runs {@link UnsavedEditsMain} in a child JVM, waits for its autosave, then kills it with SIGKILL. */
    private static void killWorkbenchWithUnsavedEdit(Path settings) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String p : List.of("glass.platform", "monocle.platform", "prism.order", "prism.text", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UnsavedEditsMain.class.getName(),
                settings.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            String line;
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                seen.append(line).append('\n');
                if (line.equals("READY")) {
                    break;
                }
            }
            assertThat(seen.toString()).as("output of the child workbench").contains("READY");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }
}
