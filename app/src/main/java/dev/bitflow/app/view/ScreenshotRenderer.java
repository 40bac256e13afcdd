package dev.bitflow.app.view;

import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.WorkbenchPage;
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
    public static void renderAllAndExit(Workbench workbench, Path dir) {
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
                List<Path> files = new ArrayList<>(renderAll(workbench.scene(), ctx.main(), dir));
                files.addAll(renderFusedInspector(workbench, dir));
                files.forEach(f -> System.out.println("wrote " + f));
            } catch (RuntimeException e) {
                e.printStackTrace();
                code = 1;
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
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
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
