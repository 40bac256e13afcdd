package dev.bitflow.app.view;

import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.io.FileNames;
import java.nio.file.Path;
import dev.bitflow.engine.api.export.ExportFormat;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.DirectoryChooser;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The window's dialogs: errors, the unsaved-changes prompt, file choosers, recovery, about. */
public final class Dialogs {
    /** The answer to "save changes first?". */
    public enum DiscardChoice { SAVE, DISCARD, CANCEL }

    /** The file and folder choosers of File &gt; Export and File &gt; Import (replaceable: {@link #setTransferFiles}). */
    public interface TransferFiles {
        /** A folder to export into, starting in {@code folder}; empty when cancelled. */
        Optional<Path> exportFolder(Path folder);

        /** A weight file to import for the definition named {@code definition}; empty when cancelled. */
        Optional<Path> weightsToImport(Path folder, ExportFormat format, String definition);

        /** Where to write the imported trained model; empty when cancelled. */
        Optional<Path> modelToSave(Path folder, String suggestedName);
    }

    private final Window owner;
    private TransferFiles transferFiles;

    public Dialogs(Window owner) {
        this.owner = owner;
        this.transferFiles = new NativeTransferFiles();
    }

    /** Replaces the export and import file choosers (tests drive the menus without the platform's dialogs). */
    public void setTransferFiles(TransferFiles files) {
        this.transferFiles = files;
    }

    public void error(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, DisplayText.escapeKeepingLines(message), ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.showAndWait();
    }

    /**
     * An unexpected failure (a bug): one readable line and where the error report with the details was written
     * ({@code report} empty when none could be written). No stack trace is shown.
     */
    public void unexpected(Throwable e, Optional<Path> report) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.initOwner(owner);
        a.setTitle("Something went wrong");
        a.setHeaderText("Something went wrong. Your work is kept; the autosave has the latest state.");
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        a.setContentText(DisplayText.escapeKeepingLines(e.getClass().getSimpleName() + message + "\n\n"
                + report.map(f -> "The details are in " + f + ".").orElse("No error report could be written.")));
        a.showAndWait();
    }

    public DiscardChoice confirmDiscard(String what) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        String name = DisplayText.escape(what);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, name + " has unsaved changes. Save them first?",
                save, discard, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save changes to " + name + "?");
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
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, DisplayText.escapeKeepingLines(text), recover, discard);
        a.initOwner(owner);
        a.setTitle("Recover unsaved changes");
        a.setHeaderText("The workbench was not closed normally");
        return a.showAndWait().orElse(discard) == recover;
    }

    public Optional<Path> chooseDefinitionToOpen(Path folder) {
        FileChooser c = chooser("Open network definition", folder);
        return NativeFileDialogs.open(c, owner);
    }

    public Optional<Path> chooseDefinitionToSave(Path folder, String suggestedName) {
        FileChooser c = chooser("Save network definition", folder);
        c.setInitialFileName(FileNames.stem(suggestedName) + ".bitflow.json");
        return NativeFileDialogs.save(c, owner);
    }

    /** Which format to export in; each choice says what it would take ({@code subjects}, null: cannot run now). */
    public Optional<ExportFormat> chooseExportFormat(List<ExportFormat> formats,
                                                     java.util.function.Function<ExportFormat, String> subjects) {
        if (formats.isEmpty()) {
            error("Export", "No exporter plugin is installed.");
            return Optional.empty();
        }
        List<String> labels = formats.stream().map(f -> f.name() + " (" + f.id() + ")").toList();
        ChoiceDialog<String> d = new ChoiceDialog<>(labels.get(0), labels);
        d.initOwner(owner);
        d.setTitle("Export");
        d.setHeaderText("Export a model");
        javafx.scene.control.Label what = new javafx.scene.control.Label();
        what.setWrapText(true);
        what.setMaxWidth(460);
        Runnable explain = () -> {
            ExportFormat f = formats.get(Math.max(0, labels.indexOf(d.getSelectedItem())));
            String subject = subjects.apply(f);
            what.setText(f.description() + "\n\nNeeds " + f.input().description() + ".\n"
                    + (subject != null ? "Exports " + subject + "." : "No trained model is open yet: open or train one."));
        };
        d.selectedItemProperty().addListener((o, a, b) -> explain.run());
        explain.run();
        d.getDialogPane().setExpandableContent(null);
        d.getDialogPane().setContent(new javafx.scene.layout.VBox(8, d.getDialogPane().getContent(), what));
        return d.showAndWait().map(labels::indexOf).filter(i -> i >= 0).map(formats::get);
    }

    /** A folder to export into. */
    public Optional<Path> chooseExportFolder(Path folder) {
        return transferFiles.exportFolder(folder);
    }

    /** A weight file to import, for the definition named {@code definition}. */
    public Optional<Path> chooseWeightsToImport(Path folder, ExportFormat format, String definition) {
        return transferFiles.weightsToImport(folder, format, definition);
    }

    /** Where to write a trained model file. */
    public Optional<Path> chooseModelToSave(Path folder, String suggestedName) {
        return transferFiles.modelToSave(folder, suggestedName);
    }

    /** A finished export or import, in words. */
    public void information(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea(text);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(Math.max(6, Math.min(18, (int) text.lines().count() + 2)));
        area.setPrefColumnCount(70);
        a.getDialogPane().setContent(area);
        a.showAndWait();
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

    /** The platform's choosers, owned by the window. */
    private final class NativeTransferFiles implements TransferFiles {
        @Override
        public Optional<Path> exportFolder(Path folder) {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle("Export into folder");
            if (folder != null && folder.toFile().isDirectory()) {
                c.setInitialDirectory(folder.toFile());
            }
            return NativeFileDialogs.folder(c, owner);
        }

        @Override
        public Optional<Path> weightsToImport(Path folder, ExportFormat format, String definition) {
            FileChooser c = new FileChooser();
            c.setTitle("Import weights for '" + definition + "'");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name() + " (*" + format.extension() + ")",
                    "*" + format.extension()));
            if (folder != null && folder.toFile().isDirectory()) {
                c.setInitialDirectory(folder.toFile());
            }
            return NativeFileDialogs.open(c, owner);
        }

        @Override
        public Optional<Path> modelToSave(Path folder, String suggestedName) {
            FileChooser c = new FileChooser();
            c.setTitle("Save the imported model");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Trained models (*.bfm)", "*.bfm"));
            c.setInitialFileName(suggestedName + ".bfm");
            if (folder != null && folder.toFile().isDirectory()) {
                c.setInitialDirectory(folder.toFile());
            }
            return NativeFileDialogs.save(c, owner);
        }
    }
}
