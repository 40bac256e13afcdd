package dev.bitflow.app.view.training;

import dev.bitflow.app.chart.LineCharts;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.training.Ema;
import dev.bitflow.app.viewmodel.training.RunsViewModel;
import dev.bitflow.app.viewmodel.training.TrainingRun;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.runs.RunCurves;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Loss and accuracy of the charted runs (the selected rows of the runs table, or all of them): per run, its
 * training batches as a solid line (optionally smoothed) and its validation per epoch as a dashed line with dots,
 * in the run's colour. One legend under both charts names each run once and explains the two line styles once.
 * Points go in without chart events; a timer redraws at most one chart per pulse, every 250 ms, because drawing a
 * JFreeChart in software takes tens of milliseconds.
 */
final class RunCharts {
    private final RunsViewModel runs;
    private final XYSeriesCollection lossData = new XYSeriesCollection();
    private final XYSeriesCollection accuracyData = new XYSeriesCollection();
    private final ChartViewer lossChart = LineCharts.create("Loss", "epoch", "cross-entropy", lossData);
    private final ChartViewer accuracyChart = LineCharts.create("Accuracy", "epoch", "fraction correct", accuracyData);
    private final Map<TrainingRun, Followed> followed = new HashMap<>();
    private final FlowPane legend = new FlowPane(14, 4);
    private final Refresher refresher = new Refresher();
    private final VBox root;
    private final HBox smoothing;

    /** One charted run: the number its series are named and coloured by, its four series and their feeds. */
    private record Followed(int number, XYSeries batchLoss, XYSeries validationLoss, XYSeries batchAccuracy,
                            XYSeries validationAccuracy, ListChangeListener<RunCurves.BatchPoint> batches,
                            ListChangeListener<RunCurves.EpochPoint> epochs, Ema[] smoothing) {
    }

    RunCharts(RunsViewModel runs) {
        this.runs = runs;
        lossChart.getChart().removeLegend();
        accuracyChart.getChart().removeLegend();
        lossChart.setId("training-loss-chart");
        accuracyChart.setId("training-accuracy-chart");
        GridPane charts = new GridPane();
        charts.setHgap(10);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        javafx.scene.layout.RowConstraints fill = new javafx.scene.layout.RowConstraints();
        fill.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().add(fill);
        charts.add(lossChart, 0, 0);
        charts.add(accuracyChart, 1, 0);
        VBox.setVgrow(charts, Priority.ALWAYS);

        legend.setId("training-legend");
        legend.setAlignment(Pos.CENTER_LEFT);
        Slider smooth = new Slider(0, 0.95, runs.smoothingProperty().get());
        smooth.setId("training-smoothing");
        smooth.valueProperty().bindBidirectional(runs.smoothingProperty());
        smooth.setPrefWidth(110);
        smooth.setMinWidth(70);
        Label smoothValue = new Label();
        smoothValue.textProperty().bind(runs.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        smoothValue.setMinWidth(32);
        Label smoothLabel = new Label("Smoothing");
        smoothLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox smoothing = new HBox(6, smoothLabel, smooth, smoothValue);
        smoothing.setAlignment(Pos.CENTER_RIGHT);
        smoothing.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        smooth.setTooltip(Ui.tooltip("Exponential moving average of the training batches (as TensorBoard smooths); validation points "
                + "are drawn as they are"));
        this.smoothing = smoothing;
        legend.setMinWidth(0);
        root = new VBox(6, charts, legend);
        root.setPadding(new Insets(10, 14, 4, 10));

        runs.charted().addListener((ListChangeListener<TrainingRun>) c -> sync());
        // A run's number changes only in the moment its folder is made, when another window on the same workspace
        // gave that number first: its series then take the new number's name, colour and marker.
        runs.runs().addListener((ListChangeListener<TrainingRun>) c -> {
            List<TrainingRun> renumbered = followed.entrySet().stream()
                    .filter(e -> e.getValue().number() != e.getKey().number()).map(Map.Entry::getKey).toList();
            if (!renumbered.isEmpty()) {
                renumbered.forEach(this::forget);
                sync();
            }
        });
        runs.smoothingProperty().addListener((InvalidationListener) o -> {
            List.copyOf(followed.keySet()).forEach(this::forget);
            sync();
        });
        sync();
    }

    Node root() {
        return root;
    }

    /** The smoothing slider, for the runs table's toolbar (the legend keeps the row under the charts). */
    Node smoothingControl() {
        return smoothing;
    }

    /** The two chart viewers (theme, warm-up). */
    List<ChartViewer> viewers() {
        return List.of(lossChart, accuracyChart);
    }

    /** How {@code viewer}'s chart is exported: with a legend naming each charted run in its colour and marker. */
    dev.bitflow.app.export.ChartImages.Drawing exported(ChartViewer viewer) {
        List<LineCharts.LegendRun> named = runs.charted().stream()
                .map(r -> new LineCharts.LegendRun(r.number(), r.label())).toList();
        return (g, w, h) -> LineCharts.drawWithRunLegend(viewer.getChart(), named, g, w, h);
    }

    void markDirty() {
        refresher.markDirty();
    }

    private void sync() {
        List<TrainingRun> wanted = runs.charted();
        List.copyOf(followed.keySet()).stream().filter(r -> !wanted.contains(r)).forEach(this::forget);
        wanted.stream().filter(r -> !followed.containsKey(r)).forEach(this::follow);
        legend.getChildren().setAll(legendItems(wanted));
        LineCharts.styleSeries(lossChart);
        LineCharts.styleSeries(accuracyChart);
        refresher.markDirty();
    }

    private List<Node> legendItems(List<TrainingRun> wanted) {
        List<Node> items = new java.util.ArrayList<>();
        items.add(styleKey(false, "training (batches)"));
        items.add(styleKey(true, "validation (per epoch)"));
        for (TrainingRun r : wanted) {
            Label l = new Label(r.label(), swatch(r.number(), false));
            l.getStyleClass().add("bf-legend-run");
            l.setMaxWidth(260);
            l.setTooltip(Ui.tooltip(r.label() + "\n" + r.record().settings().dataLabel()));
            l.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(r::label, r.recordProperty()));
            items.add(l);
        }
        return items;
    }

    private static Label styleKey(boolean dashed, String text) {
        Label l = new Label(text, swatch(0, dashed));
        l.getStyleClass().add(Assets.LAYER_SUMMARY);
        return l;
    }

    /**
     * A short line in the run's colour with the run's marker on it (number 0: the text colour, no marker), solid or
     * dashed: the marker is how the run's validation points are told apart in the charts.
     */
    private static Node swatch(int number, boolean dashed) {
        Line line = new Line(0, 0, 22, 0);
        line.setStrokeWidth(3);
        if (dashed) {
            line.getStrokeDashArray().setAll(6.0, 4.0);
        }
        if (number <= 0) {
            line.getStyleClass().add("bf-legend-style");
            return line;
        }
        java.awt.Color c = LineCharts.runColor(number);
        javafx.scene.paint.Color colour = javafx.scene.paint.Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
        line.setStroke(colour);
        javafx.scene.shape.SVGPath marker = new javafx.scene.shape.SVGPath();
        marker.setContent(svgPath(LineCharts.runShape(number)));
        marker.setFill(colour);
        javafx.scene.layout.StackPane both = new javafx.scene.layout.StackPane(line, marker);
        both.setId("legend-marker-" + number);
        return both;
    }

    /** A Java2D outline as SVG path data (the chart's marker, drawn the same in the legend). */
    private static String svgPath(java.awt.Shape shape) {
        StringBuilder d = new StringBuilder();
        double[] p = new double[6];
        for (java.awt.geom.PathIterator it = shape.getPathIterator(null, 0.25); !it.isDone(); it.next()) {
            switch (it.currentSegment(p)) {
                case java.awt.geom.PathIterator.SEG_MOVETO -> d.append(String.format(Locale.ROOT, "M%.2f %.2f ", p[0], p[1]));
                case java.awt.geom.PathIterator.SEG_LINETO -> d.append(String.format(Locale.ROOT, "L%.2f %.2f ", p[0], p[1]));
                case java.awt.geom.PathIterator.SEG_CLOSE -> d.append("Z ");
                default -> { } // a flattening iterator gives only the three above
            }
        }
        return d.toString().strip();
    }

    private void follow(TrainingRun run) {
        String key = "#" + run.number();
        XYSeries batchLoss = new XYSeries(key + " training (batches)", false, true);
        XYSeries valLoss = new XYSeries(key + " validation", false, true);
        XYSeries batchAcc = new XYSeries(key + " training (batches)", false, true);
        XYSeries valAcc = new XYSeries(key + " validation", false, true);
        double w = Math.min(0.99, Math.max(0, runs.smoothingProperty().get()));
        Ema[] ema = {new Ema(w), new Ema(w)};
        ListChangeListener<RunCurves.BatchPoint> batches = c -> {
            while (c.next()) {
                addBatches(c.getAddedSubList(), batchLoss, batchAcc, ema);
            }
        };
        ListChangeListener<RunCurves.EpochPoint> epochs = c -> {
            while (c.next()) {
                addEpochs(c.getAddedSubList(), valLoss, valAcc);
            }
        };
        addBatches(run.batches(), batchLoss, batchAcc, ema);
        addEpochs(run.epochs(), valLoss, valAcc);
        run.batches().addListener(batches);
        run.epochs().addListener(epochs);
        followed.put(run, new Followed(run.number(), batchLoss, valLoss, batchAcc, valAcc, batches, epochs, ema));
        lossData.addSeries(batchLoss);
        lossData.addSeries(valLoss);
        accuracyData.addSeries(batchAcc);
        accuracyData.addSeries(valAcc);
    }

    private void addBatches(List<? extends RunCurves.BatchPoint> points, XYSeries loss, XYSeries accuracy, Ema[] ema) {
        for (RunCurves.BatchPoint p : points) {
            loss.add(p.epoch(), ema[0].next(p.loss()), false);
            accuracy.add(p.epoch(), ema[1].next(p.accuracy()), false);
        }
        refresher.markDirty();
    }

    private void addEpochs(List<? extends RunCurves.EpochPoint> points, XYSeries loss, XYSeries accuracy) {
        for (RunCurves.EpochPoint p : points) {
            if (!Double.isNaN(p.validationLoss())) {
                loss.add(p.epoch(), p.validationLoss(), false);
                accuracy.add(p.epoch(), p.validationAccuracy(), false);
            }
        }
        refresher.markDirty();
    }

    private void forget(TrainingRun run) {
        Followed f = followed.remove(run);
        if (f != null) {
            run.batches().removeListener(f.batches());
            run.epochs().removeListener(f.epochs());
            lossData.removeSeries(f.batchLoss());
            lossData.removeSeries(f.validationLoss());
            accuracyData.removeSeries(f.batchAccuracy());
            accuracyData.removeSeries(f.validationAccuracy());
        }
    }

    /** Redraws a chart with new points at most every 250 ms, one chart per pulse. */
    private final class Refresher extends javafx.animation.AnimationTimer {
        private boolean lossDirty;
        private boolean accuracyDirty;
        private long lastNanos;

        Refresher() {
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
            // Tell the plot about the points added silently (re-ranges the axes; no draw while notify is off),
            // then one chart change: one draw.
            XYSeriesCollection data = (XYSeriesCollection) next.getChart().getXYPlot().getDataset();
            for (int i = 0; i < data.getSeriesCount(); i++) {
                data.getSeries(i).fireSeriesChanged();
            }
            next.getChart().setNotify(true);
            next.getChart().setNotify(false);
        }
    }
}
