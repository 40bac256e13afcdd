package dev.bitflow.app.view.training;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.engine.api.DisplayText;
import dev.bitflow.engine.api.io.FileNames;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.training.DataChoice;
import dev.bitflow.app.viewmodel.training.LayerRate;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.app.viewmodel.training.TrainingViewModel;
import dev.bitflow.assets.Assets;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.css.PseudoClass;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.FileChooser;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * Training: data and hyperparameters on the left; live loss and accuracy charts (JFreeChart-FX; every run
 * overlaid, batches solid, validation dashed), the per-layer +1 and sign-flip rates and the list of runs.
 */
public final class TrainingView implements PageView {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
    private final TrainingViewModel vm;
    private final BorderPane root = new BorderPane();
    private final RunCharts charts;
    private final RunsTable runsTable;
    private final TabPane centre = new TabPane();
    private final Tab dataTab = new Tab("Data");
    private final Supplier<javafx.stage.Window> owner;

    /**
     * @param analyse opens a run's trained model in the analysis views
     */
    public TrainingView(TrainingViewModel vm, BooleanProperty darkTheme, Supplier<javafx.stage.Window> owner,
                        Consumer<TrainingRun> analyse) {
        this.vm = vm;
        this.owner = owner;
        this.charts = new RunCharts(vm.runsWorkspace());
        this.runsTable = new RunsTable(vm.runsWorkspace(), analyse, charts.smoothingControl());
        root.setId("training-view");
        Button start = new Button("Start", new FontIcon(MaterialDesignP.PLAY));
        start.setId("training-start");
        start.getStyleClass().add("accent");
        start.setTooltip(Ui.tooltip("Train the current definition with these settings (Ctrl+Enter)"));
        start.setOnAction(e -> vm.start());
        start.disableProperty().bind(vm.runningProperty().or(vm.definitionProperty().isNull())
                .or(vm.startProblemProperty().isNotEmpty()));
        Button pause = new Button("Pause", new FontIcon(MaterialDesignP.PAUSE));
        pause.setId("training-pause");
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.setTooltip(Ui.tooltip("Pause between two optimiser steps, or resume"));
        pause.setOnAction(e -> vm.togglePause());
        pause.disableProperty().bind(vm.runningProperty().not());
        Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP));
        cancel.setId("training-cancel");
        cancel.setTooltip(Ui.tooltip("Stop the run (Esc); it stays in the runs table as cancelled, with its curves "
                + "so far and no model"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Button save = new Button("Save model\u2026", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("training-save");
        save.setTooltip(Ui.tooltip("Write the last trained model as a .bfm file"));
        save.disableProperty().bind(vm.modelProperty().isNull().or(vm.runningProperty()));
        save.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Save trained model");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("BitFlow models (*.bfm)", "*.bfm"));
            c.setInitialFileName(FileNames.stem(vm.modelProperty().get().definition().name()) + ".bfm");
            dev.bitflow.app.view.NativeFileDialogs.save(c, owner.get()).ifPresent(vm::saveModel);
        });
        HBox actions = new HBox(6, start, pause, cancel, save);
        actions.setAlignment(Pos.CENTER_RIGHT);
        // Buttons keep their labels in a narrow window; the subtitle wraps instead.
        actions.getChildren().forEach(b -> ((Button) b).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
        actions.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // Why Start is disabled when the definition itself cannot train (data problems show under Data).
        Label blocked = new Label();
        blocked.setId("training-start-problem");
        blocked.setWrapText(true);
        blocked.setGraphic(new FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignA.ALERT_CIRCLE_OUTLINE));
        blocked.getStyleClass().add(Assets.ISSUE_ERROR);
        blocked.setPadding(new Insets(6, 18, 6, 18));
        blocked.setMaxWidth(Double.MAX_VALUE);
        blocked.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.dataProblemProperty().get()
                .isEmpty() ? vm.startProblemProperty().get() : "", vm.startProblemProperty(), vm.dataProblemProperty()));
        blocked.visibleProperty().bind(blocked.textProperty().isNotEmpty());
        blocked.managedProperty().bind(blocked.visibleProperty());
        root.setTop(new VBox(Ui.header(WorkbenchPage.TRAINING.title(), WorkbenchPage.TRAINING.description(), actions),
                blocked, progressStrip()));
        dataTab.setContent(new DataPreviewPane(vm.dataPicker(), dataTab.selectedProperty()).node());
        dataTab.setId("training-data-tab");
        Tab curves = new Tab("Curves", charts());
        curves.setId("training-curves-tab");
        centre.getTabs().addAll(curves, dataTab);
        centre.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        root.setLeft(settings());
        root.setCenter(centre);
        vm.prepareChartsInBackground(() -> LineCharts.warmUp(3));
        List<String> chartNames = List.of("Loss chart", "Accuracy chart");
        for (int i = 0; i < charts.viewers().size(); i++) {
            org.jfree.chart.fx.ChartViewer viewer = charts.viewers().get(i);
            Exports.figure(viewer, chartNames.get(Math.min(i, chartNames.size() - 1)), () -> charts.exported(viewer));
        }
        darkTheme.addListener((o, a, dark) -> theme(dark));
        theme(darkTheme.get());
    }

    /** Ctrl+Enter starts. */
    public void installShortcuts(javafx.scene.Scene scene) {
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ENTER,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), vm::start);
    }

    private void theme(boolean dark) {
        charts.viewers().forEach(v -> LineCharts.applyTheme(v, dark));
        charts.markDirty(); // the charts do not redraw on their own (notify is off)
    }

    private Parent settings() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(96);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        int row = 0;
        Label defName = new Label();
        defName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.definitionProperty().get() == null
? "none" : DisplayText.escape(vm.definitionProperty().get().name()) + " (" + vm.definitionProperty().get().layers().size() + " layers)",
                vm.definitionProperty()));
        defName.getStyleClass().add(Assets.LAYER_NAME);
        g.addRow(row++, new Label("Definition"), defName);
        ComboBox<DataChoice> data = new ComboBox<>(vm.dataChoices());
        data.setId("training-data");
        data.valueProperty().bindBidirectional(vm.dataProperty());
        data.setMaxWidth(Double.MAX_VALUE);
        data.setPromptText("Looking for data sets\u2026");
        data.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(DataChoice item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label() + (item.available() ? "" : "  (not installed)"));
                setDisable(!empty && item != null && !item.available());
                setTooltip(empty || item == null ? null : Ui.tooltip(item.description()));
            }
        });
        data.setTooltip(Ui.tooltip("The data sets the plugins provide (./bitflow plugins lists them), each with all "
                + "its classes or a task such as Shirt vs T-shirt/top, from the embedded mini set or the full set, "
                + "and the folders you chose; the Data tab shows the classes, images and first batch"));
        g.add(new Label("Data"), 0, row++, 2, 1);
        g.add(data, 0, row++, 2, 1);
        Button folder = new Button("Folder\u2026", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        folder.setId("training-data-folder");
        folder.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        folder.setTooltip(Ui.tooltip("Train on a folder: labelled images (one folder per class, or train/ and test/), "
                + "four IDX files, CIFAR-10 batches or 11K Hands; its kind is detected unless you name it"));
        ComboBox<TrainingViewModel.FolderKind> kind = new ComboBox<>(vm.folderKinds());
        kind.setId("training-data-kind");
        kind.valueProperty().bindBidirectional(vm.folderKindProperty());
        kind.setMaxWidth(Double.MAX_VALUE);
        kind.setTooltip(Ui.tooltip("How the folder is read: detected from its files, or as the kind you name"));
        folder.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Folder of data to train on");
            DataChoice current = vm.dataProperty().get();
            if (current != null && current.isFolder() && current.location().directory().toFile().isDirectory()) {
                chooser.setInitialDirectory(current.location().directory().toFile());
            }
            dev.bitflow.app.view.NativeFileDialogs.folder(chooser, owner.get()).ifPresent(dir -> {
                TrainingViewModel.FolderKind k = vm.folderKindProperty().get();
                vm.chooseFolder(dir, k == null ? null : k.id());
                centre.getSelectionModel().select(dataTab);
            });
        });
        HBox.setHgrow(kind, Priority.ALWAYS);
        HBox folderRow = new HBox(6, folder, kind);
        g.add(folderRow, 0, row++, 2, 1);
        Label about = new Label();
        about.setId("training-data-note");
        about.setWrapText(true);
        about.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String problem = vm.dataProblemProperty().get();
            DataChoice c = vm.dataProperty().get();
            var summary = vm.dataPicker().summaryProperty().get();
            return !problem.isEmpty() ? problem : c == null ? "" : summary != null ? summary.describe() : c.description();
        }, vm.dataProblemProperty(), vm.dataProperty(), vm.dataPicker().summaryProperty()));
        vm.dataProblemProperty().addListener((o, a, b) -> about.pseudoClassStateChanged(PROBLEM, !b.isEmpty()));
        about.pseudoClassStateChanged(PROBLEM, !vm.dataProblemProperty().get().isEmpty());
        about.getStyleClass().add(Assets.LAYER_SUMMARY);
        g.add(about, 0, row++, 2, 1);
        Spinner<Integer> epochs = Ui.intSpinner(1, 500, vm.epochsProperty());
        epochs.setId("training-epochs");
        g.addRow(row++, new Label("Epochs"), epochs);
        g.addRow(row++, new Label("Batch size"), Ui.intSpinner(1, 4096, vm.batchSizeProperty()));
        TextField lr = new TextField(Double.toString(vm.learningRateProperty().get()));
        lr.setTooltip(Ui.tooltip("Base learning rate (the maximum for one-cycle); a positive number"));
        vm.learningRateProperty().addListener((o, a, b) -> lr.setText(Double.toString(b.doubleValue())));
        Runnable applyLr = () -> {
            try {
                double v = Double.parseDouble(lr.getText().trim());
                if (!(v > 0) || v > 10) {
                    throw new NumberFormatException();
                }
                vm.learningRateProperty().set(v);
                lr.getStyleClass().remove(Assets.FIELD_INVALID);
            } catch (NumberFormatException ex) {
                if (!lr.getStyleClass().contains(Assets.FIELD_INVALID)) {
                    lr.getStyleClass().add(Assets.FIELD_INVALID);
                }
            }
        };
        lr.setOnAction(e -> applyLr.run());
        lr.focusedProperty().addListener((o, a, f) -> {
            if (!f) {
                applyLr.run();
            }
        });
        g.addRow(row++, new Label("Learning rate"), lr);
        g.addRow(row++, new Label("Seed"), Ui.intSpinner(0, Integer.MAX_VALUE, vm.seedProperty()));
        Spinner<Integer> max = Ui.intSpinner(0, 60000, vm.maxTrainExamplesProperty());
        max.setTooltip(Ui.tooltip("Train on only the first n (shuffled) examples; 0 uses all"));
        g.addRow(row++, new Label("Max examples"), max);
        CheckBox sf = new CheckBox("Scaling factor (SF) on binary layers");
        sf.setId("training-sf");
        sf.selectedProperty().bindBidirectional(vm.scalingFactorProperty());
        sf.setTooltip(Ui.tooltip("Off: train the same network with every binary layer's scaling set to none. "
                + "Run once with and once without SF to overlay the two."));
        g.add(sf, 0, row++, 2, 1);
        // Settings stay editable during a run: the run took its copy at Start, edits apply to the next run.
        // (Disabling a dozen controls at start and end also costs a CSS pass over them on the FX thread.)
        VBox box = new VBox(10, Ui.panelTitle("Run settings"), g);
        box.getStyleClass().add(Assets.PANEL);
        box.setPadding(new Insets(12, 14, 12, 16));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setPrefWidth(340);
        scroll.setMinWidth(300);
        return scroll;
    }

    /**
     * Under the header, always in view: the run's progress, its ETA, a "Paused" badge while it waits, and the
     * latest event (epoch, batch, loss, accuracy).
     */
    private Parent progressStrip() {
        ProgressBar progress = new ProgressBar();
        progress.setId("training-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.setPrefWidth(220);
        progress.setMinWidth(120);
        Label paused = new Label("Paused", new FontIcon(MaterialDesignP.PAUSE_CIRCLE_OUTLINE));
        paused.setId("training-paused");
        paused.getStyleClass().addAll(Assets.BADGE, "bf-badge-paused");
        paused.visibleProperty().bind(vm.pausedProperty());
        paused.managedProperty().bind(paused.visibleProperty());
        paused.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label eta = new Label();
        eta.textProperty().bind(vm.etaProperty());
        eta.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label status = new Label();
        status.setId("training-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Assets.LAYER_SUMMARY);
        status.setMinWidth(0);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        status.tooltipProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> Ui.tooltip(vm.statusProperty().get()), vm.statusProperty()));
        HBox strip = new HBox(10, progress, paused, eta, status);
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.setPadding(new Insets(6, 18, 6, 18));
        strip.setId("training-progress-strip");
        return strip;
    }

    private Parent charts() {
        TableView<LayerRate> rates = new TableView<>(vm.layerRates());
        rates.setId("training-rates");
        Exports.table(rates, "Binary layer rates");
        rates.getStyleClass().add("dense");
        rates.getColumns().add(col("Layer", r -> r.layer()));
        rates.getColumns().add(col("+1 rate", r -> pct(r.plusOneRate())));
        rates.getColumns().add(col("Sign-flip rate", r -> pct(r.signFlipRate())));
        rates.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label ratesHelp = new Label("Per sign layer: share of +1 outputs. Per binary layer: share of weight signs the "
                + "last step flipped. Filled while a run trains.");
        ratesHelp.setWrapText(true);
        ratesHelp.setPadding(new Insets(12));
        ratesHelp.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        rates.setPlaceholder(ratesHelp);

        Tab runsTab = new Tab();
        runsTab.textProperty().bind(javafx.beans.binding.Bindings.size(vm.runsWorkspace().rows()).asString("Runs (%d)"));
        runsTab.setContent(runsTable.root());
        runsTab.setClosable(false);
        Tab compareTab = new Tab("Compare", runsTable.comparison());
        compareTab.setId("runs-compare-tab");
        compareTab.setClosable(false);
        Tab ratesTab = new Tab("Binary layers (latest)", rates);
        ratesTab.setClosable(false);
        TabPane bottom = new TabPane(runsTab, compareTab, ratesTab);
        bottom.setId("training-tabs");
        bottom.setMinHeight(150);

        var empty = Ui.emptyState(MaterialDesignC.CHART_LINE, "No training runs yet",
                "Press Start to train the current definition. One epoch on the embedded mini set takes well under a "
                        + "minute; loss and accuracy appear here as it runs, with the +1 rate of every sign layer and the "
                        + "sign-flip rate of every binary layer. Train again with SF off to overlay the two runs; every "
                        + "run is kept, also after a restart.");
        // Until the first run the chart area shows what will appear there, not two empty axes.
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.runsWorkspace().charted()));
        Node chartArea = charts.root();
        chartArea.visibleProperty().bind(empty.visibleProperty().not());
        StackPane chartStack = new StackPane(chartArea, empty);
        BorderPane top = new BorderPane(chartStack);
        top.setMinHeight(200);
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.58);
        split.setId("training-split");
        return split;
    }

    private static TableColumn<LayerRate, String> col(String title, java.util.function.Function<LayerRate, String> f) {
        TableColumn<LayerRate, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setSortable(false);
        return c;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.TRAINING;
    }

    @Override
    public Parent root() {
        return root;
    }

}
