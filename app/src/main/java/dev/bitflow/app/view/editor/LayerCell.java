package dev.bitflow.app.view.editor;

import dev.bitflow.app.view.Icons;
import dev.bitflow.app.viewmodel.editor.EditorViewModel;
import dev.bitflow.app.viewmodel.editor.LayerRow;
import dev.bitflow.assets.Assets;
import dev.bitflow.engine.api.definition.Conv2dSpec;
import dev.bitflow.engine.api.definition.DenseSpec;
import dev.bitflow.engine.api.definition.Precision;
import dev.bitflow.engine.api.definition.SignSpec;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One layer in the network list: icon, name, type, precision badge, shapes, summary and issues inline. */
final class LayerCell extends ListCell<LayerRow> {
    private final EditorViewModel vm;
    private VBox box;
    private HBox line1;
    private Label shape;

    LayerCell(EditorViewModel vm) {
        this.vm = vm;
        widthProperty().addListener((o, a, w) -> {
            if (box != null) {
                placeShape(box, line1, shape, w.doubleValue());
            }
        });
        getStyleClass().add(Assets.LAYER_CELL);
        setOnDragDetected(e -> {
            if (getItem() == null) {
                return;
            }
            Dragboard db = startDragAndDrop(TransferMode.MOVE);
            ClipboardContent c = new ClipboardContent();
            c.putString(EditorView.LAYER_DRAG + getIndex());
            db.setContent(c);
            e.consume();
        });
        setOnDragOver(e -> {
            if (e.getDragboard().hasString()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                if (!getStyleClass().contains(Assets.DROP_TARGET)) {
                    getStyleClass().add(Assets.DROP_TARGET);
                }
            }
            e.consume();
        });
        setOnDragExited(e -> getStyleClass().remove(Assets.DROP_TARGET));
        setOnDragDropped(e -> {
            int at = getItem() == null ? vm.rows().size() : getIndex();
            boolean ok = EditorView.drop(vm, e.getDragboard().getString(), at);
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    @Override
    protected void updateItem(LayerRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            box = null;
            setGraphic(null);
            setText(null);
            return;
        }
        Label index = new Label(Integer.toString(row.index() + 1));
        index.getStyleClass().add(Assets.LAYER_TYPE);
        index.setMinWidth(22);
        Label name = new Label(row.spec().name(), Icons.icon(Icons.of(row.kind()), 18));
        name.getStyleClass().add(Assets.LAYER_NAME);
        name.setGraphicTextGap(8);
        name.setMinWidth(Region.USE_PREF_SIZE); // names and badges never collapse to "..."
        Label type = new Label(row.spec().type().jsonName());
        type.getStyleClass().add(Assets.LAYER_TYPE);
        type.setMinWidth(Region.USE_PREF_SIZE);
        HBox line1 = new HBox(8, index, name, type);
        line1.setAlignment(Pos.CENTER_LEFT);
        Label badge = badge(row);
        if (badge != null) {
            badge.setMinWidth(Region.USE_PREF_SIZE);
            line1.getChildren().add(badge);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label shape = new Label(row.shapeText());
        shape.getStyleClass().add(Assets.LAYER_SHAPE);
        shape.setMinWidth(Region.USE_PREF_SIZE);
        line1.getChildren().addAll(grow, shape);

        Label summary = new Label(row.summary());
        summary.getStyleClass().add(Assets.LAYER_SUMMARY);
        summary.setWrapText(true);
        summary.setPadding(new javafx.geometry.Insets(0, 0, 0, 56));
        // Wraps at the cell's width instead of ending in "...".
        // (Before the cell has a width, the label keeps its own preferred width.)
        summary.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> getWidth() > 80
                ? getWidth() - 28 : Region.USE_COMPUTED_SIZE, widthProperty()));
        summary.setMinHeight(Region.USE_PREF_SIZE);
        VBox box = new VBox(2, line1, summary);
        // In a narrow list the shapes move under the name instead of squeezing it.
        this.box = box;
        this.line1 = line1;
        this.shape = shape;
        placeShape(box, line1, shape, getWidth());
        for (var issue : row.issues()) {
            Label l = IssueLabel.of(issue);
            l.setPadding(new javafx.geometry.Insets(0, 0, 0, 54));
            l.setWrapText(true);
            // A long check message wraps at the cell's width like the summary, instead of ending in "...".
            l.prefWidthProperty().bind(summary.prefWidthProperty());
            l.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }
        box.setMaxWidth(Double.MAX_VALUE);
        setText(null);
        setGraphic(box);
        setPrefWidth(0);
        // Measure the first line as CSS styles it (bold name, badge padding): unstyled it looks shorter, and the
        // shapes were put beside it and cut at the row's edge. Done before the list sizes the row.
        if (getScene() != null) {
            box.applyCss();
            placeShape(box, line1, shape, getWidth());
        }
    }

    /** Shapes at the end of the first line when it has room for them, else on a line of their own under it. */
    private static void placeShape(VBox box, HBox line1, Label shape, double width) {
        double needed = 0;
        for (var n : line1.getChildren()) {
            if (n != shape && n instanceof Region r) {
                needed += r.prefWidth(-1) + line1.getSpacing();
            }
        }
        needed += shape.prefWidth(-1) + 40;
        boolean wide = width <= 0 || needed <= width;
        if (wide && shape.getParent() != line1) {
            box.getChildren().remove(shape);
            line1.getChildren().add(shape);
            shape.setPadding(javafx.geometry.Insets.EMPTY);
        } else if (!wide && shape.getParent() == line1) {
            line1.getChildren().remove(shape);
            shape.setPadding(new javafx.geometry.Insets(0, 0, 0, 56));
            box.getChildren().add(1, shape);
        }
    }

    private static Label badge(LayerRow row) {
        Precision p = null;
        if (row.spec() instanceof Conv2dSpec c) {
            p = c.weights();
        } else if (row.spec() instanceof DenseSpec d) {
            p = d.weights();
        } else if (row.spec() instanceof SignSpec) {
            p = Precision.BINARY;
        }
        if (p == null) {
            return null;
        }
        boolean bin = p == Precision.BINARY;
        Label b = new Label(row.spec() instanceof SignSpec ? "\u00b11 out" : bin ? "1-bit W" : "fp32 W");
        b.getStyleClass().addAll(Assets.BADGE, bin ? Assets.BADGE_BINARY : Assets.BADGE_FLOAT);
        return b;
    }
}
