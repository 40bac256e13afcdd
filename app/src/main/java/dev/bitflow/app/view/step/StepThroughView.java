package dev.bitflow.app.view.step;

import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.step.StepThroughViewModel;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.fusion.StepThrough;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * Step-through (teaching): one output bit of a fused binary layer, from the receptive field's input bits
 * through weight bits, XNOR, popcount and the dot product to BatchShift and sign, with the float path's
 * values beside them, one step at a time.
 */
public final class StepThroughView implements PageView {
    private final StepThroughViewModel vm;
    private final BorderPane root = new BorderPane();
    private final BitGrid input = new BitGrid();
    private final BitGrid weights = new BitGrid();
    private final BitGrid xnor = new BitGrid();
    private final VBox steps = new VBox(6);

    public StepThroughView(StepThroughViewModel vm, BooleanProperty darkTheme) {
        this.vm = vm;
        root.setId("step-through-view");
        ComboBox<String> layer = new ComboBox<>(vm.layers());
        layer.setId("step-layer");
        layer.valueProperty().bindBidirectional(vm.layerProperty());
        layer.setPrefWidth(110);
        Spinner<Integer> channel = spinner(vm.channelProperty(), "step-channel");
        Spinner<Integer> y = spinner(vm.yProperty(), "step-y");
        Spinner<Integer> x = spinner(vm.xProperty(), "step-x");
        Spinner<Integer> example = spinner(vm.exampleProperty(), "step-example");
        ((javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) example.getValueFactory()).setMax(999);
        vm.outputShapeProperty().addListener((o, a, s) -> {
            if (s != null) {
                max(channel, s.channels() - 1);
                max(y, s.height() - 1);
                max(x, s.width() - 1);
            }
        });
        Button compute = new Button("Show", new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
        compute.setId("step-compute");
        compute.getStyleClass().add("accent");
        compute.setTooltip(Ui.tooltip("Take this output bit apart on the chosen test image"));
        compute.setOnAction(e -> vm.compute());
        compute.disableProperty().bind(vm.modelProperty().isNull().or(vm.busyProperty()).or(vm.layerProperty().isNull()));
        HBox actions = new HBox(6, new Label("Layer"), layer, new Label("Channel"), channel, new Label("y"), y,
                new Label("x"), x, new Label("Image"), example, compute);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(10, 16, 0, 16));
        root.setTop(new VBox(Ui.header(WorkbenchPage.STEP_THROUGH.title(), WorkbenchPage.STEP_THROUGH.description()), actions));

        Button back = new Button("Back", new FontIcon(MaterialDesignC.CHEVRON_LEFT));
        back.setOnAction(e -> vm.back());
        Button next = new Button("Next step", new FontIcon(MaterialDesignC.CHEVRON_RIGHT));
        next.setId("step-next");
        next.setOnAction(e -> vm.next());
        Button all = new Button("Show all", new FontIcon(MaterialDesignS.SKIP_NEXT));
        all.setId("step-all");
        all.setOnAction(e -> vm.showAll());
        var noResult = vm.resultProperty().isNull();
        back.disableProperty().bind(noResult.or(vm.stepProperty().isEqualTo(0)));
        next.disableProperty().bind(noResult.or(vm.stepProperty().isEqualTo(StepThroughViewModel.STEPS.size() - 1)));
        all.disableProperty().bind(noResult);
        Label stepLabel = new Label();
        stepLabel.getStyleClass().add(Assets.LAYER_NAME);
        stepLabel.textProperty().bind(Bindings.createStringBinding(() -> "Step " + (vm.stepProperty().get() + 1) + " of "
                + StepThroughViewModel.STEPS.size() + ": " + StepThroughViewModel.STEPS.get(vm.stepProperty().get()), vm.stepProperty()));
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add(Assets.VIEW_SUBTITLE);
        HBox stepBar = new HBox(8, back, next, all, stepLabel, Ui.hgrow(), status);
        stepBar.setAlignment(Pos.CENTER_LEFT);

        GridPane grids = new GridPane();
        grids.setHgap(16);
        for (int i = 0; i < 3; i++) {
            javafx.scene.layout.ColumnConstraints cc = new javafx.scene.layout.ColumnConstraints();
            cc.setPercentWidth(100.0 / 3);
            grids.getColumnConstraints().add(cc);
        }
        grids.addRow(0, input, weights, xnor);
        for (BitGrid b : List.of(input, weights, xnor)) {
            GridPane.setVgrow(b, Priority.ALWAYS);
            GridPane.setHgrow(b, Priority.ALWAYS);
            b.setPrefHeight(260);
        }
        VBox.setVgrow(grids, Priority.ALWAYS);
        VBox content = new VBox(12, stepBar, grids, Ui.panelTitle("Arithmetic"), steps);
        content.setPadding(new Insets(12, 16, 12, 16));
        content.setId("step-content");

        var empty = Ui.emptyState(MaterialDesignS.STEP_FORWARD, "Nothing to step through yet",
                "Train a model (Training) or open a .bfm (BatchShift), then pick a binary layer, an output channel, a "
                        + "position and a test image and press Show: the receptive field's input bits, the weight bits, "
                        + "their XNOR, the popcount, BatchShift and the sign appear step by step, with the float path's "
                        + "values beside them.");
        empty.visibleProperty().bind(noResult);
        content.visibleProperty().bind(noResult.not());
        StackPane center = new StackPane(content, empty);
        root.setCenter(center);

        vm.resultProperty().addListener((o, a, r) -> render());
        vm.stepProperty().addListener((o, a, s) -> render());
        darkTheme.addListener((o, a, d) -> List.of(input, weights, xnor).forEach(b -> b.setDark(d)));
        List.of(input, weights, xnor).forEach(b -> b.setDark(darkTheme.get()));
    }

    private void render() {
        StepThrough r = vm.resultProperty().get();
        steps.getChildren().clear();
        if (r == null) {
            input.clear();
            weights.clear();
            xnor.clear();
            return;
        }
        int step = vm.stepProperty().get();
        int taps = r.kernel() * r.kernel();
        input.set("Input bits (" + r.kernel() + "\u00d7" + r.kernel() + " taps \u00d7 " + r.inChannels() + " ch)",
                r.inputBits(), r.valid(), taps, r.inChannels());
        if (step >= 1) {
            weights.set("Weight bits, filter " + r.channel() + (r.flipped() ? " (negated)" : ""), r.weightBits(), r.valid(), taps, r.inChannels());
        } else {
            weights.clear();
        }
        if (step >= 2) {
            xnor.set("XNOR (white: agree)", r.xnorBits(), r.valid(), taps, r.inChannels());
        } else {
            xnor.clear();
        }
        List<String> lines = StepThroughViewModel.explain(r);
        for (int i = 0; i <= step && i < lines.size(); i++) {
            Label l = new Label((i + 1) + ". " + StepThroughViewModel.STEPS.get(i) + ": " + lines.get(i));
            l.setWrapText(true);
            l.getStyleClass().add(i == step ? Assets.LAYER_NAME : Assets.LAYER_SUMMARY);
            steps.getChildren().add(l);
        }
    }

    private static Spinner<Integer> spinner(IntegerProperty p, String id) {
        Spinner<Integer> s = new Spinner<>(0, 10_000, p.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(78);
        s.valueProperty().addListener((o, a, b) -> p.set(b));
        p.addListener((o, a, b) -> {
            if (!s.getValue().equals(b.intValue())) {
                s.getValueFactory().setValue(b.intValue());
            }
        });
        return s;
    }

    private static void max(Spinner<Integer> s, int max) {
        ((javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) s.getValueFactory()).setMax(Math.max(0, max));
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
