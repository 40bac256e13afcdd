package dev.bitflow.app.view.accuracy;

import dev.bitflow.app.view.Icons;
import dev.bitflow.app.view.ModelBar;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.accuracy.AccuracyViewModel;
import dev.bitflow.app.viewmodel.accuracy.ConfusionMatrix;
import dev.bitflow.assets.Assets;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * Accuracy: the analysed model's test accuracy and loss, a table of per-class accuracy (with the class each is most
 * often mistaken for) and the confusion matrix, for the test split of the embedded mini set or the full set.
 */
public final class AccuracyView implements PageView {
    private final BorderPane root = new BorderPane();

    public AccuracyView(AccuracyViewModel vm, ModelBar models, BooleanProperty darkTheme) {
        root.setId("accuracy-view");
        ComboBox<AccuracyViewModel.TestSet> sets = new ComboBox<>(vm.testSets());
        sets.setId("accuracy-test-set");
        sets.valueProperty().bindBidirectional(vm.testSetProperty());
        sets.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(AccuracyViewModel.TestSet item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label() + (item.available() ? "" : "  (not installed)"));
                setDisable(!empty && item != null && !item.available());
            }
        });
        sets.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button evaluate = new Button("Evaluate", new FontIcon(MaterialDesignP.PLAY_CIRCLE_OUTLINE));
        evaluate.setId("accuracy-evaluate");
        evaluate.getStyleClass().add("accent");
        evaluate.setTooltip(Ui.tooltip("Run the model on every image of the chosen test set (float network, in the "
                + "background) and count, per true class, what it predicts"));
        evaluate.setOnAction(e -> vm.evaluate());
        evaluate.disableProperty().bind(vm.session().hasModelProperty().not().or(vm.busyProperty())
                .or(vm.testSetProperty().isNull()));
        evaluate.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label on = new Label("Test set");
        on.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox actions = new HBox(8, on, sets, evaluate);
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        root.setTop(new VBox(Ui.header(WorkbenchPage.ACCURACY.title(), WorkbenchPage.ACCURACY.description(), actions),
                models.bar("accuracy")));

        Label accuracy = card(vm, r -> String.format(Locale.ROOT, "%.2f%%", 100 * r.accuracy()), "Test accuracy");
        Label loss = card(vm, r -> String.format(Locale.ROOT, "%.4f", r.loss()), "Test loss");
        Label examples = card(vm, r -> String.format(Locale.ROOT, "%,d", r.examples()), "Test images");
        accuracy.setId("accuracy-value");
        javafx.scene.layout.FlowPane cards = new javafx.scene.layout.FlowPane(10, 10, (Node) accuracy.getParent(),
                (Node) loss.getParent(), (Node) examples.getParent());
        Label note = new Label();
        note.setId("accuracy-note");
        note.setWrapText(true);
        note.getStyleClass().add(Assets.LAYER_SUMMARY);
        note.textProperty().bind(Bindings.createStringBinding(() -> !vm.errorProperty().get().isEmpty()
                ? vm.errorProperty().get() : vm.noteProperty().get(), vm.errorProperty(), vm.noteProperty()));
        vm.errorProperty().addListener((o, a, b) -> note.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("problem"), !b.isEmpty()));

        TableView<ConfusionMatrix.ClassRow> table = new TableView<>(vm.classes());
        table.setId("accuracy-classes");
        table.getStyleClass().add("dense");
        table.getColumns().add(Ui.textColumn("Class", ConfusionMatrix.ClassRow::name, 96));
        table.getColumns().add(Ui.textColumn("Accuracy", (ConfusionMatrix.ClassRow r) -> r.accuracyText()
                + "  (" + r.correct() + "/" + r.total() + ")", 136));
        var mistaken = Ui.textColumn("Mistaken for", ConfusionMatrix.ClassRow::mistakenText, 140);
        mistaken.setGraphic(null);
        table.getColumns().add(mistaken);
        table.setTooltip(Ui.tooltip("Mistaken for: the class this class's test images are most often predicted as, "
                + "with how many"));
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        Label placeholder = new Label("Press Evaluate: the model runs on every test image, and each class's accuracy "
                + "appears here with the class it is most often mistaken for.");
        placeholder.setWrapText(true);
        placeholder.setPadding(new Insets(12));
        placeholder.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        table.setPlaceholder(placeholder);
        Exports.table(table, "Per-class accuracy");
        VBox left = new VBox(10, cards, note, Ui.panelTitle("Per class"), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        left.setPadding(new Insets(12, 12, 12, 18));
        left.setPrefWidth(420);
        left.setMinWidth(420);
        left.setMaxWidth(420);

        ConfusionMatrixCanvas matrix = new ConfusionMatrixCanvas();
        matrix.setId("accuracy-matrix");
        matrix.matrixProperty().bind(vm.matrixProperty());
        matrix.darkProperty().bind(darkTheme);
        Exports.figure(matrix, "Confusion matrix", () -> vm.matrixProperty().get() == null ? null
                : vm.matrixProperty().get().table());
        Label hover = new Label();
        hover.setId("accuracy-hover");
        hover.getStyleClass().add(Assets.LAYER_SUMMARY);
        hover.textProperty().bind(Bindings.createStringBinding(() -> matrix.hoverTextProperty().get().isEmpty()
                ? (vm.matrixProperty().get() == null ? "" : "Hover a cell for its count.") : matrix.hoverTextProperty().get(),
                matrix.hoverTextProperty(), vm.matrixProperty()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label waiting = new Label("The confusion matrix appears here after Evaluate: one row per true class, one column "
                + "per predicted class.");
        waiting.setWrapText(true);
        waiting.getStyleClass().add(Assets.EMPTY_STATE_TEXT);
        waiting.visibleProperty().bind(vm.matrixProperty().isNull().and(vm.busyProperty().not()));
        StackPane matrixStack = new StackPane(matrix, waiting, spinner);
        VBox.setVgrow(matrixStack, Priority.ALWAYS);
        VBox right = new VBox(8, Ui.panelTitle("Confusion matrix"), matrixStack, hover);
        right.setPadding(new Insets(12, 18, 12, 12));
        // The per-class table keeps its width; the matrix takes what the window gives.
        BorderPane split = new BorderPane(right);
        split.setLeft(left);

        Node empty = models.emptyState("accuracy", Icons.of(WorkbenchPage.ACCURACY),
                "Then this view shows its test accuracy, the accuracy of every class and the confusion matrix: which "
                        + "classes it takes for which, on the embedded mini set or the full test set.");
        empty.visibleProperty().bind(vm.session().hasModelProperty().not());
        split.visibleProperty().bind(vm.session().hasModelProperty());
        root.setCenter(new StackPane(split, empty));
    }

    /** A metric card; returns its value label (its parent is the card). */
    private static Label card(AccuracyViewModel vm, Function<dev.bitflow.engine.api.training.EvaluationResult, String> f,
                              String caption) {
        Label value = new Label();
        value.getStyleClass().add(Assets.METRIC_VALUE);
        value.textProperty().bind(Bindings.createStringBinding(() -> vm.resultProperty().get() == null ? "\u2013"
                : f.apply(vm.resultProperty().get()), vm.resultProperty()));
        Label label = new Label(caption);
        label.getStyleClass().add(Assets.METRIC_LABEL);
        VBox box = new VBox(2, value, label);
        box.getStyleClass().add(Assets.METRIC_CARD);
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return value;
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.ACCURACY;
    }

    @Override
    public Parent root() {
        return root;
    }
}
