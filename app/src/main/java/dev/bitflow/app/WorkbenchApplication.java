package dev.bitflow.app;

import dev.bitflow.app.service.AppPreferences;
import dev.bitflow.app.service.CrashLog;
import dev.bitflow.app.service.FxTaskExecutor;
import dev.bitflow.app.service.UserFolders;
import dev.bitflow.app.view.ScreenshotRenderer;
import dev.bitflow.app.view.Workbench;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The workbench window. Parameters (after {@code ./bitflow gui}): {@code --screenshots DIR} renders every
 * view in the light and the dark theme to PNG files in DIR and exits; {@code --settings DIR} uses another
 * settings folder than {@code ~/.bitflow}; {@code --workspace DIR} keeps the training runs in DIR instead of the
 * user's data folder ({@code ~/.local/share/bitflow/runs} on Linux); {@code --model FILE.bfm} opens that trained
 * model instead of the bundled pretrained one; with {@code --screenshots}, {@code --no-training} skips the short real training run
 * (and fusion, verification, SF report, step-through) that gives every view content.
 */
public final class WorkbenchApplication extends Application {
    private AppContext context;

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        Path screenshots = option(args, "--screenshots");
        Path settings = option(args, "--settings");
        if (settings == null) {
            settings = screenshots != null ? screenshots.resolve(".settings") : AppPreferences.defaultDirectory();
        }
        Path workspace = option(args, "--workspace");
        if (workspace == null && screenshots != null) {
            workspace = screenshots.resolve(".settings").resolve("runs");
        }
        // What the ViewModels start while the window is built (the numeric backend, data set headers, the bundled
        // model, the runs list) waits until the window has drawn its first frame; meanwhile it shows as loading.
        FxTaskExecutor tasks = FxTaskExecutor.heldUntilReleased();
        context = new AppContext(settings, workspace, tasks);
        context.loadStartModel(option(args, "--model"));
        Workbench workbench = new Workbench(context, stage);
        installCrashHandler(workbench, new CrashLog(UserFolders.ofThisUser().logs(), BuildInfo.version()));
        stage.setTitle("BitFlow Workbench");
        stage.setScene(workbench.scene());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.titleProperty().bind(context.editor().titleProperty().concat(" \u2014 BitFlow Workbench"));
        workbench.setAskBeforeClosing(screenshots == null);
        stage.show();
        releaseAfterFirstFrame(tasks);
        if (screenshots != null) {
            ScreenshotRenderer.renderAllAndExit(workbench, screenshots, !args.contains("--no-training"));
            return;
        }
        workbench.actions().offerRecovery(context.autosave().pending());
    }

    /**
     * Starts the held background work on the second pulse after the window was shown: its first frame is drawn.
     * With {@code -Dbitflow.firstFrameFile=FILE} (benchmarks/start_time.sh) the wall-clock time of that moment, in
     * milliseconds since the epoch, is written to FILE, off the FX thread.
     */
    private static void releaseAfterFirstFrame(FxTaskExecutor tasks) {
        String firstFrameFile = System.getProperty("bitflow.firstFrameFile");
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                if (++pulses == 2) {
                    stop();
                    long drawnAt = System.currentTimeMillis();
                    tasks.release();
                    if (firstFrameFile != null) {
                        Thread writer = new Thread(() -> writeFirstFrameTime(Path.of(firstFrameFile), drawnAt),
                                "first-frame-time");
                        writer.setDaemon(true);
                        writer.start();
                    }
                }
            }
        }.start();
    }

    private static void writeFirstFrameTime(Path file, long drawnAt) {
        try {
            AtomicFiles.writeString(file, drawnAt + "\n");
        } catch (IOException e) {
            System.err.println("bitflow: cannot write the first-frame time to " + file + ": " + e.getMessage());
        }
    }

    /**
     * Uncaught exceptions become an error report in the user's log folder and a dialog naming it, instead of a
     * dead window or a stack trace (one dialog at a time).
     */
    private static void installCrashHandler(Workbench workbench, CrashLog crashLog) {
        AtomicBoolean showing = new AtomicBoolean();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            Optional<Path> report = crashLog.write(e, "the workbench window, thread " + thread.getName());
            Runnable show = () -> {
                if (showing.compareAndSet(false, true)) {
                    try {
                        workbench.dialogs().unexpected(e, report);
                    } finally {
                        showing.set(false);
                    }
                }
            };
            if (Platform.isFxApplicationThread()) {
                show.run();
            } else {
                Platform.runLater(show);
            }
        });
    }

    @Override
    public void stop() {
        if (context != null) {
            context.close();
        }
    }

    private static Path option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a folder");
        }
        return Path.of(args.get(i + 1));
    }
}
