package dev.bitflow.app.view.batchshift;

import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.batchshift.BatchShiftViewModel;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.fusion.FusedLayerSummary;
import dev.bitflow.engine.api.fusion.FusionProblem;
import dev.bitflow.engine.api.fusion.LayerAgreement;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * BatchShift: fuse the trained model with one action, the per-layer table of shifts, verify fused against
 * float with a per-layer, per-channel mismatch heat map and the prediction agreement, save the fused model.
 */
public final class BatchShiftView implements PageView {
    private final BorderPane root = new BorderPane();

    public BatchShiftView(BatchShiftViewModel vm, BooleanProperty darkTheme, Supplier<Window> owner) {
        root.setId("batchshift-view");
        Button open = new Button("Open model\u2026", new FontIcon(MaterialDesignF.FOLDER_OPEN_OUTLINE));
        open.setId("batchshift-open");
        open.setTooltip(Ui.tooltip("Use a trained model file (.bfm) instead of the last training run"));
        open.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Open trained model");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("BitFlow models (*.bfm)", "*.bfm"));
            var f = c.showOpenDialog(owner.get());
            if (f != null) {
                vm.openModel(f.toPath());
            }
        });
        Button fuse = new Button("Fuse", new FontIcon(MaterialDesignC.CALL_MERGE));
        fuse.setId("batchshift-fuse");
        fuse.getStyleClass().add("accent");
        fuse.setTooltip(Ui.tooltip("Fold SF + BatchNorm + sign of every binary layer into one integer addition per channel"));
        fuse.setOnAction(e -> vm.fuse());
        Button verify = new Button("Verify", new FontIcon(MaterialDesignS.SHIELD_CHECK_OUTLINE));
        verify.setId("batchshift-verify");
        verify.setTooltip(Ui.tooltip("Run the fused bit-level network and the float path on test images and compare every bit"));
        verify.setOnAction(e -> vm.verify());
        Button save = new Button("Save fused\u2026", new FontIcon(MaterialDesignC.CONTENT_SAVE_OUTLINE));
        save.setId("batchshift-save");
        save.setOnAction(e -> {
            FileChooser c = new FileChooser();
            c.setTitle("Save fused model");
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter("BitFlow fused models (*.bff)", "*.bff"));
            c.setInitialFileName(vm.modelProperty().get().definition().name() + ".bff");
            var f = c.showSaveDialog(owner.get());
            if (f != null) {
                vm.saveFused(f.toPath());
            }
        });
        var noModel = vm.modelProperty().isNull().or(vm.busyProperty());
        fuse.disableProperty().bind(noModel);
        verify.disableProperty().bind(noModel);
        save.disableProperty().bind(noModel);
        open.disableProperty().bind(vm.busyProperty());
        HBox actions = new HBox(6, open, fuse, verify, save);
        actions.setAlignment(Pos.CENTER_RIGHT);
        root.setTop(Ui.header(WorkbenchPage.BATCHSHIFT.title(), WorkbenchPage.BATCHSHIFT.description(), actions));

        Label status = new Label();
        status.setId("batchshift-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        Label model = new Label();
        model.textProperty().bind(Bindings.createStringBinding(() -> vm.modelProperty().get() == null ? ""
                : "Model: " + vm.modelProperty().get().definition().name(), vm.modelProperty()));
        model.getStyleClass().add(Assets.LAYER_NAME);

        VBox problems = new VBox(2);
        problems.setId("batchshift-problems");
        Runnable showProblems = () -> {
            problems.getChildren().clear();
            for (FusionProblem p : vm.problems()) {
                Label l = new Label(p.toString(), new FontIcon(org.kordamp.ikonli.materialdesign2.MaterialDesignA.ALERT_OUTLINE));
                l.getStyleClass().add(Assets.ISSUE_WARNING);
                l.setWrapText(true);
                problems.getChildren().add(l);
            }
        };
        vm.problems().addListener((ListChangeListener<FusionProblem>) c -> showProblems.run());
        showProblems.run();

        TableView<FusedLayerSummary> shifts = new TableView<>(vm.shiftRows());
        shifts.setId("batchshift-table");
        shifts.getStyleClass().addAll("dense", "striped");
        shifts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        shifts.getColumns().add(col("Layer", FusedLayerSummary::name, 90));
        shifts.getColumns().add(col("Kind", FusedLayerSummary::kind, 70));
        shifts.getColumns().add(col("Channels", r -> Integer.toString(r.channels()), 76));
        shifts.getColumns().add(col("K (fan-in)", r -> Integer.toString(r.dotLength()), 80));
        shifts.getColumns().add(col("B range", r -> r.kind().equals("binary") ? r.minShift() + " \u2026 " + r.maxShift() : "", 110));
        shifts.getColumns().add(col("Bit width", r -> r.bitWidth() == 0 ? "" : Integer.toString(r.bitWidth()), 70));
        shifts.getColumns().add(col("Flipped (\u03b3<0)", r -> Integer.toString(r.flipped()), 100));
        shifts.getColumns().add(col("Constant", r -> Integer.toString(r.constant()), 76));
        shifts.getColumns().add(col("Pools (AND / OR)", r -> r.andPools() + " / " + r.orPools(), 110));
        shifts.setPlaceholder(new Label("Press Fuse to compute the shifts"));

        TableView<LayerAgreement> agreement = new TableView<>(vm.agreementRows());
        agreement.setId("batchshift-agreement");
        agreement.getStyleClass().addAll("dense", "striped");
        agreement.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        agreement.getColumns().add(lcol("Layer", LayerAgreement::name, 90));
        agreement.getColumns().add(lcol("Bits", r -> String.format(Locale.ROOT, "%,d", r.bits()), 110));
        agreement.getColumns().add(lcol("Agreement", r -> String.format(Locale.ROOT, "%.5f%%", 100 * r.bitAgreement()), 100));
        agreement.getColumns().add(lcol("Mismatches", r -> Long.toString(r.mismatches()), 90));
        agreement.getColumns().add(lcol("Ties", r -> Long.toString(r.ties()), 60));
        agreement.getColumns().add(lcol("Outside ties", r -> Long.toString(r.mismatchesOutsideTies()), 90));
        agreement.setPlaceholder(new Label("Press Verify to compare the fused network with the float path"));

        MismatchHeatMap heat = new MismatchHeatMap();
        heat.setId("batchshift-heatmap");
        heat.setPrefHeight(140);
        vm.reportProperty().addListener((o, a, r) -> heat.set(r == null ? java.util.List.of()
                : r.layers().stream().map(LayerAgreement::name).toList(),
                r == null ? new double[0][] : BatchShiftViewModel.mismatchMap(r), darkTheme.get()));
        darkTheme.addListener((o, a, d) -> heat.setDark(d));

        VBox content = new VBox(8, new HBox(12, model, status), problems, Ui.panelTitle("Shifts per layer"), shifts,
                Ui.panelTitle("Fused vs float"), agreement, Ui.panelTitle("Mismatching bits per layer and channel (green: all agree)"), heat);
        VBox.setVgrow(shifts, Priority.ALWAYS);
        VBox.setVgrow(agreement, Priority.ALWAYS);
        content.setPadding(new Insets(12, 16, 12, 16));
        var empty = Ui.emptyState(MaterialDesignC.CALL_MERGE, "No trained model yet",
                "Train the definition in the Training view (or open a .bfm file), then fuse it here: SF, BatchNorm and "
                        + "sign of every binary layer become one integer addition B per channel, and Verify proves "
                        + "the fused bit-level network gives the same bits as the float one.");
        empty.visibleProperty().bind(vm.modelProperty().isNull());
        content.visibleProperty().bind(vm.modelProperty().isNotNull());
        VBox emptyWithProblems = new VBox(empty);
        root.setCenter(new StackPane(content, emptyWithProblems));
        emptyWithProblems.visibleProperty().bind(vm.modelProperty().isNull());
        emptyWithProblems.setMouseTransparent(false);
    }

    private static TableColumn<FusedLayerSummary, String> col(String t, Function<FusedLayerSummary, String> f, double w) {
        TableColumn<FusedLayerSummary, String> c = new TableColumn<>(t);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    private static TableColumn<LayerAgreement, String> lcol(String t, Function<LayerAgreement, String> f, double w) {
        TableColumn<LayerAgreement, String> c = new TableColumn<>(t);
        c.setCellValueFactory(d -> new SimpleStringProperty(f.apply(d.getValue())));
        c.setPrefWidth(w);
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
