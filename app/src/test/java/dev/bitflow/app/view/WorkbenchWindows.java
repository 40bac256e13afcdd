package dev.bitflow.app.view;

import dev.bitflow.app.AppContext;
import dev.bitflow.app.service.FxTaskExecutor;
import java.io.IOException;
import java.nio.file.Files;
import javafx.stage.Stage;

/** Test fixture: the real workbench window, 1280x800, on a fresh context with its own preferences folder. */
final class WorkbenchWindows {
    private WorkbenchWindows() {
    }

    /** Shows the workbench on {@code stage} and returns its context (close it after the test). */
    static AppContext open(Stage stage) throws IOException {
        AppContext context = new AppContext(Files.createTempDirectory("bitflow-fx"), new FxTaskExecutor());
        Workbench workbench = new Workbench(context, stage);
        stage.setScene(workbench.scene());
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        return context;
    }
}
