package dev.bitflow.app.view.editor;

import dev.bitflow.app.service.DefinitionCheck;
import dev.bitflow.app.view.Icons;
import dev.bitflow.app.view.PageView;
import dev.bitflow.app.view.Ui;
import dev.bitflow.app.viewmodel.WorkbenchPage;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.editor.LayerKind;
import dev.bitflow.app.viewmodel.editor.LayerRow;
import dev.bitflow.app.viewmodel.editor.NetworkGraphViewModel;
import dev.bitflow.app.view.export.Exports;
import dev.bitflow.assets.Assets;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/**
 * The architecture editor: palette (click to add after the selection, or drag into the list), the network
 * as a list (drag to reorder), the selected layer's property sheet, and the network-level design issues.
 */
public final class EditorView implements PageView {
    static final String PALETTE_DRAG = "bitflow-palette:";
    static final String LAYER_DRAG = "bitflow-layer:";

    private final EditorViewModel vm;
    private final BorderPane root = new BorderPane();
    private final ListView<LayerRow> list = new ListView<>();

    public EditorView(EditorViewModel vm, NetworkGraphViewModel graph) {
        this.vm = vm;
        root.setId("editor-view");
        var header = Ui.header("Architecture", "", toolbar());
        Label subtitle = (Label) ((VBox) header.getChildren().get(0)).getChildren().get(1);
        subtitle.textProperty().bind(vm.titleProperty());
        root.setTop(header);

        Parent palette = palette();
        Parent network = network();
        Parent graphPane = graph(graph);
        Parent sheet = new PropertySheet(vm).root();
        SplitPane split = new SplitPane();
        // In a narrow window (1024 wide) four columns leave the graph a strip too narrow to read: the graph then
        // stacks above the property sheet in the last column, at its full width.
        SplitPane stacked = new SplitPane();
        stacked.setOrientation(javafx.geometry.Orientation.VERTICAL);
        SplitPane.setResizableWithParent(palette, false);
        SplitPane.setResizableWithParent(sheet, false);
        SplitPane.setResizableWithParent(stacked, false);
        boolean[] narrow = {false};
        // The network list and the graph share what the window gains or loses (so the graph, squeezed in a small
        // window, gets its width back when it grows); the palette and the property sheet keep their width (each has
        // a minimum, so a small window cannot squeeze them to nothing).
        Runnable dividers = () -> {
            if (narrow[0]) {
                stacked.setDividerPositions(0.5);
                split.setDividerPositions(0.22, 0.66);
            } else {
                split.setDividerPositions(0.17, 0.52, 0.74);
            }
        };
        Runnable arrange = () -> {
            if (narrow[0]) {
                split.getItems().setAll(palette, network, stacked);
                stacked.getItems().setAll(graphPane, sheet);
            } else {
                stacked.getItems().clear();
                split.getItems().setAll(palette, network, graphPane, sheet);
            }
            dividers.run();
            // Once more after the layout at the new width: the panes that keep their width kept the old one.
            javafx.application.Platform.runLater(dividers);
        };
        arrange.run();
        split.widthProperty().addListener((o, was, width) -> {
            boolean now = width.doubleValue() > 0 && width.doubleValue() < NARROW_WIDTH;
            if (now != narrow[0]) {
                narrow[0] = now;
                arrange.run();
            }
        });
        root.setCenter(split);
    }

    /** Below this width of the editor's panes the graph stacks above the property sheet. */
    private static final double NARROW_WIDTH = 960;

    @Override
    public WorkbenchPage page() {
        return WorkbenchPage.EDITOR;
    }

    @Override
    public Parent root() {
        return root;
    }

    private Parent toolbar() {
        Button undo = Ui.iconButton(MaterialDesignU.UNDO, "Undo (Ctrl+Z)", vm::undo);
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setId("editor-undo");
        Button redo = Ui.iconButton(MaterialDesignR.REDO, "Redo (Ctrl+Y)", vm::redo);
        redo.disableProperty().bind(vm.canRedoProperty().not());
        redo.setId("editor-redo");
        Button up = Ui.iconButton(MaterialDesignA.ARROW_UP, "Move the selected layer up (Alt+Up)",
                () -> vm.moveLayer(vm.selectedIndexProperty().get(), vm.selectedIndexProperty().get() - 1));
        Button down = Ui.iconButton(MaterialDesignA.ARROW_DOWN, "Move the selected layer down (Alt+Down)",
                () -> vm.moveLayer(vm.selectedIndexProperty().get(), vm.selectedIndexProperty().get() + 1));
        Button delete = Ui.iconButton(MaterialDesignD.DELETE_OUTLINE, "Remove the selected layer (Delete)", vm::removeSelected);
        delete.setId("editor-delete");
        var noSelection = vm.selectedIndexProperty().lessThan(0);
        up.disableProperty().bind(noSelection);
        down.disableProperty().bind(noSelection);
        delete.disableProperty().bind(noSelection);
        var box = new javafx.scene.layout.HBox(2, undo, redo, up, down, delete);
        box.setAlignment(Pos.CENTER_RIGHT);
        return box;
    }

    private Parent palette() {
        VBox items = new VBox(4);
        for (LayerKind kind : LayerKind.values()) {
            Button b = new Button(kind.label(), Icons.icon(Icons.of(kind), 16));
            b.getStyleClass().addAll(Assets.PALETTE_ITEM, "flat");
            b.setId("palette-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            b.setTooltip(Ui.tooltip(kind.description() + "\nClick: add after the selected layer. Drag: drop where you want it."));
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            b.setOnAction(e -> {
                vm.addLayerAfterSelection(kind);
                list.requestFocus();
            });
            b.setOnDragDetected(e -> {
                Dragboard db = b.startDragAndDrop(TransferMode.COPY);
                ClipboardContent c = new ClipboardContent();
                c.putString(PALETTE_DRAG + kind.name());
                db.setContent(c);
                e.consume();
            });
            items.getChildren().add(b);
        }
        ScrollPane scroll = new ScrollPane(items);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        VBox box = new VBox(8, Ui.panelTitle("Layer palette"), scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.getStyleClass().add(Assets.PANEL);
        // As wide as its longest entry ("Conv 2D (binary)"), at any zoom: the entries are never cut short.
        box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return box;
    }

    /** The graph beside the list: nodes coloured by precision, shapes on the edges, fused blocks outlined. */
    private Parent graph(NetworkGraphViewModel graph) {
        NetworkGraphCanvas canvas = new NetworkGraphCanvas();
        canvas.setId("network-graph");
        canvas.graphProperty().bind(graph.graphProperty());
        canvas.selectedProperty().bind(vm.selectedIndexProperty());
        canvas.setOnMouseClicked(e -> {
            int i = canvas.layerAt(e.getX(), e.getY());
            if (i >= 0) {
                graph.select(i);
            }
        });
        Exports.figure(canvas, "Network graph");
        ScrollPane scroll = new ScrollPane(canvas);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        javafx.scene.control.CheckBox fused = new javafx.scene.control.CheckBox("Fused");
        fused.setId("network-graph-fused");
        fused.selectedProperty().bindBidirectional(graph.fusedProperty());
        fused.setTooltip(Ui.tooltip("Outline the blocks BatchShift fuses into one step (conv or dense, pools, "
                + "BatchNorm and sign)"));
        Label title = Ui.panelTitle("Graph");
        title.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        fused.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // Title and check box keep their text: in a narrow pane the check box goes under the title.
        javafx.scene.layout.FlowPane header = new javafx.scene.layout.FlowPane(12, 4, title, fused);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setMinWidth(0);
        VBox box = new VBox(8, header, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.getStyleClass().add(Assets.PANEL);
        // The list comes first: the graph gives way when the window is narrow, down to the width of its check box.
        box.minWidthProperty().bind(fused.widthProperty().add(24));
        box.setPrefWidth(250);
        box.setMaxWidth(380);
        return box;
    }

    private Parent network() {
        list.setId("network-list");
        list.setItems(vm.rows());
        list.setCellFactory(l -> new LayerCell(vm));
        list.setPlaceholder(Ui.emptyState(MaterialDesignS.SITEMAP_OUTLINE, "No layers yet",
                "Click a layer in the palette, or drag it here. A BCNN usually starts with a float convolution, "
                        + "then binary blocks of Conv 2D (binary) \u2192 BatchNorm \u2192 Sign, and ends with a float dense layer and softmax."));
        // Selection: list <-> view model, both ways.
        list.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() != vm.selectedIndexProperty().get() && b.intValue() >= 0) {
                vm.selectedIndexProperty().set(b.intValue());
            }
        });
        vm.selectedIndexProperty().addListener((o, a, b) -> selectInList(b.intValue()));
        vm.rows().addListener((ListChangeListener<LayerRow>) c -> selectInList(vm.selectedIndexProperty().get()));
        // Drop on the empty part of the list: append.
        list.setOnDragOver(e -> {
            if (e.getDragboard().hasString()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
            }
        });
        list.setOnDragDropped(e -> {
            e.setDropCompleted(drop(vm, e.getDragboard().getString(), vm.rows().size()));
            e.consume();
        });
        list.setOnKeyPressed(e -> {
            switch (e.getCode()) {
                case ESCAPE -> {
                    // Back to the network's own properties (name, input).
                    if (vm.selectedIndexProperty().get() >= 0) {
                        vm.selectedIndexProperty().set(-1);
                        e.consume();
                    }
                }
                case DELETE, BACK_SPACE -> {
                    // Consumed: the Edit menu's Delete accelerator must not remove a second layer.
                    vm.removeSelected();
                    e.consume();
                }
                case UP -> {
                    if (e.isAltDown()) {
                        vm.moveLayer(vm.selectedIndexProperty().get(), vm.selectedIndexProperty().get() - 1);
                        e.consume();
                    }
                }
                case DOWN -> {
                    if (e.isAltDown()) {
                        vm.moveLayer(vm.selectedIndexProperty().get(), vm.selectedIndexProperty().get() + 1);
                        e.consume();
                    }
                }
                default -> { }
            }
        });

        Label summary = new Label();
        summary.setId("network-summary");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        VBox issues = new VBox(2);
        issues.setId("network-issues");
        Runnable updateIssues = () -> {
            issues.getChildren().clear();
            for (DefinitionCheck.Issue i : vm.networkIssues()) {
                issues.getChildren().add(IssueLabel.of(i));
            }
        };
        vm.networkIssues().addListener((ListChangeListener<DefinitionCheck.Issue>) c -> updateIssues.run());
        updateIssues.run();

        VBox box = new VBox(8, Ui.panelTitle("Network"), summary, list, issues);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.getStyleClass().add(Assets.PANEL);
        box.setMinWidth(300);
        return box;
    }

    private void selectInList(int index) {
        if (index < 0) {
            list.getSelectionModel().clearSelection();
        } else if (list.getSelectionModel().getSelectedIndex() != index) {
            list.getSelectionModel().select(index);
            if (list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
                flow.scrollTo(index); // minimal scroll that makes the row visible
            } else {
                list.scrollTo(index);
            }
        }
    }

    /** Handles a drop of palette or layer content at list position {@code index}. */
    static boolean drop(EditorViewModel vm, String content, int index) {
        if (content == null) {
            return false;
        }
        if (content.startsWith(PALETTE_DRAG)) {
            vm.addLayer(LayerKind.valueOf(content.substring(PALETTE_DRAG.length())), index);
            return true;
        }
        if (content.startsWith(LAYER_DRAG)) {
            int from = Integer.parseInt(content.substring(LAYER_DRAG.length()));
            vm.moveLayer(from, index > from ? index - 1 : index);
            return true;
        }
        return false;
    }
}
