package dev.bitflow.app.view;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The platform's file and folder choosers, shown the one way the workbench shows them: owned by the window, and
 * giving the keyboard focus back to that window when they close.
 *
 * <p>Why the focus: a GTK chooser takes the X input focus while it is open. A window manager hands it back to the
 * owner when the chooser closes; without one (a bare X server, a kiosk, some remote sessions) the focus stays on
 * the root window, and the workbench's menus then lose the pointer: a menu opened after the chooser closes as soon
 * as the pointer moves onto it, so the window seems to ignore clicks. Asking for the focus again after the dialog
 * returns is what a window manager would have done, and costs nothing where one did it already.
 */
public final class NativeFileDialogs {
    private NativeFileDialogs() {
    }

    /** A file to save to, or empty when the user cancelled. */
    public static Optional<Path> save(FileChooser chooser, Window owner) {
        return shown(owner, () -> chooser.showSaveDialog(owner));
    }

    /** A file to open, or empty when the user cancelled. */
    public static Optional<Path> open(FileChooser chooser, Window owner) {
        return shown(owner, () -> chooser.showOpenDialog(owner));
    }

    /** A folder, or empty when the user cancelled. */
    public static Optional<Path> folder(DirectoryChooser chooser, Window owner) {
        return shown(owner, () -> chooser.showDialog(owner));
    }

    private static Optional<Path> shown(Window owner, Supplier<File> dialog) {
        try {
            return Optional.ofNullable(dialog.get()).map(File::toPath);
        } finally {
            if (owner != null && owner.isShowing()) {
                owner.requestFocus();
            }
        }
    }
}
