package dev.bitflow.app.view.training;

import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.training.DataPickerViewModel;
import dev.bitflow.app.viewmodel.training.DataPickerViewModel.ClassCount;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.data.ImageSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Training view's Data tab: what the chosen data is (plugin, location, classes, sizes), the images per class
 * for training and testing, a grid of training images per class, and the first batch as training will see it
 * (augmented). Reading runs in the background (a progress line and a Stop button while a large folder is checked).
 */
final class DataPreviewPane {
    private static final double THUMB = 44;
    private final DataPickerViewModel vm;
    private final VBox grid = new VBox(6);
    private final FlowPane batch = new FlowPane(6, 6);
    private final ScrollPane root;
    private final javafx.beans.value.ObservableBooleanValue shown;
    private boolean stale = true;

    /**
     * @param shown whether the pane is on screen: the thumbnails are built only then (building them while the
     *              charts are shown would cost the JavaFX thread time during training)
     */
    DataPreviewPane(DataPickerViewModel vm, javafx.beans.value.ObservableBooleanValue shown) {
        this.vm = vm;
        this.shown = shown;
        Label summary = new Label();
        summary.setId("data-summary");
        summary.setWrapText(true);
        summary.getStyleClass().add(Assets.LAYER_NAME);
        summary.textProperty().bind(Bindings.createStringBinding(() -> vm.summaryProperty().get() != null
                ? vm.summaryProperty().get().describe()
                : !vm.errorProperty().get().isEmpty() ? "The data cannot be read:"
                : vm.busyProperty().get() ? "Reading the data\u2026"
                : "No data read yet: choose a data set or a folder on the left.",
                vm.summaryProperty(), vm.errorProperty(), vm.busyProperty()));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label status = new Label();
        status.setId("data-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Assets.LAYER_SUMMARY);
        Button stop = new Button("Stop", new FontIcon(MaterialDesignS.STOP));
        stop.setId("data-stop");
        stop.setTooltip(Ui.tooltip("Stop reading the data (a large folder takes a while to check)"));
        stop.setOnAction(e -> vm.cancel());
        HBox busy = new HBox(8, spinner, status, stop);
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(vm.busyProperty());

        Label error = new Label();
        error.setId("data-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.getStyleClass().add(Assets.ISSUE_ERROR);
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        TableView<ClassCount> counts = new TableView<>(vm.classCounts());
        counts.setId("data-class-counts");
        counts.getStyleClass().add("dense");
        counts.getColumns().add(column("#", c -> Integer.toString(c.label()), 44));
        counts.getColumns().add(column("Class", ClassCount::name, 180));
        counts.getColumns().add(column("Training", c -> String.format(Locale.ROOT, "%,d", c.train()), 90));
        counts.getColumns().add(column("Test", c -> String.format(Locale.ROOT, "%,d", c.test()), 90));
        counts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        counts.setPrefHeight(170);
        counts.setPlaceholder(new Label("The classes appear once the data is read"));

        Label batchTitle = Ui.panelTitle("First batch as training sees it");
        Label augmentation = new Label();
        augmentation.getStyleClass().add(Assets.LAYER_SUMMARY);
        augmentation.textProperty().bind(Bindings.concat("Augmentation (from the definition's training section): ",
                vm.augmentationProperty(), ". The same seed gives the same batch; evaluation sees the images as they are."));
        augmentation.setWrapText(true);
        batch.setId("data-batch");
        grid.setId("data-grid");

        vm.grid().addListener((ListChangeListener<ImageSample>) c -> changed());
        vm.batch().addListener((ListChangeListener<ImageSample>) c -> changed());
        shown.addListener((o, a, now) -> refresh());
        VBox content = new VBox(10, summary, busy, error, Ui.panelTitle("Images per class"), counts,
                Ui.panelTitle("Training images by class"), grid, batchTitle, augmentation, batch);
        content.setPadding(new Insets(12, 16, 16, 16));
        root = new ScrollPane(content);
        root.setId("data-preview");
        root.setFitToWidth(true);
        refresh();
    }

    private void changed() {
        stale = true;
        refresh();
    }

    /** Rebuilds stale thumbnails when shown; otherwise they are rebuilt when the pane is next shown. */
    private void refresh() {
        if (stale && shown.get()) {
            stale = false;
            fillGrid();
            fillBatch();
        }
    }

    Node node() {
        return root;
    }

    private void fillGrid() {
        List<Node> rows = new ArrayList<>();
        List<ImageSample> images = vm.grid();
        int i = 0;
        while (i < images.size()) {
            int label = images.get(i).label();
            Label name = new Label(images.get(i).labelName());
            name.setMinWidth(110);
            name.setPrefWidth(110);
            name.getStyleClass().add(Assets.LAYER_SUMMARY);
            HBox row = new HBox(6, name);
            row.setAlignment(Pos.CENTER_LEFT);
            while (i < images.size() && images.get(i).label() == label) {
                row.getChildren().add(thumb(images.get(i)));
                i++;
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            Label none = new Label("Images appear once the data is read");
            none.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
            rows.add(none);
        }
        grid.getChildren().setAll(rows);
    }

    private void fillBatch() {
        List<Node> cells = new ArrayList<>();
        for (ImageSample s : vm.batch()) {
            Label caption = new Label(s.labelName());
            caption.getStyleClass().add(Assets.LAYER_SUMMARY);
            caption.setMaxWidth(THUMB + 20);
            VBox cell = new VBox(2, thumb(s), caption);
            cell.setAlignment(Pos.TOP_CENTER);
            cells.add(cell);
        }
        batch.getChildren().setAll(cells);
    }

    private static Node thumb(ImageSample s) {
        ImageView view = new ImageView(Ui.image(s));
        view.setSmooth(false);
        view.setPreserveRatio(true);
        double scale = THUMB / Math.max(s.width(), s.height());
        view.setFitWidth(s.width() * scale);
        view.setFitHeight(s.height() * scale);
        Tooltip.install(view, new Tooltip(s.labelName() + " (label " + s.label() + "), image " + s.sourceIndex()
                + " of the " + s.split().name().toLowerCase(Locale.ROOT) + " split, " + s.width() + "x" + s.height()));
        return view;
    }

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }
}
