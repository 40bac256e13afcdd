package dev.bitflow.app;

import javafx.collections.ListChangeListener;
import javafx.stage.Window;

/**
 * The real entry point ({@link Launcher}, arguments as given) in a JVM of its own, for {@link FirstWindowTest}: the
 * moment the first window is shown, it loads the class {@link WindowShown}, so a class-load log
 * ({@code -Xlog:class+load}) tells which classes were loaded before the window appeared and which after.
 */
public final class FirstWindowProbe {
    private FirstWindowProbe() {
    }

    public static void main(String[] args) {
        // Window's list of windows is plain JavaFX collections: it can be watched before the toolkit starts. A window
        // joins it while it is being shown, on the JavaFX thread, inside Stage.show().
        Window.getWindows().addListener((ListChangeListener<Window>) change -> WindowShown.mark());
        System.exit(Launcher.runCli(args));
    }

    /** Its loading marks the moment in the class-load log. */
    static final class WindowShown {
        private WindowShown() {
        }

        static void mark() {
            // loading and initialising the class is the mark
        }
    }
}
