package dev.bitflow.app.view;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.viewmodel.editor.LayerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The workbench in a JVM of its own (headless Monocle), for {@link CrashRecoveryFxTest}: opens the window on the
 * settings folder given as the first argument, adds a dropout layer at the end as a user would, waits until the
 * autosave has written it, prints {@code READY} and then waits to be killed.
 */
public final class UnsavedEditsMain {
    private UnsavedEditsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path settings = Path.of(args[0]);
        Platform.startup(() -> {
            AppContext context = new AppContext(settings, new FxTaskExecutor());
            Stage stage = new Stage();
            Workbench workbench = new Workbench(context, stage);
            stage.setScene(workbench.scene());
            stage.show();
            context.editor().addLayer(LayerKind.DROPOUT, -1);
        });
        Path autosaved = settings.resolve("autosave").resolve("unsaved.bitflow.json");
        for (int i = 0; i < 1200 && !(Files.isRegularFile(autosaved) && Files.readString(autosaved).contains("dropout")); i++) {
            Thread.sleep(100);
        }
        System.out.println(Files.isRegularFile(autosaved) ? "READY" : "NO AUTOSAVE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
