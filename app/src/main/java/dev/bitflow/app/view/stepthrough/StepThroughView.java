package dev.bitflow.app.view.stepthrough;

import dev.bitflow.app.view.Icons;
import dev.bitflow.app.view.ModelBar;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.stepthrough.StepCard;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel;
import dev.bitflow.app.viewmodel.stepthrough.TileLayout;
import dev.bitflow.app.viewmodel.stepthrough.StepThroughViewModel.LayerChoice;
import dev.bitflow.engine.api.data.ImageSample;
import dev.bitflow.engine.api.definition.ReceptiveField;
import dev.bitflow.engine.api.fusion.StepThrough;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * View 6, step-through: choose a fused binary layer, an output channel and position and a test image; the
 * view shows where that output bit sits (its receptive field on the image, its place on the layer's map of output
 * bits, where a click chooses another) and takes it apart step by step (input bits, weight bits, XNOR, popcount, dot
 * product, BatchShift, output bit) with the float network's values beside them. Previous / next buttons and the
 * left / right arrow keys move through the steps.
 */
public final class StepThroughView implements PageView {
    private final StepThroughViewModel vm;
    private final BorderPane root = new BorderPane();
    private final BitTilesCanvas input = new BitTilesCanvas();
    private final BitTilesCanvas weights = new BitTilesCanvas();
    private final BitTilesCanvas xnor = new BitTilesCanvas();
    private final ReceptiveFieldCanvas fieldImage = new ReceptiveFieldCanvas();
    private final BitTilesCanvas map = new BitTilesCanvas();
    private final Label imageCaption = new Label();
    private final Label fieldCaption = new Label();
    private final Label mapCaption = new Label();
    /** About how wide and high the map should be drawn, in logical pixels. */
    private double mapSide = 200;

    public StepThroughView(StepThroughViewModel vm, ModelBar models, BooleanProperty darkTheme) {
        this.vm = vm;
        root.setId("step-through-view");
        vm.activeProperty().bind(root.sceneProperty().isNotNull());
        Button previous = new Button("Previous", new FontIcon(MaterialDesignC.CHEVRON_LEFT));
        previous.setId("step-previous");
        previous.setTooltip(Ui.tooltip("The previous step (Left arrow)"));
        previous.disableProperty().bind(vm.canPreviousProperty().not());
        previous.setOnAction(e -> vm.previous());
        Button next = new Button("Next", new FontIcon(MaterialDesignC.CHEVRON_RIGHT));
        next.setId("step-next");
        next.getStyleClass().add("accent");
        next.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        next.setTooltip(Ui.tooltip("The next step (Right arrow)"));
        next.disableProperty().bind(vm.canNextProperty().not());
        next.setOnAction(e -> vm.next());
        root.setTop(new VBox(Ui.header(WorkbenchPage.STEP_THROUGH.title(), WorkbenchPage.STEP_THROUGH.description(),
                previous, next), models.bar("step")));

        for (BitTilesCanvas c : new BitTilesCanvas[] {input, weights, xnor, map}) {
            c.darkProperty().bind(darkTheme);
        }
        fieldImage.darkProperty().bind(darkTheme);
        input.setId("step-input-bits");
        weights.setId("step-weight-bits");
        xnor.setId("step-xnor-bits");

        BorderPane content = new BorderPane();
        // The controls scroll in a low window; they must not push the status bar out of it.
        ScrollPane controls = new ScrollPane(controls());
        controls.setFitToWidth(true);
        controls.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        controls.getStyleClass().add("edge-to-edge");
        controls.setMinWidth(300);
        controls.setMinHeight(0);
        content.setLeft(controls);
        content.setCenter(stepPane());
        Node empty = models.emptyState("step", Icons.of(WorkbenchPage.STEP_THROUGH),
                "The step-through takes one output bit of a fused binary layer apart: the input bits, the weight "
                        + "bits, XNOR, popcount, the BatchShift addition and the sign, beside the float network's values. "
                        + "It needs a trained model: open a *.bfm file or train one.");
        empty.visibleProperty().bind(vm.session().hasModelProperty().not());
        content.visibleProperty().bind(vm.session().hasModelProperty());
        root.setCenter(new StackPane(content, empty));

        vm.resultProperty().addListener((o, a, r) -> {
            showBits();
            showWhere();
        });
        vm.stepIndexProperty().addListener((o, a, b) -> showBits());
        vm.imageProperty().addListener((o, a, s) -> showWhere());
        vm.fieldProperty().addListener((o, a, f) -> showWhere());
        vm.fieldMarginProperty().addListener((o, a, m) -> fieldImage.setMargin(m.intValue()));
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getTarget() instanceof TextInputControl || e.isControlDown() || e.isAltDown()) {
                return;
            }
            if (e.getCode() == KeyCode.RIGHT) {
                vm.next();
                e.consume();
            } else if (e.getCode() == KeyCode.LEFT) {
                vm.previous();
                e.consume();
            }
        });
        showBits();
        showWhere();
    }

    private Node controls() {
        ComboBox<LayerChoice> layer = new ComboBox<>(vm.layers());
        layer.setId("step-layer");
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        layer.setMaxWidth(Double.MAX_VALUE);
        layer.setTooltip(Ui.tooltip("A binary layer of the fused network (binary weights on \u00b11 input)"));
        Spinner<Integer> channel = spinner("step-channel", vm.channelProperty(), "Output channel of the layer");
        Spinner<Integer> y = spinner("step-y", vm.yProperty(), "Row of the output position on the layer's conv output grid (before pooling)");
        Spinner<Integer> x = spinner("step-x", vm.xProperty(), "Column of the output position");
        Spinner<Integer> example = spinner("step-example", vm.exampleProperty(), "Test image of the data the model was trained on");
        vm.layerProperty().addListener((o, a, l) -> bound(l, channel, y, x));
        bound(vm.layerProperty().get(), channel, y, x);
        vm.exampleCountProperty().addListener((o, a, n) -> max(example, n.intValue()));
        max(example, vm.exampleCountProperty().get());

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, formLabel("Layer"), layer);
        form.addRow(1, formLabel("Channel"), channel);
        form.addRow(2, formLabel("Row y"), y);
        form.addRow(3, formLabel("Column x"), x);
        form.addRow(4, formLabel("Test image"), example);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setFillWidth(true);
        form.getColumnConstraints().addAll(c0, c1);

        ListView<StepCard> steps = new ListView<>(vm.cards());
        steps.setId("step-list");
        steps.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(StepCard item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : (getIndex() + 1) + ". " + item.title());
            }
        });
        steps.setFixedCellSize(26);
        steps.setPrefHeight(7 * 26 + 4);
        steps.setMinHeight(7 * 26 + 4);
        steps.getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (i.intValue() >= 0 && i.intValue() != vm.stepIndexProperty().get()) {
                vm.stepIndexProperty().set(i.intValue());
            }
        });
        vm.stepIndexProperty().addListener((o, a, i) -> steps.getSelectionModel().select(i.intValue()));
        vm.cards().addListener((javafx.collections.ListChangeListener<StepCard>) ch ->
                steps.getSelectionModel().select(vm.stepIndexProperty().get()));

        VBox box = new VBox(10, Ui.panelTitle("Choose a bit"), form, Ui.panelTitle("Steps"), steps);
        box.getStyleClass().add(dev.bitflow.assets.Assets.PANEL);
        box.setPrefWidth(290);
        box.setMinWidth(290);
        box.setStyle("-fx-border-color: transparent -color-border-muted transparent transparent;");
        return box;
    }

    private static Label formLabel(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Spinner<Integer> spinner(String id, javafx.beans.property.IntegerProperty value, String help) {
        Spinner<Integer> s = Ui.intSpinner(0, 0, value);
        s.setId(id);
        s.setTooltip(Ui.tooltip(help));
        return s;
    }

    private static void max(Spinner<Integer> s, int count) {
        ((SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory()).setMax(Math.max(0, count - 1));
    }

    private void bound(LayerChoice l, Spinner<Integer> channel, Spinner<Integer> y, Spinner<Integer> x) {
        max(channel, l == null ? 1 : l.channels());
        max(y, l == null ? 1 : l.height());
        max(x, l == null ? 1 : l.width());
        channel.getValueFactory().setValue(vm.channelProperty().get());
        y.getValueFactory().setValue(vm.yProperty().get());
        x.getValueFactory().setValue(vm.xProperty().get());
        y.setDisable(l == null || l.height() == 1);
        x.setDisable(l == null || l.width() == 1);
    }

    private Node stepPane() {
        Label counter = new Label();
        counter.setId("step-counter");
        counter.getStyleClass().addAll("text-muted", "text-small");
        counter.textProperty().bind(Bindings.createStringBinding(() -> vm.cards().isEmpty() ? ""
                : "STEP " + (vm.stepIndexProperty().get() + 1) + " OF " + vm.cards().size(), vm.cards(), vm.stepIndexProperty()));
        Label title = new Label();
        title.setId("step-title");
        title.getStyleClass().add("title-3");
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.cardProperty().get() == null ? ""
                : vm.cardProperty().get().title(), vm.cardProperty()));
        Label formula = new Label();
        formula.setId("step-formula");
        formula.setWrapText(true);
        formula.setStyle("-fx-font-family: monospace; -fx-font-size: 1.23em; -fx-font-weight: bold;");
        formula.textProperty().bind(Bindings.createStringBinding(() -> vm.cardProperty().get() == null ? ""
                : vm.cardProperty().get().formula(), vm.cardProperty()));
        Label explanation = new Label();
        explanation.setId("step-explanation");
        explanation.setWrapText(true);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        explanation.textProperty().bind(Bindings.createStringBinding(() -> vm.cardProperty().get() == null ? ""
                : vm.cardProperty().get().explanation(), vm.cardProperty()));
        Label floatSide = new Label();
        floatSide.setId("step-float");
        floatSide.setWrapText(true);
        floatSide.setMaxWidth(Double.MAX_VALUE);
        floatSide.setGraphic(new FontIcon(MaterialDesignA.APPROXIMATELY_EQUAL));
        floatSide.setStyle("-fx-background-color: -color-bg-subtle; -fx-border-color: -color-border-muted; "
                + "-fx-background-radius: 6; -fx-border-radius: 6; -fx-padding: 8 12 8 12;");
        floatSide.textProperty().bind(Bindings.createStringBinding(() -> vm.cardProperty().get() == null ? ""
                : vm.cardProperty().get().floatSide(), vm.cardProperty()));
        floatSide.visibleProperty().bind(floatSide.textProperty().isNotEmpty());
        floatSide.managedProperty().bind(floatSide.visibleProperty());

        Label error = new Label();
        error.setId("step-error");
        error.setWrapText(true);
        error.getStyleClass().add("danger");
        error.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(18, 18);
        Label working = new Label("Computing\u2026", spinner);
        working.getStyleClass().add("text-muted");
        working.visibleProperty().bind(vm.busyProperty());

        GridPane grids = new GridPane();
        grids.setHgap(16);
        grids.setVgap(4);
        grids.addRow(0, gridTitle("Input bits a", 0), gridTitle("Weight bits w", 1), gridTitle("XNOR(a, w)", 2));
        grids.addRow(1, input, weights, xnor);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100.0 / 3);
            c.setFillWidth(true);
            grids.getColumnConstraints().add(c);
        }
        for (Node n : new Node[] {input, weights, xnor}) {
            GridPane.setValignment(n, javafx.geometry.VPos.TOP);
        }
        Label legend = new Label("White tile = bit 1 (+1), black = bit 0 (\u22121), grey with a cross = zero padding "
                + "(does not count). One grid per input channel.");
        legend.getStyleClass().addAll("text-muted", "text-small");
        legend.setWrapText(true);

        HBox top = new HBox(12, counter, Ui.hgrow(), working);
        top.setAlignment(Pos.CENTER_LEFT);
        Node where = where();
        VBox box = new VBox(10, top, where, title, formula, explanation, floatSide, error, grids, legend);
        box.setId("step-card");
        Exports.figure(box, "Step-through");
        box.setPadding(new Insets(14, 18, 18, 18));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        // In a low window (1024x700) the figures of where the bit sits shrink and move under the step, so the
        // step's own bit grids are in view without scrolling; in a tall one they lead the card.
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            boolean low = b.getHeight() < 600;
            fieldImage.setSide(low ? 160 : 220);
            mapSide = low ? 150 : 200;
            sizeMap();
            int at = box.getChildren().indexOf(where);
            if (low && at == 1) {
                box.getChildren().remove(where);
                box.getChildren().add(where);
            } else if (!low && at != 1) {
                box.getChildren().remove(where);
                box.getChildren().add(1, where);
            }
        });
        return scroll;
    }

    /** Where the bit sits: its receptive field on the image, and its place on the layer's map (click to move). */
    private Node where() {
        fieldImage.setId("step-field");
        Exports.figure(fieldImage, "Receptive field");
        imageCaption.setId("step-image-caption");
        fieldCaption.setId("step-field-caption");
        map.setId("step-map");
        map.setInset(5);
        map.setOnTileClicked(vm::selectTile);
        Exports.figure(map, "Feature map");
        mapCaption.setId("step-map-caption");
        for (Label l : new Label[] {imageCaption, fieldCaption, mapCaption}) {
            l.getStyleClass().addAll("text-muted", "text-small");
            l.setWrapText(true);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        VBox onImage = new VBox(6, Ui.panelTitle("On the input image"), fieldImage, imageCaption, fieldCaption);
        onImage.setPrefWidth(250);
        onImage.setMinWidth(180);
        VBox onMap = new VBox(6, Ui.panelTitle("On the layer's output"), map, mapCaption);
        onMap.setPrefWidth(290);
        onMap.setMinWidth(180);
        onMap.setMaxWidth(420);
        HBox.setHgrow(onMap, Priority.SOMETIMES);
        HBox row = new HBox(24, onImage, onMap);
        row.setId("step-where");
        row.visibleProperty().bind(vm.resultProperty().isNotNull());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** Tiles as large as fit the map's side: a 7 x 7 grid is drawn as large as a 14 x 14 one (3 to 28 pixels). */
    private void sizeMap() {
        StepThrough r = vm.resultProperty().get();
        LayerChoice l = vm.resultLayerProperty().get();
        if (r == null || l == null) {
            return;
        }
        TileLayout layout = StepThroughViewModel.mapLayout(r, l);
        map.setMaxTile((int) Math.max(3, Math.min(28, Math.floor(mapSide / Math.max(layout.rows(), layout.cols())))));
    }

    private Label gridTitle(String text, int fromStep) {
        Label l = Ui.panelTitle(text);
        l.visibleProperty().bind(vm.stepIndexProperty().greaterThanOrEqualTo(fromStep).and(vm.resultProperty().isNotNull()));
        return l;
    }

    /** Reveals the grids one by one: input from step 1, weights from step 2, XNOR from step 3. */
    private void showBits() {
        StepThrough r = vm.resultProperty().get();
        LayerChoice l = vm.resultLayerProperty().get();
        int step = vm.stepIndexProperty().get();
        if (r == null || l == null) {
            input.show(null, null, null);
            weights.show(null, null, null);
            xnor.show(null, null, null);
            return;
        }
        input.show(l.layout(), r.inputBits(), r.valid());
        weights.show(step >= 1 ? l.layout() : null, r.weightBits(), null);
        xnor.show(step >= 2 ? l.layout() : null, r.xnorBits(), r.valid());
    }

    /** The image with the field, the map with the position, and their captions. */
    private void showWhere() {
        ImageSample s = vm.imageProperty().get();
        ReceptiveField f = vm.fieldProperty().get();
        StepThrough r = vm.resultProperty().get();
        LayerChoice l = vm.resultLayerProperty().get();
        fieldImage.show(s, f);
        imageCaption.setText(s == null ? "" : String.format(Locale.ROOT, "Test image %d\n%s (label %d)", s.index(),
                s.labelName(), s.label()));
        fieldCaption.setText(f == null ? "" : StepThroughViewModel.describe(f));
        if (r == null || l == null) {
            map.show(null, null, null);
            mapCaption.setText("");
            return;
        }
        map.show(StepThroughViewModel.mapLayout(r, l), r.mapBits(), null);
        map.mark(StepThroughViewModel.markedTile(r, l));
        sizeMap();
        mapCaption.setText(StepThroughViewModel.describeMap(r, l));
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.STEP_THROUGH;
    }

    @Override
    public Parent root() {
        return root;
    }
}
