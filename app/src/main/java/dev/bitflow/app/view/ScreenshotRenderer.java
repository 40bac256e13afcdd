package dev.bitflow.app.view;

import dev.bitflow.app.cli.BitflowCli;
import dev.bitflow.app.service.CrashLog;
import dev.bitflow.app.service.SaveGuard;
import dev.bitflow.app.service.UserFolders;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.engine.api.BadInputException;
import dev.bitflow.engine.api.BuildInfo;
import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.io.AtomicFiles;
import dev.bitflow.engine.api.io.FileKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Renders every view in the light and the dark theme to {@code DIR/<n>-<view>-<theme>.png} with
 * {@link Scene#snapshot}; works under the headless Monocle platform, so no display is needed.
 */
public final class ScreenshotRenderer {
    private ScreenshotRenderer() {
    }

    /** Renders on a helper thread that steps the FX thread (so pulses run between shots), then exits. */
    public static void renderAllAndExit(Workbench workbench, Path dir, boolean trainFirst) {
        Thread t = new Thread(() -> {
            int code = 0;
            try {
                var ctx = workbench.context();
                onFx(() -> {
                    // Show a layer's property sheet in the editor shot: the first binary convolution.
                    var rows = ctx.editor().rows();
                    for (int i = 0; i < rows.size(); i++) {
                        if (rows.get(i).kind() == dev.bitflow.app.viewmodel.editor.LayerKind.CONV_BINARY) {
                            ctx.editor().selectedIndexProperty().set(i);
                            break;
                        }
                    }
                    return null;
                });
                runDemo(ctx, trainFirst);
                List<Path> files = new ArrayList<>(renderAll(workbench.scene(), ctx.main(), dir));
                files.addAll(renderFusedInspector(workbench, dir));
                files.addAll(renderActivations(workbench, dir));
                files.forEach(f -> System.out.println("wrote " + f));
            } catch (BadInputException e) {
                System.err.println("error: " + DisplayText.escapeKeepingLines(e.getMessage()));
                code = BitflowCli.EXIT_BAD_INPUT;
            } catch (RuntimeException e) {
                CrashLog crashLog = new CrashLog(UserFolders.ofThisUser().logs(), BuildInfo.version());
                System.err.println(DisplayText.escapeKeepingLines(crashLog.reportLine(e, "bitflow gui --screenshots " + dir)));
                code = BitflowCli.EXIT_INTERNAL_ERROR;
            }
            int exit = code;
            Platform.runLater(() -> {
                Platform.exit();
                if (exit != 0) {
                    System.exit(exit);
                }
            });
        }, "bitflow-screenshots");
        t.setDaemon(true);
        t.start();
    }

    /** Call from a thread other than the FX thread. Returns the files written. */
    public static List<Path> renderAll(Scene scene, MainViewModel vm, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        boolean wasDark = onFx(() -> vm.darkThemeProperty().get());
        WorkbenchPage wasPage = onFx(() -> vm.pageProperty().get());
        List<Path> files = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            for (WorkbenchPage page : WorkbenchPage.values()) {
                onFx(() -> {
                    vm.darkThemeProperty().set(dark);
                    vm.pageProperty().set(page);
                    return null;
                });
                settle();
                Path file = dir.resolve(page.screenshotName() + (dark ? "-dark" : "-light") + ".png");
                files.add(write(onFx(() -> scene.snapshot(null)), file));
            }
        }
        onFx(() -> {
            vm.darkThemeProperty().set(wasDark);
            vm.pageProperty().set(wasPage);
            return null;
        });
        return files;
    }

    /**
     * Gives every view content before the shots: waits for the start model (bundled or {@code --model}); with
     * {@code train}, runs two short real training epochs on the mini set, with and without SF, for the Training
     * view (the start model
     * stays the analysed one if there was one, else the trained model becomes it); then fuses and verifies on
     * the mini set, runs the SF report, evaluates per class and takes the step-through to its dot-product step.
     */
    static void runDemo(dev.bitflow.app.AppContext ctx, boolean train) {
        waitUntil(() -> !ctx.session().loadingProperty().get(), "the start model");
        if (train) {
            // Two runs, with and without SF, so the Training view shows the runs table and two curves per chart.
            for (boolean sf : new boolean[] {true, false}) {
                onFx(() -> {
                    var t = ctx.training();
                    t.epochsProperty().set(1);
                    t.maxTrainExamplesProperty().set(1000);
                    t.scalingFactorProperty().set(sf);
                    t.start();
                    return null;
                });
                waitUntil(() -> !ctx.training().runningProperty().get(), "training (SF " + (sf ? "on" : "off") + ")");
            }
            onFx(() -> {
                ctx.training().scalingFactorProperty().set(true);
                return null;
            });
        }
        if (onFx(() -> ctx.session().model()) == null) {
            System.err.println("screenshots: no trained model: " + onFx(() -> ctx.training().statusProperty().get()));
            return;
        }
        var bs = ctx.batchShift();
        onFx(() -> {
            bs.fuse();
            return null;
        });
        waitUntil(() -> !bs.busyProperty().get(), "fusion");
        onFx(() -> {
            bs.verify();
            return null;
        });
        waitUntil(() -> !bs.busyProperty().get(), "verification");
        onFx(() -> {
            ctx.sfReport().testExamplesProperty().set(200);
            ctx.sfReport().trainExamplesProperty().set(300);
            ctx.sfReport().analyse();
            return null;
        });
        waitUntil(() -> !ctx.sfReport().busyProperty().get(), "SF report");
        onFx(() -> {
            ctx.accuracy().evaluate();
            return null;
        });
        waitUntil(() -> !ctx.accuracy().busyProperty().get(), "evaluation");
        var st = ctx.stepThrough();
        onFx(() -> {
            ctx.main().pageProperty().set(dev.bitflow.app.viewmodel.WorkbenchPage.STEP_THROUGH); // computes when shown
            if (!st.layers().isEmpty()) {
                st.choose(st.layers().get(0), 3, 5, 6, 0);
            }
            return null;
        });
        waitUntil(() -> !st.busyProperty().get() && (st.resultProperty().get() != null
                || !st.errorProperty().get().isEmpty() || st.layers().isEmpty()), "step-through");
        onFx(() -> {
            st.stepIndexProperty().set(Math.min(4, Math.max(0, st.cards().size() - 1)));
            ctx.main().statusProperty().set("Fused, verified and analysed " + ctx.session().model().definition().name()
                    + " on the embedded mini set");
            return null;
        });
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, String what) {
        System.err.println("screenshots: waiting for " + what);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(15);
        while (!onFx(done::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not finish in 15 minutes");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The inspector's Activations tab, in both themes: test image 0 of the mini set and the +1 rates over 500 test
     * images of the current model.
     */
    static List<Path> renderActivations(Workbench workbench, Path dir) {
        var ctx = workbench.context();
        var act = ctx.activations();
        List<Path> files = new ArrayList<>();
        if (onFx(() -> ctx.session().model()) == null) {
            return files;
        }
        onFx(() -> {
            ctx.main().pageProperty().set(WorkbenchPage.INSPECTOR);
            act.selectedProperty().set(true);
            return null;
        });
        waitUntil(() -> !act.traceBusyProperty().get() && !act.ratesBusyProperty().get()
                && (act.traceProperty().get() != null && act.ratesProperty().get() != null
                || !act.errorProperty().get().isEmpty()), "activations");
        for (boolean dark : new boolean[] {false, true}) {
            onFx(() -> {
                ctx.main().darkThemeProperty().set(dark);
                return null;
            });
            settle();
            files.add(write(onFx(() -> workbench.scene().snapshot(null)),
                    dir.resolve(WorkbenchPage.INSPECTOR.screenshotName() + "-activations" + (dark ? "-dark" : "-light") + ".png")));
        }
        onFx(() -> {
            act.selectedProperty().set(false);
            ctx.main().darkThemeProperty().set(false);
            return null;
        });
        return files;
    }

    /** The inspector after BatchShift fusion, in both themes. */
    static List<Path> renderFusedInspector(Workbench workbench, Path dir) {
        var ctx = workbench.context();
        List<Path> files = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            onFx(() -> {
                ctx.main().darkThemeProperty().set(dark);
                ctx.main().pageProperty().set(WorkbenchPage.INSPECTOR);
                ctx.inspector().fusedProperty().set(true);
                return null;
            });
            settle();
            files.add(write(onFx(() -> workbench.scene().snapshot(null)),
                    dir.resolve(WorkbenchPage.INSPECTOR.screenshotName() + "-fused" + (dark ? "-dark" : "-light") + ".png")));
        }
        onFx(() -> {
            ctx.inspector().fusedProperty().set(false);
            ctx.main().darkThemeProperty().set(false);
            return null;
        });
        return files;
    }

    private static Path write(WritableImage image, Path file) {
        try {
            java.awt.image.BufferedImage png = SwingFXUtils.fromFXImage(image, null);
            AtomicFiles.write(SaveGuard.check(file, FileKind.PNG_IMAGE), out -> {
                if (!ImageIO.write(png, "png", out)) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void settle() {
        for (int i = 0; i < 3; i++) {
            try {
                Thread.sleep(120);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            onFx(() -> null);
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the JavaFX thread did not answer: " + e.getMessage(), e);
        }
    }
}
