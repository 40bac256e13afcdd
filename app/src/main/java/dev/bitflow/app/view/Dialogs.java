package dev.bitflow.app.view;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The window's dialogs: errors, the unsaved-changes prompt, file choosers, recovery, about. */
public final class Dialogs {
    /** The answer to "save changes first?". */
    public enum DiscardChoice { SAVE, DISCARD, CANCEL }

    private final Window owner;

    public Dialogs(Window owner) {
        this.owner = owner;
    }

    public void error(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.showAndWait();
    }

    /** An unexpected failure: a readable message, the details folded away. */
    public void unexpected(Throwable e) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(owner);
        a.setTitle("Something went wrong");
        a.setHeaderText("Something went wrong. Your work is kept; the autosave has the latest state.");
        a.setContentText(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        TextArea details = new TextArea(trace.toString());
        details.setEditable(false);
        details.setPrefRowCount(14);
        a.getDialogPane().setExpandableContent(details);
        a.showAndWait();
    }

    public DiscardChoice confirmDiscard(String what) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, what + " has unsaved changes. Save them first?",
                save, discard, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save changes to " + what + "?");
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) {
            return DiscardChoice.CANCEL;
        }
        return r.get() == save ? DiscardChoice.SAVE : DiscardChoice.DISCARD;
    }

    /** "Replace the model?" when a result would be lost; true replaces. */
    public boolean confirmDiscardResult(String warning) {
        ButtonType replace = new ButtonType("Replace it", ButtonBar.ButtonData.YES);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, warning, replace, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Replace the analysed model");
        a.setHeaderText("Replace the model the analysis views show?");
        return a.showAndWait().orElse(ButtonType.CANCEL) == replace;
    }

    /** Before closing the window while work would be lost; true closes. */
    public boolean confirmClose(java.util.List<String> losses) {
        ButtonType quit = new ButtonType("Quit anyway", ButtonBar.ButtonData.YES);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, String.join("\n\n", losses), quit, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Quit BitFlow Workbench");
        a.setHeaderText("Quitting now loses work");
        return a.showAndWait().orElse(ButtonType.CANCEL) == quit;
    }

    public boolean confirmRecovery(String text) {
        ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, text, recover, discard);
        a.initOwner(owner);
        a.setTitle("Recover unsaved changes");
        a.setHeaderText("The workbench was not closed normally");
        return a.showAndWait().orElse(discard) == recover;
    }

    public Optional<Path> chooseDefinitionToOpen(Path folder) {
        FileChooser c = chooser("Open network definition", folder);
        return Optional.ofNullable(c.showOpenDialog(owner)).map(f -> f.toPath());
    }

    public Optional<Path> chooseDefinitionToSave(Path folder, String suggestedName) {
        FileChooser c = chooser("Save network definition", folder);
        c.setInitialFileName(suggestedName + ".bitflow.json");
        return Optional.ofNullable(c.showSaveDialog(owner)).map(f -> f.toPath());
    }

    private static FileChooser chooser(String title, Path folder) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("BitFlow definitions (*.bitflow.json)", "*.bitflow.json"),
                new FileChooser.ExtensionFilter("JSON files", "*.json"));
        if (folder != null && folder.toFile().isDirectory()) {
            c.setInitialDirectory(folder.toFile());
        }
        return c;
    }

    public void about(String version) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle("About BitFlow Workbench");
        a.setHeaderText("BitFlow Workbench " + version);
        a.setContentText("A research workbench for fully binarized CNNs: build, train, see the scaling factor "
                + "cancelled by BatchNorm, fuse SF + BatchNorm + sign into BatchShift (BitFlow-Net, IEEE Access "
                + "2019), run XNOR + popcount inference and inspect the bit-flow.\n\nJava " + System.getProperty("java.version")
                + ", JavaFX " + System.getProperty("javafx.runtime.version", "?") + ". Apache-2.0.");
        a.showAndWait();
    }
}
