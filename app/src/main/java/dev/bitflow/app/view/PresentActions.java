package dev.bitflow.app.view;

import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.view.help.HelpWindow;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.PresentationViewModel;
import dev.bitflow.app.viewmodel.help.HelpContent;
import dev.bitflow.app.viewmodel.report.ReportViewModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/**
 * The commands for taking work out of the app and showing it: File &gt; Export (the current view's figures and
 * tables) and File &gt; Model report, View &gt; zoom and presenter mode, and Help (F1: the current view's guide,
 * the shortcut sheet, the glossary, the paper). Adds them to the window's menu bar and scene.
 */
public final class PresentActions {
    private final MainViewModel main;
    private final PresentationViewModel presentation;
    private final ReportViewModel report;
    private final Exports exports;
    private final Supplier<Window> owner;
    private HelpWindow help;
    private Supplier<Optional<Path>> folderChooser;

    public PresentActions(MainViewModel main, PresentationViewModel presentation, ReportViewModel report,
                          Exports exports, Supplier<Window> owner) {
        this.main = main;
        this.presentation = presentation;
        this.report = report;
        this.exports = exports;
        this.owner = owner;
        this.folderChooser = this::chooseFolder;
        presentation.descriptionProperty().addListener((o, a, text) -> main.statusProperty().set(text));
    }

    /** Replaces the report folder chooser (tests). */
    public void setFolderChooser(Supplier<Optional<Path>> chooser) {
        this.folderChooser = chooser;
    }

    /** Adds the items to the File, View and Help menus of {@code bar} (found by their ids). */
    public void extend(MenuBar bar, Parent windowRoot) {
        for (Menu m : bar.getMenus()) {
            switch (m.getId() == null ? "" : m.getId()) {
                case "menu-file" -> extendFile(m, windowRoot);
                case "menu-view" -> m.getItems().addAll(new SeparatorMenuItem(),
                        item("Zoom _in", new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN), presentation::zoomIn),
                        item("Zoom _out", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), presentation::zoomOut),
                        item("_Actual size", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN), presentation::resetZoom),
                        item("_Presenter mode", new KeyCodeCombination(KeyCode.F5), presentation::togglePresenter));
                case "menu-help" -> m.getItems().addAll(0, java.util.List.of(
                        item("_Help for this view", new KeyCodeCombination(KeyCode.F1), this::helpForCurrentView),
                        item("_Keyboard shortcuts", null, () -> help(HelpContent.SHORTCUTS)),
                        item("_Glossary", null, () -> help(HelpContent.GLOSSARY)),
                        item("The _paper (BitFlow-Net)", null, () -> help(HelpContent.ABOUT_PAPER)),
                        new SeparatorMenuItem()));
                default -> { }
            }
        }
    }

    private void extendFile(Menu file, Parent windowRoot) {
        Menu export = new Menu("_Export");
        export.setId("menu-export");
        export.getItems().add(new MenuItem("Nothing to export in this view"));
        export.setOnShowing(e -> exports.fillMenu(export, windowRoot));
        MenuItem reportItem = item("Model _report\u2026", null, this::writeReport);
        reportItem.setId("menu-report");
        reportItem.disableProperty().bind(report.canWriteProperty().not());
        int quit = file.getItems().size() - 1; // before the separator that precedes Quit
        file.getItems().addAll(Math.max(0, quit - 1), java.util.List.of(new SeparatorMenuItem(), export, reportItem));
    }

    /** The alternative zoom keys (Ctrl+= and the keypad's plus and minus), which a menu item cannot carry too. */
    public void installSceneShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), presentation::zoomIn);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), presentation::zoomIn);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), presentation::zoomOut);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN), presentation::resetZoom);
    }

    /** Opens the help at the current view's guide. */
    public void helpForCurrentView() {
        help(HelpContent.topicOf(main.pageProperty().get()));
    }

    public void help(String topic) {
        if (help == null) {
            help = new HelpWindow(owner.get(), main.darkThemeProperty(), presentation.rootStyleProperty());
        }
        help.show(topic);
    }

    /** The help window once opened (tests). */
    public HelpWindow helpWindow() {
        return help;
    }

    /** Asks for a folder and writes the current model's report into it, in the background. */
    public void writeReport() {
        if (report.canWriteProperty().get()) {
            folderChooser.get().ifPresent(report::write);
        }
    }

    private Optional<Path> chooseFolder() {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle("Write the model report of " + report.modelName() + " into");
        return NativeFileDialogs.folder(c, owner.get());
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (key != null) {
            i.setAccelerator(key);
        }
        i.setOnAction(e -> action.run());
        return i;
    }
}
