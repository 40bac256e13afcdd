package dev.bitflow.app.view.training;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
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
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
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
    private final XYSeriesCollection lossData = new XYSeriesCollection();
    private final XYSeriesCollection accuracyData = new XYSeriesCollection();
    private final ChartViewer lossChart = LineCharts.create("Loss", "epoch", "cross-entropy", lossData);
    private final ChartViewer accuracyChart = LineCharts.create("Accuracy", "epoch", "fraction correct", accuracyData);
    private final Map<TrainingRun, XYSeries[]> series = new HashMap<>();
    private final ChartRefresher refresher = new ChartRefresher();

    public TrainingView(TrainingViewModel vm, BooleanProperty darkTheme, Supplier<javafx.stage.Window> owner) {
        this.vm = vm;
        root.setId("training-view");
        Button start = new Button("Start", new FontIcon(MaterialDesignP.PLAY));
        start.setId("training-start");
        start.getStyleClass().add("accent");
        start.setTooltip(Ui.tooltip("Train the current definition with these settings (Ctrl+Enter)"));
        start.setOnAction(e -> vm.start());
        start.disableProperty().bind(vm.runningProperty().or(vm.definitionProperty().isNull())
                .or(vm.dataProblemProperty().isNotEmpty()));
        Button pause = new Button("Pause", new FontIcon(MaterialDesignP.PAUSE));
        pause.setId("training-pause");
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.setTooltip(Ui.tooltip("Pause between two optimiser steps, or resume"));
        pause.setOnAction(e -> vm.togglePause());
        pause.disableProperty().bind(vm.runningProperty().not());
        Button cancel = new Button("Cancel", new FontIcon(MaterialDesignS.STOP));
        cancel.setId("training-cancel");
        cancel.setTooltip(Ui.tooltip("Stop the run (Esc); nothing is saved"));
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
            c.setInitialFileName(vm.modelProperty().get().definition().name() + ".bfm");
            var f = c.showSaveDialog(owner.get());
            if (f != null) {
                vm.saveModel(f.toPath());
            }
        });
        HBox actions = new HBox(6, start, pause, cancel, save);
        actions.setAlignment(Pos.CENTER_RIGHT);
        root.setTop(Ui.header(WorkbenchPage.TRAINING.title(), WorkbenchPage.TRAINING.description(), actions));
        root.setLeft(settings());
        root.setCenter(charts());
        vm.prepareChartsInBackground(() -> LineCharts.warmUp(3));
        Exports.figure(lossChart, "Loss chart");
        Exports.figure(accuracyChart, "Accuracy chart");
        darkTheme.addListener((o, a, dark) -> theme(dark));
        theme(darkTheme.get());
        vm.runs().addListener((ListChangeListener<TrainingRun>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::follow);
                c.getRemoved().forEach(this::forget);
            }
        });
        vm.runs().forEach(this::follow);
    }

    /** Ctrl+Enter starts. */
    public void installShortcuts(javafx.scene.Scene scene) {
        scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ENTER,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN), vm::start);
    }

    private void theme(boolean dark) {
        LineCharts.applyTheme(lossChart, dark);
        LineCharts.applyTheme(accuracyChart, dark);
        refresher.markDirty(); // the charts do not redraw on their own (notify is off)
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
                ? "none" : vm.definitionProperty().get().name() + " (" + vm.definitionProperty().get().layers().size() + " layers)",
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
        data.setTooltip(Ui.tooltip("Every data set the plugins provide (./bitflow plugins lists them), each with all "
                + "its classes or a task such as Shirt vs T-shirt/top, from the embedded mini set or the full set"));
        g.add(new Label("Data"), 0, row++, 2, 1);
        g.add(data, 0, row++, 2, 1);
        Label about = new Label();
        about.setId("training-data-note");
        about.setWrapText(true);
        about.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String problem = vm.dataProblemProperty().get();
            DataChoice c = vm.dataProperty().get();
            return !problem.isEmpty() ? problem : c == null ? "" : c.description();
        }, vm.dataProblemProperty(), vm.dataProperty()));
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
        ProgressBar progress = new ProgressBar();
        progress.setId("training-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label eta = new Label();
        eta.textProperty().bind(vm.etaProperty());
        Label status = new Label();
        status.setId("training-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Assets.LAYER_SUMMARY);

        VBox box = new VBox(10, Ui.panelTitle("Run settings"), g, Ui.panelTitle("Progress"), progress, eta, status);
        box.getStyleClass().add(Assets.PANEL);
        box.setPrefWidth(370);
        box.setMinWidth(330);
        box.setPadding(new Insets(12, 14, 12, 16));
        return box;
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
        ListView<TrainingRun> runs = new ListView<>(vm.runs());
        runs.setId("training-runs");
        runs.setPlaceholder(new Label("No runs yet"));
        runs.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            private final Label name = new Label();
            private final Label outcome = new Label();
            private final VBox box = new VBox(2, name, outcome);

            {
                name.setWrapText(true);
                outcome.setWrapText(true);
                outcome.getStyleClass().add(Assets.LAYER_SUMMARY);
                box.maxWidthProperty().bind(l.widthProperty().subtract(24));
                name.maxWidthProperty().bind(box.maxWidthProperty());
                outcome.maxWidthProperty().bind(box.maxWidthProperty());
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(TrainingRun run, boolean empty) {
                super.updateItem(run, empty);
                outcome.textProperty().unbind();
                if (empty || run == null) {
                    setGraphic(null);
                } else {
                    name.setText(run.label());
                    name.setTooltip(Ui.tooltip(run.label()));
                    outcome.textProperty().bind(run.outcomeProperty());
                    setGraphic(box);
                }
            }
        });
        Button clear = Ui.iconButton(MaterialDesignT.TRASH_CAN_OUTLINE, "Remove finished runs from the charts", vm::clearFinishedRuns);
        HBox runsHeader = new HBox(Ui.panelTitle("Runs (overlaid)"), Ui.hgrow(), clear);
        runsHeader.setAlignment(Pos.CENTER_LEFT);
        runsHeader.setMinHeight(28);
        VBox runsBox = new VBox(4, runsHeader, runs);
        VBox.setVgrow(runs, Priority.ALWAYS);
        HBox ratesHeader = new HBox(Ui.panelTitle("Binary layers (latest)"));
        ratesHeader.setAlignment(Pos.CENTER_LEFT);
        ratesHeader.setMinHeight(28);
        VBox ratesBox = new VBox(4, ratesHeader, rates);
        VBox.setVgrow(rates, Priority.ALWAYS);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.setPadding(new Insets(10, 14, 10, 10));
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().addAll(half, half);
        RowConstraints top = new RowConstraints();
        top.setPercentHeight(60);
        RowConstraints bottom = new RowConstraints();
        bottom.setPercentHeight(40);
        grid.getRowConstraints().addAll(top, bottom);
        grid.add(lossChart, 0, 0);
        grid.add(accuracyChart, 1, 0);
        grid.add(ratesBox, 0, 1);
        grid.add(runsBox, 1, 1);
        var empty = Ui.emptyState(MaterialDesignC.CHART_LINE, "No training runs yet",
                "Press Start to train the current definition. One epoch on the embedded mini set takes well under a "
                        + "minute; loss and accuracy appear here as it runs, with the +1 rate of every sign layer and the "
                        + "sign-flip rate of every binary layer. Train again with SF off to overlay the two runs.");
        // Until the first run the chart row shows what will appear there, not two empty axes.
        empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.runs()));
        lossChart.visibleProperty().bind(empty.visibleProperty().not());
        accuracyChart.visibleProperty().bind(empty.visibleProperty().not());
        grid.add(empty, 0, 0, 2, 1);
        return grid;
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

    private void follow(TrainingRun run) {
        XYSeries batchLoss = new XYSeries("#" + run.number() + " training loss (batches)", false, true);
        XYSeries valLoss = new XYSeries("#" + run.number() + " validation loss", false, true);
        XYSeries batchAcc = new XYSeries("#" + run.number() + " training accuracy (batches)", false, true);
        XYSeries valAcc = new XYSeries("#" + run.number() + " validation accuracy", false, true);
        series.put(run, new XYSeries[] {batchLoss, valLoss, batchAcc, valAcc});
        refresher.markDirty();
        lossData.addSeries(batchLoss);
        lossData.addSeries(valLoss);
        accuracyData.addSeries(batchAcc);
        accuracyData.addSeries(valAcc);
        LineCharts.styleSeries(lossChart);
        LineCharts.styleSeries(accuracyChart);
        // Points go in without events; the refresher redraws each chart at most a few times a second.
        Consumer<List<? extends TrainingRun.BatchPoint>> addBatches = pts -> {
            pts.forEach(p -> {
                batchLoss.add(p.epochPosition(), p.loss(), false);
                batchAcc.add(p.epochPosition(), p.accuracy(), false);
            });
            refresher.markDirty();
        };
        Consumer<List<? extends TrainingRun.EpochPoint>> addEpochs = pts -> {
            pts.forEach(p -> {
                if (!Double.isNaN(p.validationLoss())) {
                    valLoss.add(p.epoch(), p.validationLoss(), false);
                    valAcc.add(p.epoch(), p.validationAccuracy(), false);
                }
            });
            refresher.markDirty();
        };
        addBatches.accept(run.batches());
        addEpochs.accept(run.epochs());
        run.batches().addListener((ListChangeListener<TrainingRun.BatchPoint>) c -> {
            while (c.next()) {
                addBatches.accept(c.getAddedSubList());
            }
        });
        run.epochs().addListener((ListChangeListener<TrainingRun.EpochPoint>) c -> {
            while (c.next()) {
                addEpochs.accept(c.getAddedSubList());
            }
        });
    }

    /**
     * Redraws the charts for new points at most every 250 ms, one chart per pulse: drawing a JFreeChart in
     * software takes tens of milliseconds, so redrawing on every point (JFreeChart's default) would stall
     * the JavaFX pulse while training streams metrics.
     */
    private final class ChartRefresher extends javafx.animation.AnimationTimer {
        private boolean lossDirty;
        private boolean accuracyDirty;
        private long lastNanos;

        ChartRefresher() {
            lossChart.getChart().setNotify(false);
            accuracyChart.getChart().setNotify(false);
            start();
        }

        void markDirty() {
            lossDirty = true;
            accuracyDirty = true;
        }

        @Override
        public void handle(long now) {
            if (now - lastNanos < 250_000_000L || !(lossDirty || accuracyDirty)) {
                return;
            }
            lastNanos = now;
            ChartViewer next = lossDirty ? lossChart : accuracyChart;
            if (lossDirty) {
                lossDirty = false;
            } else {
                accuracyDirty = false;
            }
            redraw(next);
        }

        private void redraw(ChartViewer viewer) {
            // Tell the plot about the points added silently (re-ranges the axes; no draw while notify is off),
            // then one chart change: one draw.
            XYSeriesCollection data = (XYSeriesCollection) viewer.getChart().getXYPlot().getDataset();
            for (int i = 0; i < data.getSeriesCount(); i++) {
                data.getSeries(i).fireSeriesChanged();
            }
            viewer.getChart().setNotify(true);
            viewer.getChart().setNotify(false);
        }
    }

    private void forget(TrainingRun run) {
        XYSeries[] s = series.remove(run);
        if (s != null) {
            lossData.removeSeries(s[0]);
            lossData.removeSeries(s[1]);
            accuracyData.removeSeries(s[2]);
            accuracyData.removeSeries(s[3]);
            LineCharts.styleSeries(lossChart);
            LineCharts.styleSeries(accuracyChart);
        }
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
