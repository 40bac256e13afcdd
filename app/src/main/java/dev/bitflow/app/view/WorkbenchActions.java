package dev.bitflow.app.view;

import dev.bitflow.app.service.AutosaveStore;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.transfer.ModelTransferViewModel;
import dev.bitflow.engine.api.DisplayText;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * The window's commands (file handling with the unsaved-changes prompt, undo/redo, view switching, theme,
 * about), their menus and keyboard shortcuts.
 */
public final class WorkbenchActions {
    private final MainViewModel main;
    private final EditorViewModel editor;
    private final Supplier<Dialogs> dialogs;
    private final String version;
    private final ModelTransferViewModel transfer;

    public WorkbenchActions(MainViewModel main, EditorViewModel editor, Supplier<Dialogs> dialogs, String version) {
        this(main, editor, dialogs, version, null);
    }

    /**
     * @param transfer File &gt; Export and File &gt; Import, or null for no such menu items
     */
    public WorkbenchActions(MainViewModel main, EditorViewModel editor, Supplier<Dialogs> dialogs, String version,
                            ModelTransferViewModel transfer) {
        this.transfer = transfer;
        this.main = main;
        this.editor = editor;
        this.dialogs = dialogs;
        this.version = version;
        editor.messageProperty().addListener((o, a, b) -> {
            if (b != null && !b.isBlank()) {
                main.statusProperty().set(b);
            }
        });
    }

    /** True when the current definition may be replaced: it is clean, saved now, or the user discards it. */
    public boolean confirmLoseChanges() {
        if (!editor.isDirty()) {
            return true;
        }
        return switch (dialogs.get().confirmDiscard(editor.definition().name())) {
            case SAVE -> save();
            case DISCARD -> {
                editor.discardRecovery();
                yield true;
            }
            case CANCEL -> false;
        };
    }

    /** At start: offers back what an earlier session left unsaved (it was killed or crashed), or throws it away. */
    public void offerRecovery(Optional<AutosaveStore.Recovery> pending) {
        pending.ifPresent(recovery -> {
            String from = recovery.origin() == null ? "an unsaved definition" : recovery.origin().toString();
            if (dialogs.get().confirmRecovery("Unsaved changes to " + recovery.definition().name() + " ("
                    + from + ") were autosaved at " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneId.systemDefault()).format(recovery.savedAt()) + ". Recover them?")) {
                editor.recover(recovery);
            } else {
                editor.discardRecovery();
            }
        });
    }

    public void newDefinition() {
        if (confirmLoseChanges()) {
            editor.newDefinition();
            main.pageProperty().set(WorkbenchPage.EDITOR);
        }
    }

    public void open() {
        if (!confirmLoseChanges()) {
            return;
        }
        dialogs.get().chooseDefinitionToOpen(folder()).ifPresent(this::openFile);
    }

    public void openFile(Path file) {
        editor.open(file);
        main.pageProperty().set(WorkbenchPage.EDITOR);
    }

    /** Saves (asking for a file the first time); false when the user cancelled the file chooser. */
    public boolean save() {
        return editor.save() || saveAs();
    }

    public boolean saveAs() {
        var target = dialogs.get().chooseDefinitionToSave(folder(), editor.definition().name());
        target.ifPresent(editor::saveAs);
        return target.isPresent();
    }

    /** File > Export: a format, a folder, then the export in the background; the outcome in a dialog. */
    public void exportModel() {
        dialogs.get().chooseExportFormat(transfer.exporters(), transfer::exportSubject).ifPresent(format ->
                dialogs.get().chooseExportFolder(folder()).ifPresent(dir -> transfer.export(format, dir)));
    }

    /** File > Import: a weight file for the current definition, where to save the model, then the import. */
    public void importWeights() {
        var importers = transfer.importers();
        if (importers.isEmpty()) {
            dialogs.get().error("Import", "No importer plugin is installed.");
            return;
        }
        var format = importers.get(0);
        String name = editor.definition().name();
        dialogs.get().chooseWeightsToImport(folder(), format, name).ifPresent(weights ->
                dialogs.get().chooseModelToSave(weights.toAbsolutePath().getParent(), name)
                        .ifPresent(target -> transfer.importWeights(format, weights, target)));
    }

    private Path folder() {
        Path f = editor.fileProperty().get();
        return f == null ? Path.of(System.getProperty("user.dir")) : f.toAbsolutePath().getParent();
    }

    public MenuBar menus(Stage stage) {
        Menu file = new Menu("_File");
        file.setId("menu-file");
        MenuItem newItem = item("_New definition", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::newDefinition);
        MenuItem openItem = item("_Open\u2026", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::open);
        Menu recent = new Menu("Open _recent");
        Runnable fillRecent = () -> {
            recent.getItems().clear();
            for (Path p : editor.recentFiles()) {
                MenuItem r = new MenuItem(DisplayText.escape(p.getFileName() + "   \u2014 " + p.getParent()));
                r.setMnemonicParsing(false);
                r.setOnAction(e -> {
                    if (confirmLoseChanges()) {
                        openFile(p);
                    }
                });
                recent.getItems().add(r);
            }
            recent.setDisable(recent.getItems().isEmpty());
        };
        editor.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
        fillRecent.run();
        MenuItem saveItem = item("_Save", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        MenuItem saveAsItem = item("Save _as\u2026", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), this::saveAs);
        MenuItem quit = item("_Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                () -> stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST)));
        file.getItems().addAll(newItem, openItem, recent, new SeparatorMenuItem(), saveItem, saveAsItem,
                new SeparatorMenuItem());
        if (transfer != null) {
            MenuItem exportItem = item("_Export model\u2026", new KeyCodeCombination(KeyCode.E,
                    KeyCombination.SHORTCUT_DOWN), this::exportModel);
            MenuItem importItem = item("_Import weights\u2026", new KeyCodeCombination(KeyCode.I,
                    KeyCombination.SHORTCUT_DOWN), this::importWeights);
            exportItem.disableProperty().bind(transfer.busyProperty());
            importItem.disableProperty().bind(transfer.busyProperty());
            file.getItems().addAll(exportItem, importItem, new SeparatorMenuItem());
            transfer.reportProperty().addListener((o, a, text) -> {
                if (!text.isBlank()) {
                    main.statusProperty().set(text.lines().findFirst().orElse(text));
                    dialogs.get().information(text.startsWith("Imported") ? "Import finished" : "Export finished", text);
                }
            });
            transfer.problemProperty().addListener((o, a, text) -> {
                if (!text.isBlank()) {
                    dialogs.get().error("Export / import", text);
                }
            });
        }
        file.getItems().add(quit);

        Menu edit = new Menu("_Edit");
        edit.setId("menu-edit");
        MenuItem undo = item("_Undo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), editor::undo);
        undo.disableProperty().bind(editor.canUndoProperty().not());
        MenuItem redo = item("_Redo", new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), editor::redo);
        redo.disableProperty().bind(editor.canRedoProperty().not());
        MenuItem delete = item("_Remove layer", new KeyCodeCombination(KeyCode.DELETE), editor::removeSelected);
        // Only on the Architecture page: Delete on another page (a table, a chart) must not remove a layer.
        delete.disableProperty().bind(editor.selectedIndexProperty().lessThan(0)
                .or(main.pageProperty().isNotEqualTo(WorkbenchPage.EDITOR)));
        edit.getItems().addAll(undo, redo, new SeparatorMenuItem(), delete);

        Menu view = new Menu("_View");
        view.setId("menu-view");
        for (WorkbenchPage page : WorkbenchPage.values()) {
            KeyCode digit = KeyCode.valueOf("DIGIT" + (page.ordinal() + 1));
            view.getItems().add(item(page.title(), new KeyCodeCombination(digit, KeyCombination.SHORTCUT_DOWN),
                    () -> main.pageProperty().set(page)));
        }
        view.getItems().addAll(new SeparatorMenuItem(), item("Toggle _dark theme",
                new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), main::toggleTheme));

        Menu help = new Menu("_Help");
        help.setId("menu-help");
        MenuItem about = new MenuItem("_About BitFlow Workbench");
        about.setOnAction(e -> dialogs.get().about(version));
        help.getItems().add(about);
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menu-bar");
        return bar;
    }

    /** Esc cancels the running task. */
    public void installSceneShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), main::cancelCurrentTask);
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setAccelerator(key);
        i.setOnAction(e -> action.run());
        return i;
    }
}
