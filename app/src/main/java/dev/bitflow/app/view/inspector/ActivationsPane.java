package dev.bitflow.app.view.inspector;

import dev.bitflow.app.view.ModelBar;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.inspector.ActivationsViewModel;
import dev.bitflow.app.viewmodel.inspector.RateHeatMap;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.analysis.ActivationMap;
import dev.bitflow.engine.api.analysis.ActivationRates;
import dev.bitflow.engine.api.analysis.ActivationTrace;
import dev.bitflow.engine.api.data.ImageSample;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignG;

/**
 * The inspector's Activations section: a test-image chooser with the image and its predicted class on the left;
 * on the right the per-channel +1 rate heat map with the dead-channel counts, then every binary layer's
 * activation maps as black-and-white tiles. Without a model, the designed empty state of the model views.
 */
public final class ActivationsPane {
    private final ActivationsViewModel vm;
    private final BooleanProperty darkTheme;
    private final StackPane root;
    private final Canvas image = new Canvas(112, 112);
    private final Label imageCaption = new Label();
    private final VBox maps = new VBox(8);
    private final Label summary = new Label();

    public ActivationsPane(ActivationsViewModel vm, ModelBar models, BooleanProperty darkTheme) {
        this.vm = vm;
        this.darkTheme = darkTheme;

        BorderPane content = new BorderPane();
        content.setId("activations-content");
        content.setTop(models.bar("activations"));
        content.setLeft(chooser());
        content.setCenter(rightSide());
        Node empty = models.emptyState("activations", MaterialDesignG.GRID,
                "The activations show, for a test image, every binary layer's output bits as black-and-white tiles, "
                        + "and per channel how often it outputs +1 over 500 test images, with dead channels marked. "
                        + "They need a trained model: open a *.bfm file or train one.");
        empty.visibleProperty().bind(vm.session().hasModelProperty().not());
        content.visibleProperty().bind(vm.session().hasModelProperty());
        root = new StackPane(content, empty);
        root.setId("activations-pane");

        vm.traceProperty().addListener((o, a, t) -> showTrace(t));
        vm.ratesProperty().addListener((o, a, r) -> showRates(r));
        showTrace(vm.traceProperty().get());
        showRates(vm.ratesProperty().get());
    }

    public StackPane root() {
        return root;
    }

    private Node chooser() {
        Spinner<Integer> example = Ui.intSpinner(0, Integer.MAX_VALUE, vm.exampleProperty());
        example.setId("activations-example");
        example.setPrefWidth(100);
        example.setTooltip(Ui.tooltip("Test image of the data the model was trained on"));
        SpinnerValueFactory.IntegerSpinnerValueFactory f = (SpinnerValueFactory.IntegerSpinnerValueFactory) example.getValueFactory();
        vm.exampleCountProperty().addListener((o, a, n) -> f.setMax(Math.max(0, n.intValue() - 1)));
        f.setMax(Math.max(0, vm.exampleCountProperty().get() - 1));

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.traceBusyProperty().or(vm.ratesBusyProperty()));
        HBox row = new HBox(8, new Label("Index"), example, busy);
        row.setAlignment(Pos.CENTER_LEFT);
        imageCaption.setWrapText(true);
        imageCaption.setId("activations-image-caption");
        Label error = new Label();
        error.setWrapText(true);
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label help = new Label("White tile pixels are +1, black \u22121. Each small tile is one channel of the layer's "
                + "output for this image. A dead channel outputs the same bit for every position of every counted "
                + "image: it carries no information.");
        help.setWrapText(true);
        help.getStyleClass().add(Assets.VIEW_SUBTITLE);
        VBox box = new VBox(10, Ui.panelTitle("Test image"), row, image, imageCaption, error, help);
        box.setPadding(new Insets(12, 12, 12, 16));
        box.setPrefWidth(240);
        box.setMinWidth(240);
        return box;
    }

    private Node rightSide() {
        RateHeatMapCanvas heat = new RateHeatMapCanvas();
        heat.setId("activation-rate-heatmap");
        Exports.figure(heat, "+1 rate heat map");
        heat.ratesProperty().bind(vm.ratesProperty());
        heat.darkProperty().bind(darkTheme);
        Label hover = new Label();
        hover.setId("activation-rate-hover");
        hover.getStyleClass().add(Assets.VIEW_SUBTITLE);
        hover.textProperty().bind(heat.hoveredProperty());
        hover.setMinHeight(18);
        summary.setId("activation-dead-summary");
        summary.setWrapText(true);
        Label counting = new Label("Counting the +1 rates of every channel over the first test images\u2026");
        counting.getStyleClass().add(Assets.VIEW_SUBTITLE);
        counting.visibleProperty().bind(vm.ratesBusyProperty());
        counting.managedProperty().bind(counting.visibleProperty());
        VBox top = new VBox(6, Ui.panelTitle("+1 rate per channel"), summary, counting, heat, hover,
                Ui.panelTitle("Activation maps of this image"), maps);
        top.setPadding(new Insets(12, 16, 12, 8));
        ScrollPane scroll = new ScrollPane(top);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return scroll;
    }

    private void showRates(ActivationRates r) {
        summary.setText(r == null ? "" : RateHeatMap.summary(r));
    }

    private void showTrace(ActivationTrace t) {
        maps.getChildren().clear();
        drawImage(t == null ? null : t.image());
        if (t == null) {
            return;
        }
        for (ActivationMap m : t.layers()) {
            Label title = new Label(String.format(Locale.ROOT, "%s  (%s)  \u00b7  %d x %d x %d  \u00b7  %.1f%% +1",
                    m.layer(), m.block(), m.channels(), m.height(), m.width(), 100.0 * plusOnes(m)
                            / ((double) m.channels() * m.height() * m.width())));
            title.getStyleClass().add("text-bold");
            ActivationTilesCanvas tiles = new ActivationTilesCanvas();
            tiles.setId("activation-tiles-" + m.layer());
            Exports.figure(tiles, "Activation tiles " + m.layer());
            tiles.darkProperty().bind(darkTheme);
            tiles.show(m);
            maps.getChildren().addAll(title, tiles);
        }
        imageCaption.setText(String.format(Locale.ROOT, "Test image %d: %s (label %d)\nPredicted: %s\n"
                + "Bits from the %s", t.image().index(), t.image().labelName(), t.image().label(), t.predictionName(),
                t.path().label()));
    }

    private static long plusOnes(ActivationMap m) {
        long n = 0;
        for (int c = 0; c < m.channels(); c++) {
            n += m.plusOnes(c);
        }
        return n;
    }

    private void drawImage(ImageSample s) {
        Ui.drawImage(image, s);
        if (s == null) {
            imageCaption.setText("");
        }
    }
}
