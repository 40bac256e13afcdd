package dev.bitflow.app.view.sf;

import dev.bitflow.app.chart.HistogramChart;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.sf.Numbers;
import dev.bitflow.app.viewmodel.sf.SfReportViewModel;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.analysis.SfChannelReport;
import dev.bitflow.engine.api.analysis.SfLayerReport;
import dev.bitflow.engine.api.analysis.SfVariant;
import dev.bitflow.engine.api.analysis.SfVariantResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * SF and BatchNorm: per binary layer and channel alpha, gamma, beta, mu, var and the thresholds with and
 * without alpha (gamma &lt; 0 and constant channels highlighted), the histogram of the integer
 * pre-activations with the threshold drawn, the agreement of sign outputs with and without SF on real
 * images, and a short explanation.
 */
public final class SfReportView implements PageView {
    static final String EXPLANATION = "Why the scaling factor does not matter at inference: a binary layer "
            + "computes the integer s = popcount-based dot product and scales it, y = \u03b1\u00b7s + b. BatchNorm then "
            + "subtracts its mean and divides by its spread, both of which were measured on y, so they carry the same "
            + "factor \u03b1. Dividing \u03b1 out of y and out of BatchNorm's statistics leaves exactly the same "
            + "output, and sign() only asks whether s is above a threshold t. That threshold is all that survives: "
            + "BatchShift stores it as one integer per channel. Below, 'rescaled' removes \u03b1 exactly (only "
            + "float rounding ties may differ); 're-estimated' removes \u03b1 and measures BatchNorm again on "
            + "training images, as a network trained without SF would. Channels with \u03b3 < 0 flip (+1 when s is "
            + "below t); \u03b3 = 0 channels are constant.";

    private final BorderPane root = new BorderPane();
    private final HistogramChart histogram = new HistogramChart();

    public SfReportView(SfReportViewModel vm, dev.bitflow.app.view.ModelBar models, BooleanProperty darkTheme) {
        root.setId("sf-bn-view");
        ComboBox<SfLayerReport> layer = new ComboBox<>(vm.layers());
        layer.setId("sf-layer");
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        layer.setCellFactory(l -> layerCell());
        layer.setButtonCell(layerCell());
        layer.setPromptText("Analyse first");
        Button analyse = new Button("Analyse", new FontIcon(MaterialDesignS.SCALE_BALANCE));
        analyse.setId("sf-analyse");
        analyse.getStyleClass().add("accent");
        analyse.setTooltip(Ui.tooltip("Compute the report on real images of the data the model was trained on (500 test, "
                + "1,000 training images for re-estimating BatchNorm)"));
        analyse.setOnAction(e -> vm.analyse());
        analyse.disableProperty().bind(vm.modelProperty().isNull().or(vm.busyProperty()));
        HBox actions = new HBox(8, new Label("Layer"), layer, analyse);
        actions.setAlignment(Pos.CENTER_RIGHT);
        root.setTop(new VBox(Ui.header(WorkbenchPage.SF_BN.title(), WorkbenchPage.SF_BN.description(), actions),
                models.bar("sf")));

        Label status = new Label();
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Assets.VIEW_SUBTITLE);
        Label explanation = new Label(EXPLANATION);
        explanation.setWrapText(true);
        explanation.getStyleClass().add(Assets.LAYER_SUMMARY);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        TableView<SfVariantResult> variants = new TableView<>(vm.variants());
        variants.setId("sf-variants");
        Exports.table(variants, "SF variants");
        variants.getStyleClass().add("dense");
        variants.getColumns().add(vcol("Variant", v -> shortName(v.variant()), 200));
        // Wide enough for their headers at 100% zoom ("Accuracy" was cut to "Accur..." at 1024x700).
        TableColumn<SfVariantResult, String> accuracy = vcol("Accuracy", v -> pct(v.accuracy()), 92);
        TableColumn<SfVariantResult, String> agree = vcol("Agree", v -> pct(v.predictionAgreement()), 80);
        for (TableColumn<SfVariantResult, String> c : List.of(accuracy, agree)) {
            c.setMinWidth(c.getPrefWidth());
            c.setStyle("-fx-alignment: CENTER-RIGHT;");
            variants.getColumns().add(c);
        }
        Label agreeHeader = new Label("Agree");
        agreeHeader.setTooltip(Ui.tooltip("Share of test images whose prediction equals the model as trained"));
        agree.setText(null);
        agree.setGraphic(agreeHeader);
        variants.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        variants.setFixedCellSize(26);
        variants.setPrefHeight(26 * 4 + 40);
        variants.setMinHeight(26 * 4 + 40);
        variants.setPlaceholder(waiting(vm, "Press Analyse: the model runs on test images with \u03b1 kept and "
                + "removed, and the accuracies appear here."));

        Label layerSummary = new Label();
        layerSummary.setWrapText(true);
        layerSummary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        layerSummary.textProperty().bind(Bindings.createStringBinding(() -> {
            SfLayerReport l = vm.layerProperty().get();
            if (l == null) {
                return "";
            }
            var rescaled = l.agreement(SfVariant.RESCALED);
            var reest = l.agreement(SfVariant.REESTIMATED);
            return String.format(Locale.ROOT, "%s \u2192 %s: K = %d, %d channels, %d flipped (\u03b3 < 0), %d constant. "
                            + "Sign outputs without \u03b1: rescaled %s agree (%d differ outside ties), re-estimated %s.",
                    l.name(), l.batchNorm(), l.fanIn(), l.channelCount(), l.flipped(), l.constant(),
                    pct(rescaled.agreement()), rescaled.disagreeingOutsideTies(), pct(reest.agreement()));
        }, vm.layerProperty()));

        TableView<SfChannelReport> channels = new TableView<>(vm.channels());
        channels.setId("sf-channels");
        Exports.table(channels, "SF channels");
        channels.getStyleClass().addAll("dense");
        channels.getColumns().add(ccol("c", c -> Integer.toString(c.channel()), 40));
        channels.getColumns().add(ncol("\u03b1", SfChannelReport::alpha));
        channels.getColumns().add(ncol("\u03b3", SfChannelReport::gamma));
        channels.getColumns().add(ncol("\u03b2", SfChannelReport::beta));
        channels.getColumns().add(ncol("\u03bc", SfChannelReport::mean));
        channels.getColumns().add(ncol("var", SfChannelReport::var));
        channels.getColumns().add(ncol("\u03c4 (\u03b1)", SfChannelReport::tauWithAlpha));
        channels.getColumns().add(ncol("\u03c4 (no \u03b1)", SfChannelReport::tauWithoutAlpha));
        channels.getColumns().add(right(ccol("t", c -> c.constant() ? "const" : Integer.toString(c.intThreshold()), 60)));
        channels.getColumns().add(right(ccol("t resc.", c -> c.constant() ? "" : Integer.toString(c.intThresholdRescaled()), 66)));
        channels.getColumns().add(right(ccol("t re-est", c -> c.constant() ? "" : Integer.toString(c.intThresholdReestimated()), 72)));
        channels.getColumns().add(ccol("note", c -> c.constant() ? "constant " + (c.constantValue() ? "+1" : "\u22121")
                : c.flipped() ? "\u03b3 < 0: flipped" : "", 120));
        channels.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        channels.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(SfChannelReport c, boolean empty) {
                super.updateItem(c, empty);
                getStyleClass().removeAll(Assets.ROW_FLIPPED, Assets.ROW_CONSTANT);
                if (!empty && c != null) {
                    if (c.constant()) {
                        getStyleClass().add(Assets.ROW_CONSTANT);
                    } else if (c.flipped()) {
                        getStyleClass().add(Assets.ROW_FLIPPED);
                    }
                }
            }
        });
        channels.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            if (c != null) {
                vm.channelProperty().set(c);
            }
        });
        channels.setPlaceholder(waiting(vm, "Press Analyse: every channel of the chosen binary layer appears "
                + "here with \u03b1, BatchNorm's statistics and its thresholds."));

        vm.channelProperty().addListener((o, a, c) -> showHistogram(vm, c));
        darkTheme.addListener((o, a, d) -> histogram.applyTheme(d));
        histogram.applyTheme(darkTheme.get());
        histogram.viewer().setId("sf-histogram");
        Exports.figure(histogram.viewer(), "SF histogram");

        Label legend = new Label("\u03c4 (\u03b1): BatchNorm's threshold on s as trained; \u03c4 (no \u03b1): the same "
                + "after removing \u03b1 and rescaling BN's statistics by it (equal up to \u03b5). t: the integer "
                + "threshold BatchShift keeps, decided exactly (+1 when s \u2265 t; s \u2264 t for \u03b3 < 0); t resc. and "
                + "t re-est.: the same without \u03b1. Amber rows: \u03b3 < 0 (flipped); red rows: \u03b3 = 0 (constant output).");
        legend.setWrapText(true);
        legend.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        legend.getStyleClass().add(Assets.LAYER_SUMMARY);
        VBox left = new VBox(8, Ui.panelTitle("Why BatchNorm cancels SF"), explanation,
                Ui.panelTitle("End to end, on test images"), variants, Ui.panelTitle("Reading the table"), legend);
        left.setPadding(new Insets(10, 12, 10, 16));
        // Scrolls in a low window instead of spilling over the header above it.
        javafx.scene.control.ScrollPane leftScroll = new javafx.scene.control.ScrollPane(left);
        leftScroll.setFitToWidth(true);
        leftScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        leftScroll.getStyleClass().add("edge-to-edge");
        leftScroll.setMinWidth(440); // the variants table: the longest variant name and both numbers
        VBox table = new VBox(8, status, layerSummary, channels);
        VBox.setVgrow(channels, Priority.ALWAYS);
        table.setPadding(new Insets(10, 16, 6, 12));
        // Until a channel is chosen the chart area says how to get one, instead of showing empty axes.
        Label pick = new Label("Click a channel in the table above: its integer pre-activations on test images "
                + "appear here with BatchNorm's threshold and the one BatchShift keeps.");
        pick.setId("sf-histogram-hint");
        pick.setWrapText(true);
        pick.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        pick.visibleProperty().bind(vm.channelProperty().isNull());
        histogram.viewer().visibleProperty().bind(vm.channelProperty().isNotNull());
        StackPane chartArea = new StackPane(histogram.viewer(), pick);
        VBox chart = new VBox(4, Ui.panelTitle("Selected channel (click a row)"), chartArea);
        VBox.setVgrow(chartArea, Priority.ALWAYS);
        chart.setPadding(new Insets(6, 16, 10, 12));
        SplitPane right = new SplitPane(table, chart);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.55);
        SplitPane split = new SplitPane(leftScroll, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.36);

        var empty = models.emptyState("sf", MaterialDesignS.SCALE_BALANCE,
                "Then Analyse shows, for every binary layer and channel, the scaling factor \u03b1, BatchNorm's \u03b3, "
                        + "\u03b2, \u03bc and var, the sign threshold with and without \u03b1, the histogram of integer "
                        + "pre-activations with the threshold, and how often the sign outputs agree without SF on real images.");
        empty.visibleProperty().bind(vm.modelProperty().isNull());
        split.visibleProperty().bind(vm.modelProperty().isNotNull());
        root.setCenter(new StackPane(split, empty));
    }

    /** A table placeholder: "Analysing..." while the report is computed, else what Analyse will show there. */
    private static Label waiting(SfReportViewModel vm, String idle) {
        Label l = new Label();
        l.setWrapText(true);
        l.setPadding(new Insets(12));
        l.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        l.textProperty().bind(Bindings.when(vm.busyProperty()).then("Analysing\u2026").otherwise(idle));
        return l;
    }

    private void showHistogram(SfReportViewModel vm, SfChannelReport c) {
        histogram.showChannel(vm.layerProperty().get() == null ? "" : vm.layerProperty().get().name(), c);
    }

    private static String shortName(SfVariant v) {
        return switch (v) {
            case TRAINED -> "as trained (with \u03b1)";
            case RESCALED -> "\u03b1 removed, BN rescaled";
            case RESCALED_EPS_KEPT -> "\u03b1 removed, BN rescaled, \u03b5 kept";
            case REESTIMATED -> "\u03b1 removed, BN re-estimated";
        };
    }

    private static ListCell<SfLayerReport> layerCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(SfLayerReport l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : l.name() + " (" + l.kind() + ", " + l.channelCount() + " ch)");
            }
        };
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static TableColumn<SfVariantResult, String> vcol(String t, Function<SfVariantResult, String> f, double w) {
        TableColumn<SfVariantResult, String> c = new TableColumn<>(t);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    /** A number column: 4 significant digits, right-aligned, wide enough for "-1.234e-05". */
    private static TableColumn<SfChannelReport, String> ncol(String t, java.util.function.ToDoubleFunction<SfChannelReport> f) {
        TableColumn<SfChannelReport, String> c = right(ccol(t, r -> Numbers.significant(f.applyAsDouble(r), 4), 90));
        c.setMinWidth(80);
        return c;
    }

    private static <S> TableColumn<S, String> right(TableColumn<S, String> c) {
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setMinWidth(Math.min(c.getPrefWidth(), 56));
        return c;
    }

    private static TableColumn<SfChannelReport, String> ccol(String t, Function<SfChannelReport, String> f, double w) {
        return Ui.textColumn(t, f, w);
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.SF_BN;
    }

    @Override
    public Parent root() {
        return root;
    }
}
