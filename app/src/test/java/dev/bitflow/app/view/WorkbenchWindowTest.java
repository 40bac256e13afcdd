package dev.bitflow.app.view;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.cli.RandomModelFiles;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.engine.api.training.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Base of the TestFX tests that drive the real workbench window, 1280x800, on a fresh {@link AppContext} with its
 * own preferences folder ({@link #context}), closed after each test.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WorkbenchWindowTest {
    static {
        // The window's setup (engine, plugins, theme) can take long on a loaded machine.
        System.setProperty("testfx.setup.timeout", "120000");
    }

    protected AppContext context;
    protected Workbench workbench;

    /** Preferences and model files of one test; deleted after it. */
    @TempDir
    Path scratch;

    /**
     * Opens the window on TestFX's primary stage. (A {@code @Start} method would not do: TestFX looks for it
     * only among the test class's own methods, not its superclass's.)
     */
    @BeforeEach
    void openWindow() throws Exception {
        Path preferences = Files.createDirectories(scratch.resolve("preferences"));
        FxToolkit.setupStage(stage -> {
            context = new AppContext(preferences, new FxTaskExecutor());
            workbench = new Workbench(context, stage);
            stage.setScene(workbench.scene());
            stage.setWidth(1280);
            stage.setHeight(800);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    /** Writes a random-parameter {@code fashion-bcnn} model and makes it the session's model, as opening it would. */
    protected void adoptRandomModel(FxRobot robot, long seed) throws IOException {
        Path file = RandomModelFiles.write(scratch.resolve("m" + seed + ".bfm"),
                context.engine().definitions().sample("fashion-bcnn"), seed);
        TrainedModel m = context.engine().training().load(file);
        robot.interact(() -> context.session().adopt(m, "m.bfm"));
    }

    /**
     * Asks for {@code node}'s context menu as a right click does on a desktop (headless Monocle sends no context-menu
     * request for a right click, so the test sends the request the platform would).
     */
    protected static void contextMenu(FxRobot robot, javafx.scene.Node node) {
        robot.moveTo(node);
        robot.interact(() -> {
            var b = node.localToScreen(node.getBoundsInLocal());
            javafx.event.Event.fireEvent(node, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, node.getBoundsInLocal().getWidth() / 2,
                    node.getBoundsInLocal().getHeight() / 2, b.getCenterX(), b.getCenterY(), false, null));
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
