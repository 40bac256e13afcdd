package dev.bitflow.app.view.editor;

import dev.bitflow.app.view.ThemedCanvasPane;
import dev.bitflow.app.viewmodel.editor.NetworkGraph;
import dev.bitflow.app.viewmodel.editor.NetworkGraph.Block;
import dev.bitflow.app.viewmodel.editor.NetworkGraph.Node;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * The network drawn top to bottom as Netron draws a model: a box per layer (blue: binary weights, orange: float
 * weights, grey: no weights; red edge: a design error), an arrow between layers labelled with the shape that flows
 * along it, and dashed outlines around the blocks BatchShift fuses. The selected layer is outlined in the accent
 * colour; a click selects a layer.
 */
public final class NetworkGraphCanvas extends ThemedCanvasPane {
    static final Color BINARY = Color.web("#2f81f7");
    static final Color FLOAT = Color.web("#d4761c");
    static final double TOP = 30;
    static final double BOX_H = 34;
    static final double GAP = 26;
    static final double BOX_W = 170;

    private final ObjectProperty<NetworkGraph> graph = new SimpleObjectProperty<>();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);

    public NetworkGraphCanvas() {
        graph.addListener((o, a, b) -> {
            requestLayout();
            repaint();
        });
        selected.addListener((o, a, b) -> repaint());
        setMinWidth(180);
        // The editor has no theme property of its own: follow the window root's dark style class.
        javafx.collections.ListChangeListener<String> theme = c -> darkProperty().set(
                getScene() != null && getScene().getRoot().getStyleClass().contains(dev.bitflow.assets.Assets.DARK));
        sceneProperty().addListener((o, old, scene) -> {
            if (old != null) {
                old.getRoot().getStyleClass().removeListener(theme);
            }
            if (scene != null) {
                scene.getRoot().getStyleClass().addListener(theme);
                darkProperty().set(scene.getRoot().getStyleClass().contains(dev.bitflow.assets.Assets.DARK));
            }
        });
    }

    public ObjectProperty<NetworkGraph> graphProperty() {
        return graph;
    }

    /** The selected layer's index (-1: none). */
    public IntegerProperty selectedProperty() {
        return selected;
    }

    /** The layer under a point of this pane, or -1. */
    public int layerAt(double screenX, double screenY) {
        NetworkGraph g = graph.get();
        if (g == null) {
            return -1;
        }
        double x = screenX / zoom();
        double y = screenY / zoom();
        double left = left(logicalWidth());
        for (int i = 0; i < g.nodes().size(); i++) {
            double top = TOP + i * (BOX_H + GAP) + GAP;
            if (y >= top && y <= top + BOX_H && x >= left && x <= left + BOX_W) {
                return i;
            }
        }
        return -1;
    }

    @Override
    protected double prefHeightAt(double width) {
        NetworkGraph g = graph.get();
        return g == null ? 100 : TOP + g.nodes().size() * (BOX_H + GAP) + GAP + 12;
    }

    @Override
    protected boolean minHeightIsPref() {
        return true;
    }

    @Override
    protected double prefWidthAt(double height) {
        return 300;
    }

    private static double left(double width) {
        return Math.max(8, Math.min(24, (width - BOX_W) / 2 - 40));
    }

    @Override
    protected void paint(GraphicsContext g, double width, double height) {
        NetworkGraph graph = this.graph.get();
        if (graph == null) {
            return;
        }
        Color fg = dark() ? Color.web("#e6edf3") : Color.web("#1f2328");
        Color muted = dark() ? Color.web("#8d96a0") : Color.web("#59636e");
        Color none = dark() ? Color.web("#30363d") : Color.web("#eaeef2");
        Color line = dark() ? Color.web("#6e7681") : Color.web("#8c959f");
        Color accent = dark() ? Color.web("#4493f8") : Color.web("#0969da");
        double left = left(width);
        double cx = left + BOX_W / 2;
        g.setTextBaseline(VPos.CENTER);

        // Legend: each entry as wide as its text is (measured in the font drawn), so all three fit the narrowest pane.
        Font legendFont = Font.font(10.5);
        g.setFont(legendFont);
        double lx = left;
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        measure.setFont(legendFont);
        for (Object[] e : new Object[][] {{BINARY, "binary"}, {FLOAT, "float"}, {none, "no weights"}}) {
            g.setFill((Color) e[0]);
            g.fillRoundRect(lx, 8, 10, 10, 3, 3);
            g.setFill(muted);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText((String) e[1], lx + 14, 13);
            measure.setText((String) e[1]);
            lx += 14 + Math.ceil(measure.getLayoutBounds().getWidth()) + 12;
        }

        // Fused blocks behind the nodes.
        g.setLineDashes(5, 4);
        for (Block b : graph.blocks()) {
            double y0 = TOP + b.first() * (BOX_H + GAP) + GAP - 7;
            double y1 = TOP + b.last() * (BOX_H + GAP) + GAP + BOX_H + 7;
            g.setStroke(accent);
            g.setLineWidth(1.4);
            g.strokeRoundRect(left - 8, y0, BOX_W + 16, y1 - y0, 10, 10);
            g.setFill(accent);
            g.setFont(Font.font(null, FontWeight.BOLD, 10));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("fused: " + b.name(), left + BOX_W + 14, y0 + 8);
        }
        g.setLineDashes((double[]) null);

        for (int i = 0; i < graph.nodes().size(); i++) {
            Node n = graph.nodes().get(i);
            double top = TOP + i * (BOX_H + GAP) + GAP;
            // The edge into this node, with the shape flowing along it.
            g.setStroke(line);
            g.setLineWidth(1.2);
            g.strokeLine(cx, top - GAP + 2, cx, top - 3);
            g.setFill(line);
            g.fillPolygon(new double[] {cx - 4, cx + 4, cx}, new double[] {top - 8, top - 8, top - 2}, 3);
            var shape = graph.edgeInto(i);
            g.setFill(muted);
            g.setFont(Font.font(10));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(shape == null ? "?" : shape.toString(), cx + 8, top - GAP / 2);
            // The node.
            Color fill = switch (n.precision()) {
                case BINARY -> BINARY;
                case FLOAT -> FLOAT;
                case NONE -> none;
            };
            g.setFill(fill);
            g.fillRoundRect(left, top, BOX_W, BOX_H, 8, 8);
            if (n.errors() || i == selected.get()) {
                g.setStroke(n.errors() ? Color.web("#cf222e") : accent);
                g.setLineWidth(i == selected.get() ? 3 : 2);
                g.strokeRoundRect(left - 1, top - 1, BOX_W + 2, BOX_H + 2, 9, 9);
            }
            Color text = n.precision() == NetworkGraph.Precision.NONE ? fg : Color.WHITE;
            g.setFill(text);
            g.setTextAlign(TextAlignment.CENTER);
            g.setFont(Font.font(null, FontWeight.BOLD, 12));
            g.fillText(n.name(), cx, top + 11);
            g.setFont(Font.font(10));
            g.fillText(n.label(), cx, top + 24);
        }
        // The output edge.
        if (!graph.nodes().isEmpty()) {
            double y = TOP + graph.nodes().size() * (BOX_H + GAP) + GAP - GAP + 2;
            g.setStroke(line);
            g.strokeLine(cx, y, cx, y + 10);
            var out = graph.nodes().get(graph.nodes().size() - 1).output();
            g.setFill(muted);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(out == null ? "?" : out + " out", cx + 8, y + 6);
        }
    }
}
