package dev.bitflow.app.view.batchshift;

import dev.bitflow.app.view.ModelBar;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel.VerificationData;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel.Phase;
import dev.bitflow.app.viewmodel.batchshift.ShiftRow;
import dev.bitflow.engine.api.fusion.VerificationReport;
import dev.bitflow.engine.api.io.FileNames;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/**
 * View 4, BatchShift: fuse the session's trained model, the per-layer table of shifts, verification of the
 * fused bit-level network against the float path with a per-channel mismatch heat map, and saving the fused
 * model. Binds to {@link BatchShiftViewModel}; all work runs in the background through it.
 */
public final class BatchShiftView implements PageView {
    static final String EXPLANATION = "BatchShift folds each binary layer's scaling factor, BatchNorm and sign into "
            + "one integer per channel: the output bit is +1 exactly when s + B \u2265 0, where s is the XNOR-popcount "
            + "dot product and B = \u2212\u2308\u03c4\u2309 with \u03c4 = (\u03bc \u2212 \u03b2\u00b7\u03c3/\u03b3 \u2212 b)/\u03b1. "
            + "Channels with \u03b3 < 0 get their weights negated (flipped); \u03b3 = 0 makes a channel constant. "
            + "The first layer keeps float weights and gets a threshold per channel; the last layer only adds its "
            + "float weights. Verification runs both networks on test images and compares every activation bit.";

    private final BatchShiftViewModel vm;
    private final BorderPane root = new BorderPane();
    private Supplier<Optional<Path>> saveChooser;

    public BatchShiftView(BatchShiftViewModel vm, ModelBar models, BooleanProperty darkTheme) {
        this.vm = vm;
        root.setId("batchshift-view");
        Button fuse = new Button("Fuse", new FontIcon(MaterialDesignC.CALL_MERGE));
        fuse.setId("batchshift-fuse");
        fuse.getStyleClass().add("accent");
        fuse.setTooltip(Ui.tooltip("Fold SF + BatchNorm + sign of every binary layer into one integer BatchShift per channel"));
        fuse.disableProperty().bind(vm.canFuseProperty().not());
        fuse.setOnAction(e -> vm.fuse());

        ComboBox<VerificationData> data = new ComboBox<>(vm.dataChoices());
        data.setId("batchshift-data");
        data.valueProperty().bindBidirectional(vm.dataProperty());
        data.setButtonCell(choiceCell());
        data.setCellFactory(l -> choiceCell());
        data.disableProperty().bind(vm.canVerifyProperty().not());
        data.setTooltip(Ui.tooltip("Test images for the verification: those of the data the model was trained on; for "
                + "a model that does not name its data, the embedded mini set or, when installed, the full test set"));
        vm.standardHelpProperty().addListener((o, a, help) -> data.setTooltip(Ui.tooltip(help.isEmpty()
                ? "Test images for the verification" : "Only the embedded mini set is available: " + help)));
        Button verify = new Button("Verify", new FontIcon(MaterialDesignC.CHECK_DECAGRAM_OUTLINE));
        verify.setId("batchshift-verify");
        verify.setTooltip(Ui.tooltip("Run the float path and the fused bit-level path on the test images and compare "
                + "every activation bit, layer by layer and channel by channel"));
        verify.disableProperty().bind(vm.canVerifyProperty().not());
        verify.setOnAction(e -> vm.verify());
        Button save = new Button("Save .bff\u2026", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("batchshift-save");
        save.setTooltip(Ui.tooltip("Write the fused model (packed weight bits, int16 shifts, flags, checksums) to a *.bff file"));
        save.disableProperty().bind(vm.canVerifyProperty().not());
        save.setOnAction(e -> chooseSaveFile().ifPresent(vm::save));

        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {fuse, data, verify, save}) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        Label verifyOn = new Label("Verify on");
        verifyOn.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        root.setTop(new VBox(Ui.header(WorkbenchPage.BATCHSHIFT.title(), WorkbenchPage.BATCHSHIFT.description(),
                fuse, new Separator(javafx.geometry.Orientation.VERTICAL), verifyOn, data, verify,
                new Separator(javafx.geometry.Orientation.VERTICAL), save), models.bar("batchshift")));

        VBox content = new VBox(14, busyStrip(), errorBox(), explanation(), shiftsSection(), verificationSection(darkTheme));
        content.setPadding(new Insets(14, 18, 18, 18));
        content.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        Node empty = models.emptyState("batchshift", dev.bitflow.app.view.Icons.of(WorkbenchPage.BATCHSHIFT),
                "BatchShift needs a trained model: open a *.bfm file, or train one in the Training view. "
                        + "Then one click fuses it, another verifies the fused bit-level network against the float "
                        + "network on real test images.");
        empty.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.NO_MODEL));
        scroll.visibleProperty().bind(empty.visibleProperty().not());
        root.setCenter(new StackPane(scroll, empty));
    }

    /** Replaces the save-file chooser (tests). */
    public void setSaveChooser(Supplier<Optional<Path>> chooser) {
        this.saveChooser = chooser;
    }

    private Optional<Path> chooseSaveFile() {
        if (saveChooser != null) {
            return saveChooser.get();
        }
        FileChooser c = new FileChooser();
        c.setTitle("Save fused model");
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("Fused models (*.bff)", "*.bff"));
        String name = vm.session().model() == null ? "model" : vm.session().model().definition().name();
        c.setInitialFileName(FileNames.stem(name) + ".bff");
        return dev.bitflow.app.view.NativeFileDialogs.save(c, root.getScene() == null ? null : root.getScene().getWindow());
    }

    private static ListCell<VerificationData> choiceCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(VerificationData item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.label());
            }
        };
    }

    private Node busyStrip() {
        ProgressBar bar = new ProgressBar();
        bar.setId("batchshift-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(Bindings.when(vm.progressProperty().lessThan(0))
                .then(ProgressBar.INDETERMINATE_PROGRESS).otherwise(vm.progressProperty()));
        Label text = new Label();
        text.textProperty().bind(vm.busyTextProperty());
        Button cancel = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancel.setId("batchshift-cancel");
        cancel.getStyleClass().add("small");
        cancel.setOnAction(e -> vm.cancel());
        HBox box = new HBox(12, bar, text, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.visibleProperty().bind(vm.busyProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node errorBox() {
        Label text = new Label();
        text.setId("batchshift-error");
        text.setWrapText(true);
        text.textProperty().bind(vm.errorProperty());
        text.getStyleClass().add("danger");
        text.setGraphic(new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE));
        HBox box = new HBox(text);
        box.setStyle(callout("danger"));
        box.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    static String callout(String colour) {
        return "-fx-background-color: -color-" + colour + "-subtle; -fx-border-color: -color-" + colour + "-muted; "
                + "-fx-background-radius: 6; -fx-border-radius: 6; -fx-padding: 8 12 8 12;";
    }

    private static Node explanation() {
        Label l = new Label(EXPLANATION);
        l.setWrapText(true);
        l.getStyleClass().add("text-muted");
        return l;
    }

    private Node shiftsSection() {
        TableView<ShiftRow> table = new TableView<>(vm.rows());
        table.setId("batchshift-table");
        Exports.table(table, "BatchShift shifts");
        table.getStyleClass().addAll("dense", "striped");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setMinWidth(0);
        table.getColumns().add(col("Layer", ShiftRow::layer, 70, "The block's conv or dense layer"));
        table.getColumns().add(col("Runs as", ShiftRow::becomes, 230, "What the layer block computes after fusion"));
        table.getColumns().add(col("Channels", ShiftRow::channels, 104, "Output channels"));
        table.getColumns().add(col("K", ShiftRow::dotLength, 64, "Dot-product length: kernel \u00d7 kernel \u00d7 input channels, or dense inputs"));
        table.getColumns().add(col("B range", ShiftRow::range, 120, "Smallest and largest BatchShift B over the layer's non-constant channels"));
        table.getColumns().add(col("B bits", ShiftRow::bitWidth, 76, "Two's-complement bits that hold every B of the layer (stored as int16)"));
        table.getColumns().add(col("Flipped", ShiftRow::flipped, 90, "Channels with \u03b3 < 0: weights negated so the comparison stays s + B \u2265 0"));
        table.getColumns().add(col("Constant", ShiftRow::constant, 96, "Channels with \u03b3 = 0 (or \u03b1 = 0): the output is always sign(\u03b2)"));
        table.getColumns().add(col("Pools", ShiftRow::pools, 150, "Max pools folded into the block: before BatchNorm as threshold-then-OR (\u03b3 > 0) or AND (\u03b3 < 0); after the sign as OR of bits"));
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(Bindings.size(vm.rows()).multiply(28).add(44));
        table.minHeightProperty().bind(table.prefHeightProperty());
        table.maxHeightProperty().bind(table.prefHeightProperty());

        Label hint = new Label("Not fused yet. Press Fuse to compute every layer's BatchShift; this takes a few seconds.");
        hint.setId("batchshift-not-fused");
        hint.setGraphic(new FontIcon(MaterialDesignC.CALL_MERGE));
        hint.setWrapText(true);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setStyle(callout("accent"));
        hint.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.NOT_FUSED));
        hint.managedProperty().bind(hint.visibleProperty());
        table.visibleProperty().bind(vm.phaseProperty().isEqualTo(Phase.FUSED));
        table.managedProperty().bind(table.visibleProperty());

        Label saved = new Label();
        saved.setId("batchshift-saved");
        saved.getStyleClass().add("text-muted");
        saved.textProperty().bind(Bindings.createStringBinding(() -> {
            Path p = vm.savedFileProperty().get();
            var s = vm.summaryProperty().get();
            return p == null || s == null ? "" : String.format(java.util.Locale.ROOT, "Saved to %s (%,d bytes).", p, s.fileBytes());
        }, vm.savedFileProperty(), vm.summaryProperty()));
        saved.visibleProperty().bind(vm.savedFileProperty().isNotNull());
        saved.managedProperty().bind(saved.visibleProperty());
        return new VBox(8, Ui.panelTitle("Shifts per layer"), hint, table, saved);
    }

    private Node verificationSection(BooleanProperty darkTheme) {
        Label verdict = new Label();
        verdict.setId("batchshift-verdict");
        verdict.setWrapText(true);
        verdict.getStyleClass().add("text-bold");
        Label agreement = new Label();
        agreement.setId("batchshift-agreement");
        agreement.setWrapText(true);
        Label data = new Label();
        data.getStyleClass().add("text-muted");
        data.setWrapText(true);
        MismatchHeatMapCanvas heat = new MismatchHeatMapCanvas();
        heat.setId("batchshift-heatmap");
        Exports.figure(heat, "Mismatch heat map");
        heat.mapProperty().bind(vm.heatMapProperty());
        heat.darkProperty().bind(darkTheme);
        Label hover = new Label(" ");
        hover.setId("batchshift-cell");
        hover.getStyleClass().add("text-muted");
        hover.textProperty().bind(Bindings.createStringBinding(() -> heat.hoveredProperty().get() == null
                ? "Hover a cell to see its channel's counts." : heat.hoveredProperty().get().describe(), heat.hoveredProperty()));
        vm.reportProperty().addListener((o, a, r) -> show(r, verdict, agreement, data));
        show(vm.reportProperty().get(), verdict, agreement, data);
        VBox results = new VBox(8, verdict, agreement, data, heat, hover);
        results.visibleProperty().bind(vm.reportProperty().isNotNull());
        results.managedProperty().bind(results.visibleProperty());

        Label hint = new Label("Not verified yet. After fusing, press Verify: both networks run on the test images and "
                + "every activation bit of every fused layer is compared with the float network's sign output.");
        hint.setId("batchshift-not-verified");
        hint.setWrapText(true);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setGraphic(new FontIcon(MaterialDesignC.CHECK_DECAGRAM_OUTLINE));
        hint.setStyle(callout("neutral"));
        hint.visibleProperty().bind(vm.reportProperty().isNull());
        hint.managedProperty().bind(hint.visibleProperty());
        return new VBox(8, Ui.panelTitle("Verification: fused vs float"), hint, results);
    }

    private void show(VerificationReport r, Label verdict, Label agreement, Label data) {
        verdict.getStyleClass().removeAll("success", "warning", "danger");
        if (r == null) {
            verdict.setText("");
            agreement.setText("");
            data.setText("");
            verdict.setGraphic(null);
            return;
        }
        verdict.setText(vm.verdictText());
        switch (r.verdict()) {
            case EQUAL -> {
                verdict.getStyleClass().add("success");
                verdict.setGraphic(new FontIcon(MaterialDesignC.CHECK_CIRCLE_OUTLINE));
            }
            case EQUAL_UP_TO_TIES -> {
                verdict.getStyleClass().add("warning");
                verdict.setGraphic(new FontIcon(MaterialDesignA.APPROXIMATELY_EQUAL));
            }
            case DIFFERENT -> {
                verdict.getStyleClass().add("danger");
                verdict.setGraphic(new FontIcon(MaterialDesignA.ALERT_OCTAGON_OUTLINE));
            }
        }
        agreement.setText(vm.agreementText());
        data.setTooltip(Ui.tooltip("A mismatch counts as a tie when " + r.tieDefinition()));
        long ties = r.layers().stream().mapToLong(l -> l.ties()).sum();
        long near = r.layers().stream().mapToLong(l -> l.nearTies()).sum();
        data.setText("Data: " + r.data() + ". " + String.format(java.util.Locale.ROOT,
                "%,d float pre-sign value%s lay within float32 rounding of 0 (near ties); %,d of them flipped a bit.", near,
                near == 1 ? "" : "s", ties)
                + (r.outputScoreMismatches() == 0 ? "" : String.format(java.util.Locale.ROOT,
                " Class scores not bit-identical on %,d images.", r.outputScoreMismatches())));
    }

    private static TableColumn<ShiftRow, String> col(String title, Function<ShiftRow, String> value, double width, String help) {
        TableColumn<ShiftRow, String> c = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(Ui.tooltip(help));
        c.setGraphic(header);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width); // a narrow window scrolls the table instead of cutting its headers and values
        c.setSortable(false);
        return c;
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.BATCHSHIFT;
    }

    @Override
    public Parent root() {
        return root;
    }
}
