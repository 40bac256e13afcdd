package dev.bitflow.app.view;

import dev.bitflow.app.service.TaskHandle;
import dev.bitflow.app.viewmodel.MainViewModel;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.assets.Assets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import dev.bitflow.engine.api.DisplayText;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The window's layout: menus on top, the six views in a left navigation bar, the current view in the
 * middle, a status bar with the running task's progress and a cancel button at the bottom.
 */
public final class MainWindow {
    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final Map<WorkbenchPage, PageView> pages = new EnumMap<>(WorkbenchPage.class);
    private final Map<WorkbenchPage, ToggleButton> navButtons = new EnumMap<>(WorkbenchPage.class);

    public MainWindow(MainViewModel vm, List<PageView> views, MenuBar menus) {
        this.vm = vm;
        views.forEach(v -> pages.put(v.page(), v));
        root.getStyleClass().add(Assets.WORKBENCH);
        root.setId("workbench");
        root.setTop(menus);
        root.setLeft(navigation());
        root.setCenter(content);
        root.setBottom(statusBar());
        vm.pageProperty().addListener((o, a, b) -> show(b));
        show(vm.pageProperty().get());
    }

    public Parent root() {
        return root;
    }

    private void show(WorkbenchPage page) {
        PageView v = pages.get(page);
        content.getChildren().setAll(v == null ? new Label(page.title()) : v.root());
        ToggleButton b = navButtons.get(page);
        if (b != null && !b.isSelected()) {
            b.setSelected(true);
        }
    }

    private Parent navigation() {
        VBox bar = new VBox();
        bar.getStyleClass().add(Assets.NAV_BAR);
        Label brand = new Label("BitFlow", new FontIcon(MaterialDesignC.CHIP));
        brand.getStyleClass().add(Assets.VIEW_TITLE);
        brand.setGraphicTextGap(8);
        brand.setPadding(new javafx.geometry.Insets(4, 6, 12, 6));
        bar.getChildren().add(brand);
        ToggleGroup group = new ToggleGroup();
        for (WorkbenchPage page : WorkbenchPage.values()) {
            ToggleButton b = new ToggleButton(page.title(), new FontIcon(Icons.of(page)));
            b.getStyleClass().add(Assets.NAV_BUTTON);
            b.setToggleGroup(group);
            b.setId("nav-" + page.screenshotName().substring(2));
            b.setTooltip(Ui.tooltip(page.description() + "  (Ctrl+" + (page.ordinal() + 1) + ")"));
            b.setMaxWidth(Double.MAX_VALUE);
            b.setOnAction(e -> {
                vm.pageProperty().set(page);
                b.setSelected(true);
            });
            navButtons.put(page, b);
            bar.getChildren().add(b);
        }
        trainingBadge(navButtons.get(WorkbenchPage.TRAINING));
        // Up/Down in the navigation change the page (not only the focus), as in a list.
        bar.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            boolean onNav = navButtons.containsValue(e.getTarget());
            if (onNav && (e.getCode() == javafx.scene.input.KeyCode.UP || e.getCode() == javafx.scene.input.KeyCode.DOWN)
                    && !e.isShortcutDown() && !e.isAltDown()) {
                vm.step(e.getCode() == javafx.scene.input.KeyCode.UP ? -1 : 1);
                navButtons.get(vm.pageProperty().get()).requestFocus();
                e.consume();
            }
        });
        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        ToggleButton theme = new ToggleButton("Dark theme", new FontIcon(MaterialDesignT.THEME_LIGHT_DARK));
        theme.getStyleClass().add(Assets.NAV_BUTTON);
        theme.setId("theme-toggle");
        theme.selectedProperty().bindBidirectional(vm.darkThemeProperty());
        theme.setTooltip(Ui.tooltip("Switch between the light and dark theme (Ctrl+Shift+D)"));
        theme.setMaxWidth(Double.MAX_VALUE);
        bar.getChildren().addAll(grow, theme);
        return bar;
    }

    /** A small badge on the Training entry while a run trains: its progress, or "paused". */
    private void trainingBadge(ToggleButton training) {
        Label badge = new Label();
        badge.setId("nav-training-activity");
        badge.getStyleClass().addAll(Assets.BADGE, Assets.BADGE_BINARY);
        badge.textProperty().bind(vm.trainingActivityProperty());
        badge.visibleProperty().bind(vm.trainingActivityProperty().isNotEmpty());
        badge.managedProperty().bind(badge.visibleProperty());
        badge.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("paused"), false);
        vm.trainingActivityProperty().addListener((o, a, b) -> badge.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("paused"), "paused".equals(b)));
        badge.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label text = new Label(training.getText(), training.getGraphic());
        text.setGraphicTextGap(training.getGraphicTextGap());
        text.setMinWidth(0);
        HBox content = new HBox(6, text, Ui.hgrow(), badge);
        content.setAlignment(Pos.CENTER_LEFT);
        training.setText(null);
        training.setGraphic(content);
        training.setMaxWidth(Double.MAX_VALUE);
        content.prefWidthProperty().bind(training.widthProperty().subtract(24));
    }

    private Parent statusBar() {
        Label status = new Label();
        status.setId("status-message");
        status.textProperty().bind(Bindings.createStringBinding(
                () -> DisplayText.escapeKeepingLines(vm.statusProperty().get()), vm.statusProperty()));
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        Label taskText = new Label();
        taskText.setId("task-message");
        ProgressBar bar = new ProgressBar();
        bar.setId("task-progress");
        bar.setPrefWidth(180);
        Button cancel = Ui.iconButton(MaterialDesignC.CLOSE_CIRCLE_OUTLINE, "Cancel the running task (Esc)", vm::cancelCurrentTask);
        cancel.setId("task-cancel");
        HBox task = new HBox(8, taskText, bar, cancel);
        task.setAlignment(Pos.CENTER_RIGHT);
        task.visibleProperty().bind(vm.currentTaskProperty().isNotNull());
        task.managedProperty().bind(task.visibleProperty());
        ChangeListener<TaskHandle> follow = (o, old, now) -> {
            taskText.textProperty().unbind();
            bar.progressProperty().unbind();
            if (now != null) {
                taskText.textProperty().bind(now.messageProperty());
                bar.progressProperty().bind(Bindings.when(now.progressProperty().lessThan(0))
                        .then(ProgressBar.INDETERMINATE_PROGRESS).otherwise(now.progressProperty()));
            }
        };
        vm.currentTaskProperty().addListener(follow);
        follow.changed(null, null, vm.currentTaskProperty().get());
        HBox box = new HBox(status, task);
        box.getStyleClass().add(Assets.STATUS_BAR);
        box.setMinHeight(28);
        return box;
    }
}
