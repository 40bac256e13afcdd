package dev.bitflow.app.view.inspector;

import dev.bitflow.app.view.ModelBar;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.inspector.ActivationsViewModel;
import dev.bitflow.app.viewmodel.inspector.InspectorViewModel;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.Shape;
import dev.bitflow.engine.api.ledger.LayerLedger;
import dev.bitflow.engine.api.ledger.Ledger;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;

/**
 * The bit-flow inspector: headline figures, the bit-flow diagram, and the ledger table, as defined or after
 * BatchShift fusion. With no ledger (no layers, shape errors) it says why instead.
 */
public final class InspectorView implements PageView {
    private final InspectorViewModel vm;
    private final BorderPane root = new BorderPane();

    public InspectorView(InspectorViewModel vm, ActivationsViewModel activations, ModelBar models,
                         BooleanProperty darkTheme) {
        this.vm = vm;
        root.setId("inspector-view");
        ToggleGroup mode = new ToggleGroup();
        ToggleButton defined = new ToggleButton("As defined");
        defined.setId("ledger-unfused");
        defined.setTooltip(Ui.tooltip("Operations and per-channel parameters of the network as defined: SF, BatchNorm and sign separately"));
        ToggleButton fused = new ToggleButton("After BatchShift fusion");
        fused.setId("ledger-fused");
        fused.setTooltip(Ui.tooltip("SF + BatchNorm + sign of each binary layer folded into one integer addition per channel"));
        defined.setToggleGroup(mode);
        fused.setToggleGroup(mode);
        defined.getStyleClass().add("left-pill");
        fused.getStyleClass().add("right-pill");
        defined.setSelected(!vm.fusedProperty().get());
        fused.setSelected(vm.fusedProperty().get());
        mode.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                vm.fusedProperty().set(b == fused);
            }
        });
        vm.fusedProperty().addListener((o, a, on) -> (on ? fused : defined).setSelected(true));
        HBox ledgerMode = new HBox(defined, fused);
        root.setTop(Ui.header(WorkbenchPage.INSPECTOR.title(), WorkbenchPage.INSPECTOR.description(), ledgerMode));

        FlowPane cards = new FlowPane(10, 10);
        cards.setId("ledger-metrics");
        BitFlowDiagram diagram = new BitFlowDiagram();
        Exports.figure(diagram, "Bit-flow lanes");
        diagram.setId("bitflow-diagram");
        diagram.ledgerProperty().bind(vm.ledgerProperty());
        diagram.darkProperty().bind(darkTheme);
        TableView<LayerLedger> table = table();
        Label notes = new Label();
        notes.setWrapText(true);
        notes.getStyleClass().add(Assets.VIEW_SUBTITLE);
        vm.ledgerProperty().addListener((o, a, l) -> {
            cards.getChildren().clear();
            if (l != null) {
                for (var m : InspectorViewModel.metrics(l.totals())) {
                    cards.getChildren().add(card(m));
                }
                notes.setText(String.join("  ", l.notes()));
            }
            notes.setVisible(l != null && !l.notes().isEmpty());
            notes.setManaged(notes.isVisible());
        });
        SplitPane split = new SplitPane(diagram, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        VBox content = new VBox(10, cards, split, notes);
        content.setPadding(new javafx.geometry.Insets(12, 16, 12, 16));
        VBox.setVgrow(split, javafx.scene.layout.Priority.ALWAYS);

        var empty = Ui.emptyState(MaterialDesignM.MAGNIFY_SCAN, "No ledger to show", "");
        ((Label) empty.getChildren().get(2)).textProperty().bind(vm.problemProperty());
        StackPane center = new StackPane(content, empty);
        empty.visibleProperty().bind(vm.ledgerProperty().isNull());
        content.visibleProperty().bind(vm.ledgerProperty().isNotNull());
        Tab ledgerTab = new Tab("Ledger & bit-flow", center);
        ledgerTab.setId("inspector-ledger-tab");
        ActivationsPane pane = new ActivationsPane(activations, models, darkTheme);
        Tab activationsTab = new Tab("Activations", pane.root());
        activationsTab.setId("inspector-activations-tab");
        TabPane tabs = new TabPane(ledgerTab, activationsTab);
        tabs.setId("inspector-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        if (activations.selectedProperty().get()) {
            tabs.getSelectionModel().select(activationsTab);
        }
        activationsTab.selectedProperty().addListener((o, a, on) -> activations.selectedProperty().set(on));
        activations.selectedProperty().addListener((o, a, on) ->
                tabs.getSelectionModel().select(on ? activationsTab : ledgerTab));
        activations.activeProperty().bind(activations.selectedProperty().and(root.sceneProperty().isNotNull()));
        ledgerMode.visibleProperty().bind(activations.selectedProperty().not());
        root.setCenter(tabs);
        if (vm.ledgerProperty().get() != null) {
            Ledger l = vm.ledgerProperty().get();
            InspectorViewModel.metrics(l.totals()).forEach(m -> cards.getChildren().add(card(m)));
        }
    }

    private static VBox card(InspectorViewModel.Metric m) {
        Label value = new Label(m.value());
        value.getStyleClass().add(Assets.METRIC_VALUE);
        Label label = new Label(m.label());
        label.getStyleClass().add(Assets.METRIC_LABEL);
        VBox box = new VBox(2, value, label);
        box.getStyleClass().add(Assets.METRIC_CARD);
        javafx.scene.control.Tooltip.install(box, Ui.tooltip(m.help()));
        return box;
    }

    private TableView<LayerLedger> table() {
        TableView<LayerLedger> t = new TableView<>(vm.rows());
        t.setId("ledger-table");
        Exports.table(t, "Ledger");
        t.getStyleClass().addAll("dense", "striped");
        t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        t.getColumns().add(col("#", r -> Integer.toString(r.index() + 1), 36));
        t.getColumns().add(col("Layer", LayerLedger::name, 90));
        t.getColumns().add(col("Type", r -> r.type().jsonName(), 86));
        t.getColumns().add(col("Region", r -> r.region().name().toLowerCase(java.util.Locale.ROOT), 70));
        t.getColumns().add(col("Input", r -> shape(r.input()), 80));
        t.getColumns().add(col("Output", r -> shape(r.output()), 80));
        t.getColumns().add(col("Weights", r -> precision(r.weightPrecision()), 84));
        t.getColumns().add(col("In \u2192 out", r -> precision(r.inputPrecision()) + " \u2192 " + precision(r.outputPrecision()), 96));
        t.getColumns().add(num("Params", LayerLedger::params));
        t.getColumns().add(num("Weight bits", LayerLedger::weightBits));
        t.getColumns().add(num("Channel bits", LayerLedger::channelParamBits));
        t.getColumns().add(num("Act. bits", LayerLedger::activationBits));
        t.getColumns().add(num("Float MACs", LayerLedger::floatMacs));
        t.getColumns().add(num("Binary MACs", LayerLedger::binaryMacs));
        t.getColumns().add(num("Float mult.", LayerLedger::floatMultiplications));
        t.getColumns().add(num("Int ops", LayerLedger::intOps));
        t.getColumns().add(col("B bits", r -> r.batchShiftMinBits() == 0 ? "" : Integer.toString(r.batchShiftMinBits()), 56));
        t.getColumns().add(col("Fused into", r -> r.fusedInto() == null ? "" : r.fusedInto(), 84));
        t.setPlaceholder(new Label("No layers"));
        return t;
    }

    private static String shape(Shape s) {
        return s == null ? "?" : s.toString();
    }

    private static String precision(Precision p) {
        return p == null ? "" : p == Precision.BINARY ? "1 bit" : "fp32";
    }

    private static TableColumn<LayerLedger, String> col(String title, Function<LayerLedger, String> value, double width) {
        TableColumn<LayerLedger, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleObjectProperty<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static TableColumn<LayerLedger, String> num(String title, Function<LayerLedger, Long> value) {
        TableColumn<LayerLedger, String> c = col(title, r -> String.format(java.util.Locale.ROOT, "%,d", value.apply(r)), 108);
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        return c;
    }

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.INSPECTOR;
    }

    @Override
    public Parent root() {
        return root;
    }
}
